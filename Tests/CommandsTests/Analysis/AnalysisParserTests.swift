import Domain
import EventStore
import Testing

@testable import Commands

/// AI analysis results (INTAKE.md): the shared fixtures parse to what EXPECTED.md implies,
/// absent fields stay absent, and values outside the documented sets are refused by name.
@Suite struct AnalysisParserTests {
    typealias F = RingCentralTestFixtures

    static func bytes(_ json: String) -> [UInt8] { Array(json.utf8) }

    static let minimalContact =
        #"{"analysisId": "ca-1", "storeId": "5B0F3C1E-8D4A-4C3E-9A1B-2F6D7E8A9B0C", "phone": "(415) 555-0123", "analyzedAt": "2026-03-02T17:15:00Z"}"#

    /// The minimal contact analysis with `member` (a `"key": value` fragment) added.
    static func contact(with member: String) -> [UInt8] {
        bytes(String(minimalContact.dropLast()) + ", " + member + "}")
    }

    @Test func sharedCallAnalysisIsAHumanConversationWithDana() throws {
        let analysis = try AnalysisParser.parseCall(try F.shared("analysis/call-analysis.json"))
        #expect(analysis.analysisId == "pca-2026-03-02-Y3s4Bq9xKf2mPA")
        #expect(analysis.callId == "Y3s4Bq9xKf2mPA")
        #expect(analysis.storeId == "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(analysis.callState == .humanConversation)
        #expect(analysis.callState.isConnected)
        #expect(analysis.firstName == "Dana")
        #expect(analysis.lastName == "Whitfield")
        #expect(analysis.summary?.hasPrefix("Lead asked about the Thursday 6am class") == true)
        #expect(analysis.analyzedAt == F.time("2026-03-02T17:09:30Z"))
    }

    @Test func sharedContactAnalysisIsConnectedHighIntentWithHighPriority() throws {
        let analysis = try AnalysisParser.parseContact(try F.shared("analysis/contact-analysis.json"))
        #expect(analysis.phone.e164 == "+14155550123")
        #expect(analysis.storeId == "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(analysis.lifecycleStage == .lead)
        #expect(analysis.lifecycleState == .active)
        #expect(analysis.leadStatus == .connected)
        #expect(analysis.leadObjections == ["price", "schedule"])
        #expect(analysis.leadRejectionReasons == [])
        #expect(analysis.purchaseIntent == .high)
        #expect(analysis.goals == [.init(goal: "lose weight before summer", reason: "Said so on the call.")])
        #expect(analysis.actionNeeded == true)
        #expect(analysis.suggestedActions?.map(\.priority) == [.high, .medium])
        #expect(analysis.suggestedActions?.first?.priorityReason == "Class fills up by Wednesday.")
        #expect(analysis.priority == .high)
        #expect(analysis.hasOpenComplaint == false)
        #expect(analysis.doNotContact == false)
        #expect(analysis.analyzedAt == F.time("2026-03-02T17:15:00Z"))
    }

    @Test func eitherKindIsToldApartByItsKey() throws {
        #expect(
            try AnalysisParser.parse(try F.shared("analysis/call-analysis.json"))
                == .call(AnalysisParser.parseCall(try F.shared("analysis/call-analysis.json"))))
        #expect(
            try AnalysisParser.parse(try F.shared("analysis/contact-analysis.json"))
                == .contact(AnalysisParser.parseContact(try F.shared("analysis/contact-analysis.json"))))
        #expect(throws: IntakeError.invalid("", "has neither callId (call analysis) nor phone (contact analysis)")) {
            try AnalysisParser.parse(Self.bytes(#"{"analysisId": "x"}"#))
        }
    }

    @Test func absentAndNullFieldsStayAbsent() throws {
        let analysis = try AnalysisParser.parseContact(Self.contact(with: #""leadStatus": null, "goals": null"#))
        #expect(analysis.phone.e164 == "+14155550123")
        #expect(analysis.storeId == "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(analysis.lifecycleStage == nil && analysis.lifecycleState == nil && analysis.leadStatus == nil)
        #expect(analysis.leadObjections == nil && analysis.goals == nil && analysis.suggestedActions == nil)
        #expect(analysis.actionNeeded == nil && analysis.hasOpenComplaint == nil && analysis.doNotContact == nil)
        #expect(analysis.customerSummary == nil && analysis.priority == nil)
        let call = try AnalysisParser.parseCall(
            Self.bytes(
                #"{"analysisId": "a", "callId": "c", "callState": "voicemail", "analyzedAt": "2026-03-02T17:15:00Z", "firstName": "  "}"#))
        #expect(call.storeId == nil && call.firstName == nil && call.lastName == nil && call.summary == nil)
    }

    @Test func enumValuesMatchIgnoringCaseAndSeparators() throws {
        let analysis = try AnalysisParser.parseContact(
            Self.contact(with: #""leadStatus": "Bad Timing", "purchaseIntent": "LOW", "lifecycleStage": " member ""#))
        #expect(analysis.leadStatus == .badTiming)
        #expect(analysis.purchaseIntent == .low)
        #expect(analysis.lifecycleStage == .member)
        let call = try AnalysisParser.parseCall(
            Self.bytes(#"{"analysisId": "a", "callId": "c", "callState": "No-Answer", "analyzedAt": "2026-03-02T17:15:00Z"}"#))
        #expect(call.callState == .noAnswer)
    }

    @Test(arguments: [
        (#""lifecycleStage": "prospect""#, "lifecycleStage", "lead, member, churned, unknown"),
        (#""lifecycleState": "paused""#, "lifecycleState", "active, frozen, terminal"),
        (#""leadStatus": "warm""#, "leadStatus", "bad_timing"),
        (#""purchaseIntent": "very high""#, "purchaseIntent", "high, medium, low"),
        (#""suggestedActions": [{"action": "Call", "priority": "urgent"}]"#, "suggestedActions[0].priority", "high, medium, low"),
        (#""suggestedActions": [{"action": "Call", "priority": "high"}, {"priority": "low"}]"#, "suggestedActions[1].action", "required"),
        (#""suggestedActions": [{"action": " ", "priority": "high"}]"#, "suggestedActions[0].action", "blank"),
        (#""leadStatus": 3"#, "leadStatus", "must be a string"),
        (#""actionNeeded": "yes""#, "actionNeeded", "must be a boolean"),
        (#""doNotContact": 1"#, "doNotContact", "must be a boolean"),
        (#""leadObjections": "price""#, "leadObjections", "must be an array"),
        (#""leadRejectionReasons": [1]"#, "leadRejectionReasons[0]", "must be a string"),
        (#""goals": [{"reason": "x"}]"#, "goals[0].goal", "required"),
        (#""goals": [7]"#, "goals[0]", "must be an object"),
        (#""hasOpenComplaint": null, "customerSummary": {}"#, "customerSummary", "must be a string"),
    ])
    func valueOutsideItsSetIsRefusedNamingTheField(member: String, field: String, reason: String) {
        let error = #expect(throws: IntakeError.self) { try AnalysisParser.parseContact(Self.contact(with: member)) }
        #expect(error?.field == field, "\(member)")
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test(arguments: [
        (
            #"{"storeId": "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", "phone": "+14155550123", "analyzedAt": "2026-03-02T17:15:00Z"}"#,
            "analysisId", IntakeError.Code.missingField
        ),
        (#"{"analysisId": "a", "phone": "+14155550123", "analyzedAt": "2026-03-02T17:15:00Z"}"#, "storeId", .missingField),
        (
            #"{"analysisId": "a", "storeId": "store-1", "phone": "+14155550123", "analyzedAt": "2026-03-02T17:15:00Z"}"#, "storeId",
            .invalidField
        ),
        (
            #"{"analysisId": "a", "storeId": "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", "phone": "555-0123", "analyzedAt": "2026-03-02T17:15:00Z"}"#,
            "phone", .invalidField
        ),
        (#"{"analysisId": "a", "storeId": "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", "phone": "+14155550123"}"#, "analyzedAt", .missingField),
        (
            #"{"analysisId": "a", "storeId": "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", "phone": "+14155550123", "analyzedAt": "March 2"}"#,
            "analyzedAt", .invalidField
        ),
    ])
    func contactAnalysisRequiredFieldsAreChecked(json: String, field: String, code: IntakeError.Code) {
        let error = #expect(throws: IntakeError.self) { try AnalysisParser.parseContact(Self.bytes(json)) }
        #expect(error?.field == field, "\(json)")
        #expect(error?.code == code, "\(json)")
    }

    @Test(arguments: [
        (
            #"{"analysisId": "a", "callId": "c", "callState": "conversation", "analyzedAt": "2026-03-02T17:15:00Z"}"#, "callState",
            "human_conversation, voicemail, no_answer"
        ),
        (#"{"analysisId": "a", "callId": "c", "analyzedAt": "2026-03-02T17:15:00Z"}"#, "callState", "required"),
        (#"{"analysisId": "a", "callState": "voicemail", "analyzedAt": "2026-03-02T17:15:00Z"}"#, "callId", "required"),
        (
            #"{"analysisId": "a", "callId": "c", "storeId": "nope", "callState": "voicemail", "analyzedAt": "2026-03-02T17:15:00Z"}"#,
            "storeId", "not a UUID"
        ),
        (#"{"analysisId": "a", "callId": "c", "callState": "voicemail", "analyzedAt": "2026-03-02T17:15:00"}"#, "analyzedAt", "ISO-8601"),
        (
            #"{"analysisId": "a", "callId": "c", "callState": "voicemail", "analyzedAt": "2026-03-02T17:15:00Z", "firstName": ["Dana"]}"#,
            "firstName", "must be a string"
        ),
    ])
    func callAnalysisFieldsAreChecked(json: String, field: String, reason: String) {
        let error = #expect(throws: IntakeError.self) { try AnalysisParser.parseCall(Self.bytes(json)) }
        #expect(error?.field == field, "\(json)")
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test func goalsMayBeBareStringsAndBlankListEntriesAreDropped() throws {
        let analysis = try AnalysisParser.parseContact(
            Self.contact(
                with:
                    #""goals": ["get stronger", {"goal": "run a 10k", "reason": "signed up for a race"}], "leadObjections": ["price", " ", ""]"#
            ))
        #expect(analysis.goals == [.init(goal: "get stronger", reason: nil), .init(goal: "run a 10k", reason: "signed up for a race")])
        #expect(analysis.leadObjections == ["price"])
    }

    @Test func emptyStringsAndListsAreValuesNotAbsence() throws {
        let analysis = try AnalysisParser.parseContact(
            Self.contact(with: #""customerSummary": "", "suggestedActions": [], "leadObjections": []"#))
        #expect(analysis.customerSummary == "")
        #expect(analysis.suggestedActions == [])
        #expect(analysis.leadObjections == [])
        #expect(analysis.priority == nil)
    }

    @Test func overlongListsAreRefused() {
        let items = Array(repeating: #""x""#, count: AnalysisParser.listCountMax + 1).joined(separator: ",")
        let error = #expect(throws: IntakeError.self) {
            try AnalysisParser.parseContact(Self.contact(with: #""leadObjections": [\#(items)]"#))
        }
        #expect(error?.field == "leadObjections")
    }

    @Test func priorityBadgeIsTheHighestSuggestedPriority() throws {
        let analysis = try AnalysisParser.parseContact(
            Self.contact(with: #""suggestedActions": [{"action": "a", "priority": "low"}, {"action": "b", "priority": "medium"}]"#))
        #expect(analysis.priority == .medium)
    }
}
