import Testing

@testable import Commands

/// Authored payloads that must be refused (Fixtures/ringcentral-authored/e*.json, ce*.json):
/// each error names the JSON path of the offending field and says why.
@Suite struct RingCentralErrorTests {
    typealias F = RingCentralTestFixtures

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var code: IntakeError.Code
        var field: String
        /// A fragment the reason must contain.
        var reason: String

        var testDescription: String { file }
    }

    static let messageCases: [Case] = [
        Case(file: "e01-missing-id.json", code: .missingField, field: "body.id", reason: "required"),
        Case(file: "e02-invalid-direction.json", code: .invalidField, field: "body.direction", reason: "Inbound, Outbound"),
        Case(file: "e03-invalid-type-mms.json", code: .invalidField, field: "body.type", reason: "SMS, Pager, VoiceMail, Fax"),
        Case(file: "e04-outbound-invalid-to-number.json", code: .invalidField, field: "to[0].phoneNumber", reason: "short code"),
        Case(file: "e05-inbound-sms-without-from.json", code: .missingField, field: "body.from", reason: "required"),
        Case(file: "e06-creation-time-without-zone.json", code: .invalidField, field: "body.creationTime", reason: "ISO-8601"),
        Case(file: "e07-websocket-three-elements.json", code: .invalidField, field: "", reason: "two-element array"),
        Case(file: "e08-envelope-body-is-string.json", code: .invalidField, field: "body", reason: "must be an object, found a string"),
        Case(file: "e09-client-id-without-brand.json", code: .invalidField, field: "_client_id", reason: "no brand"),
        Case(file: "e10-target-not-boolean.json", code: .invalidField, field: "to[0].target", reason: "must be a boolean"),
        Case(file: "e11-unknown-message-status.json", code: .invalidField, field: "body.messageStatus", reason: "Pending"),
        Case(file: "e12-outbound-sms-empty-to.json", code: .missingField, field: "to", reason: "required"),
        Case(
            file: "e13-websocket-international-from.json", code: .invalidField, field: "[1].body.from.phoneNumber",
            reason: "+44 20 7946 0958"),
        Case(file: "e14-sms-from-without-number.json", code: .missingField, field: "body.from.phoneNumber", reason: "required"),
        Case(file: "e15-creation-time-february-30.json", code: .invalidField, field: "body.creationTime", reason: "2026-02-30"),
    ]

    static let callCases: [Case] = [
        Case(file: "ce01-missing-start-time.json", code: .missingField, field: "startTime", reason: "required"),
        Case(file: "ce02-negative-duration.json", code: .invalidField, field: "duration", reason: "non-negative integer"),
        Case(file: "ce03-invalid-customer-number.json", code: .invalidField, field: "to.phoneNumber", reason: "555-0187"),
        Case(file: "ce04-invalid-direction.json", code: .invalidField, field: "direction", reason: "Internal"),
        Case(file: "ce05-recording-without-id.json", code: .missingField, field: "recording.id", reason: "required"),
        Case(file: "ce06-leg-with-invalid-start-time.json", code: .invalidField, field: "legs[1].startTime", reason: "yesterday"),
        Case(file: "ce07-duration-as-string.json", code: .invalidField, field: "duration", reason: "found a string"),
    ]

    @Test(arguments: messageCases)
    func invalidMessageIsRefusedNamingTheField(_ expected: Case) throws {
        let bytes = try F.authored(expected.file)
        let error = #expect(throws: IntakeError.self) { try RingCentralMessageParser.parse(bytes) }
        #expect(error?.code == expected.code)
        #expect(error?.field == expected.field)
        #expect(error?.reason.contains(expected.reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test(arguments: callCases)
    func invalidCallIsRefusedNamingTheField(_ expected: Case) throws {
        let bytes = try F.authored(expected.file)
        let error = #expect(throws: IntakeError.self) { try RingCentralCallParser.parse(bytes) }
        #expect(error?.code == expected.code)
        #expect(error?.field == expected.field)
        #expect(error?.reason.contains(expected.reason) == true, "\(error?.reason ?? "no error")")
    }

    @Test func everyAuthoredErrorPayloadHasACase() throws {
        let files = try F.jsonFiles(in: "ringcentral-authored").filter { $0.hasPrefix("e") || $0.hasPrefix("ce") }
        #expect(files == (Self.messageCases + Self.callCases).map(\.file).sorted())
    }

    @Test(arguments: [
        ("", IntakeError.Code.malformed, "malformed JSON"),
        ("{\"id\": ", .malformed, "end of input"),
        ("[1, 2]", .invalidField, "must be an object"),
        ("\"SMS\"", .invalidField, "must be a JSON object or a two-element array"),
        ("[{\"type\": \"ClientRequest\"}, {}]", .invalidField, "ServerNotification"),
        ("{\"id\": \"1\", \"id\": \"2\"}", .malformed, "duplicate member name"),
        ("{\"uuid\": \"u-1\"}", .missingField, "required"),
    ])
    func structurallyWrongPayloadsAreRefused(json: String, code: IntakeError.Code, reason: String) {
        let error = #expect(throws: IntakeError.self) { try RingCentralMessageParser.parse(Array(json.utf8)) }
        #expect(error?.code == code, "\(json)")
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "no error") for \(json)")
    }

    @Test func payloadOverOneMebibyteIsTooLarge() {
        let huge = Array("{\"subject\": \"".utf8) + Array(repeating: UInt8(ascii: "a"), count: 1 << 20) + Array("\"}".utf8)
        let error = #expect(throws: IntakeError.self) { try RingCentralMessageParser.parse(huge) }
        #expect(error?.code == .tooLarge)
    }

    @Test func errorDescriptionReadsAsFieldThenReason() {
        let error = IntakeError.invalid("body.to[0].phoneNumber", "is not a valid US/Canada phone number")
        #expect(error.description == "invalid_field: body.to[0].phoneNumber is not a valid US/Canada phone number")
        #expect(IntakeError.missing("body.id").description == "missing_field: body.id is required")
    }
}
