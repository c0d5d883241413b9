import Domain
import EventStore
import Testing

@testable import Commands

/// Opt-out and opt-in keywords (PRODUCT.md Flow 5 step 5) and Do-Not-Contact ownership:
/// STOP always records `contact.opted_out`; START/UNSTOP records `contact.opted_in` only when
/// it clears a DNC the system set; the AI may set DNC but never clear a staff or system one.
@Suite struct ConsentHandlerTests {
    typealias H = HandlerHarness

    static let jordanStream = Streams.contact(store: H.mossBeach, phone: H.jordan)

    /// A bare inbound SMS from Jordan to Moss Beach.
    static func inbound(id: String, text: String, at time: String) -> [UInt8] {
        Array(
            """
            {"_client_id": "orangeTheory-193365026", "_account_id": "193365026", "id": "\(id)", "type": "SMS",
             "direction": "Inbound", "from": {"phoneNumber": "+14155550187"},
             "to": [{"phoneNumber": "+16505550142", "target": true}], "creationTime": "\(time)",
             "lastModifiedTime": "\(time)", "subject": "\(text)", "messageStatus": "Received"}
            """.utf8)
    }

    static func contactAnalysis(id: String, doNotContact: Bool) -> [UInt8] {
        Array(
            """
            {"analysisId": "\(id)", "storeId": "\(H.mossBeach)", "phone": "+14155550187",
             "analyzedAt": "2026-03-05T03:00:00Z", "leadStatus": "not_interested", "doNotContact": \(doNotContact)}
            """.utf8)
    }

    func staffDNC(_ h: H, set: Bool, request: String) async throws -> CommandOutcome {
        try await h.handlers.contacts.handle(
            storeId: H.mossBeach.rawValue, phone: H.jordan.e164, action: .doNotContact(set, reason: "asked at the desk"),
            request: StaffRequest(requestId: request, staffUserId: "staff-7"))
    }

    @Test func startAfterAStopClearsTheSystemOptOut() async throws {
        try await H.with { h in
            let stop = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m1", text: "Stop!", at: "2026-03-05T02:00:00Z"))
            #expect(stop.types == [.messageLogged, .contactOptedOut])
            let start = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m2", text: " unstop ", at: "2026-03-06T02:00:00Z"))
            #expect(start.types == [.messageLogged, .contactOptedIn])
            #expect(start.notes.isEmpty)
            let optIn = try h.recorded(at: start.positions[1])
            #expect(optIn.actor == .system)
            #expect(optIn.idempotencyKey == "contact.opted_in:m2")
            guard case .contactOptedIn(let payload) = optIn.payload else { Issue.record(); return }
            #expect(payload.keyword == "UNSTOP")
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == nil)
        }
    }

    @Test func startAfterAStaffDNCLogsTheMessageButRecordsNoOptIn() async throws {
        try await H.with { h in
            _ = try await staffDNC(h, set: true, request: "dnc-1")
            let start = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m2", text: "START", at: "2026-03-06T02:00:00Z"))
            #expect(start.types == [.messageLogged])
            #expect(start.notes.first?.contains("set by staff") == true)
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == .staff)
        }
    }

    @Test func stopOnTopOfAStaffDNCIsRecordedButALaterStartCannotClearTheStaffDNC() async throws {
        try await H.with { h in
            _ = try await staffDNC(h, set: true, request: "dnc-1")
            let stop = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m1", text: "STOP", at: "2026-03-05T02:00:00Z"))
            #expect(stop.types == [.messageLogged, .contactOptedOut])
            let start = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m2", text: "START", at: "2026-03-06T02:00:00Z"))
            #expect(start.types == [.messageLogged])
        }
    }

    @Test func startWithoutAnyDNCRecordsNoOptIn() async throws {
        try await H.with { h in
            let start = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m2", text: "START", at: "2026-03-06T02:00:00Z"))
            #expect(start.types == [.messageLogged])
            #expect(start.notes.first?.contains("no Do-Not-Contact") == true)
        }
    }

    @Test func startDoesNotClearADNCTheAISet() async throws {
        try await H.with { h in
            _ = try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-1", doNotContact: true))
            let start = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m2", text: "START", at: "2026-03-06T02:00:00Z"))
            #expect(start.types == [.messageLogged])
        }
    }

    @Test func redeliveredOptInReturnsBothOriginalPositionsEvenThoughTheDNCIsGoneNow() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m1", text: "STOP", at: "2026-03-05T02:00:00Z"))
            let start = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m2", text: "START", at: "2026-03-06T02:00:00Z"))
            let again = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m2", text: "START", at: "2026-03-06T02:00:00Z"))
            #expect(again.kind == .duplicate(originalPositions: start.positions))
            #expect(again.types == [.messageLogged, .contactOptedIn])
        }
    }

    @Test func aiCannotClearAStaffDNCAndNothingIsAppended() async throws {
        try await H.with { h in
            _ = try await staffDNC(h, set: true, request: "dnc-1")
            let error = await h.refusal { () async throws(CommandError) in
                try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-2", doNotContact: false))
            }
            #expect(error?.code == .unprocessable)
            #expect(error?.field == "doNotContact")
            #expect(error?.reason.contains("staff") == true)
        }
    }

    @Test func aiCannotClearASystemOptOut() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-inbound-stop.json"))
            let error = await h.refusal { () async throws(CommandError) in
                try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-2", doNotContact: false))
            }
            #expect(error?.field == "doNotContact")
            #expect(error?.reason.contains("system") == true)
        }
    }

    @Test func aiMaySetDNCAndClearItsOwn() async throws {
        try await H.with { h in
            let set = try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-1", doNotContact: true))
            let clear = try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-2", doNotContact: false))
            #expect(set.types == [.contactAnalyzed])
            #expect(clear.types == [.contactAnalyzed])
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == nil)
        }
    }

    @Test func aiClearingWhereNoDNCIsInForceIsAccepted() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.analysis.handle(try F.shared("analysis/contact-analysis.json"))
            #expect(outcome.types == [.contactAnalyzed])
        }
    }

    @Test func redeliveredAnalysisStaysADuplicateAfterStaffSetDNC() async throws {
        try await H.with { h in
            let first = try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-2", doNotContact: false))
            _ = try await staffDNC(h, set: true, request: "dnc-1")
            let again = try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-2", doNotContact: false))
            #expect(again.kind == .duplicate(originalPositions: first.positions))
        }
    }

    @Test func staffClearsAnyDNCAndStaffSetWinsOverAnAIOne() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-inbound-stop.json"))
            _ = try await staffDNC(h, set: false, request: "clear-1")
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == nil)
            _ = try await h.handlers.analysis.handle(Self.contactAnalysis(id: "ai-1", doNotContact: true))
            _ = try await staffDNC(h, set: true, request: "dnc-2")
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == .staff)
        }
    }
}
