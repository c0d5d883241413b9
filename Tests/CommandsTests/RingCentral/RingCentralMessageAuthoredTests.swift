import Domain
import EventStore
import Testing

@testable import Commands

/// The authored message payloads (Fixtures/ringcentral-authored/m*.json): every shape, type
/// spelling, customer-side rule, injected-field placement and keyword variant.
@Suite struct RingCentralMessageAuthoredTests {
    typealias F = RingCentralTestFixtures

    /// What one authored payload must parse to.
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var shape: RingCentralPayloadShape = .envelope
        var type: MessageType = .sms
        var direction: Direction = .inbound
        var customer: RingCentralCustomer
        var storePhone: String? = "+16505550142"
        var franchiseId: String? = "orangeTheory"
        var accountId: String? = "193365026"
        var keyword: ConsentKeyword? = nil

        var testDescription: String { file }
    }

    static func phone(_ text: String) -> RingCentralCustomer { .phone(PhoneNumber(text)!) }
    static func optOut(_ word: String) -> ConsentKeyword { ConsentKeyword(intent: .optOut, keyword: word) }
    static func optIn(_ word: String) -> ConsentKeyword { ConsentKeyword(intent: .optIn, keyword: word) }

    static let cases: [Case] = [
        Case(file: "m01-envelope-inbound-sms-full-parties.json", customer: phone("+14155550140")),
        Case(file: "m02-websocket-inbound-sms.json", shape: .webSocket, customer: phone("+14155550141")),
        Case(file: "m03-bare-outbound-target-on-second.json", shape: .bare, direction: .outbound, customer: phone("+14155550151")),
        Case(file: "m04-bare-outbound-no-target-first-wins.json", shape: .bare, direction: .outbound, customer: phone("+14155550152")),
        Case(file: "m05-shortcode-5-digits-inbound.json", customer: .shortCode(ShortCode("22395")!)),
        Case(file: "m06-shortcode-6-digits-outbound.json", shape: .bare, direction: .outbound, customer: .shortCode(ShortCode("447267")!)),
        Case(file: "m07-voicemail-mixed-case-no-to-number.json", type: .voiceMail, customer: phone("+16505550171"), storePhone: nil),
        Case(file: "m08-voicemail-uppercase-anonymous-caller.json", type: .voiceMail, customer: .unknown, storePhone: nil),
        Case(file: "m09-injected-fields-in-body.json", customer: phone("+18135550160"), storePhone: "+18135550177", accountId: "204471833"),
        Case(
            file: "m10-missing-client-id-account-from-owner.json", customer: phone("+14155550161"), franchiseId: nil,
            accountId: "62841937004"),
        Case(
            file: "m11-client-id-brand-with-hyphen.json", customer: phone("+14155550162"), franchiseId: "f45-training", accountId: "55012"),
        Case(file: "m12-keyword-stop-punctuated.json", customer: phone("+14155550163"), keyword: optOut("STOP")),
        Case(file: "m13-keyword-opt-out-two-words.json", customer: phone("+14155550165"), keyword: optOut("OPT OUT")),
        Case(file: "m14-keyword-optout-hyphen-period.json", customer: phone("+14155550166"), keyword: optOut("OPT OUT")),
        Case(file: "m15-keyword-unsubscribe-lowercase-newline.json", customer: phone("+14155550167"), keyword: optOut("UNSUBSCRIBE")),
        Case(file: "m16-keyword-start.json", customer: phone("+14155550187"), keyword: optIn("START")),
        Case(file: "m17-keyword-unstop-quoted.json", customer: phone("+14155550187"), keyword: optIn("UNSTOP")),
        Case(file: "m18-not-keyword-stop-by-tomorrow.json", customer: phone("+14155550168")),
        Case(file: "m19-outbound-stop-is-not-an-opt-out.json", shape: .bare, direction: .outbound, customer: phone("+14155550169")),
        Case(file: "m20-not-keyword-cancel-my-class.json", customer: phone("+14155550170")),
        Case(file: "m21-from-eleven-digits.json", customer: phone("+14155550172")),
        Case(file: "m22-from-parenthesised.json", customer: phone("+14155550173")),
        Case(file: "m23-pager-internal-extensions.json", shape: .bare, type: .pager, customer: .unknown, storePhone: nil),
        Case(
            file: "m24-fax-outbound-lowercase-values.json", shape: .bare, type: .fax, direction: .outbound, customer: phone("+16505550190")),
        Case(file: "m25-websocket-numeric-ids-injected-in-body.json", shape: .webSocket, customer: phone("+14155550174")),
        Case(file: "m26-mms-with-image-attachments.json", customer: phone("+14155550175")),
        Case(file: "m27-times-with-offset-and-no-fraction.json", customer: phone("+14155550176")),
    ]

    @Test(arguments: cases)
    func authoredMessageParsesToItsDocumentedOutcome(_ expected: Case) throws {
        let message = try RingCentralMessageParser.parse(try F.authored(expected.file))
        #expect(message.shape == expected.shape)
        #expect(message.type == expected.type)
        #expect(message.direction == expected.direction)
        #expect(message.customer == expected.customer)
        #expect(message.storePhone?.e164 == expected.storePhone)
        #expect(message.franchiseId == expected.franchiseId)
        #expect(message.accountId == expected.accountId)
        #expect(message.consentKeyword == expected.keyword)
        #expect(message.isShortCode == (message.customerPhone == nil && expected.customer != .unknown))
    }

    @Test func everyAuthoredMessagePayloadHasACase() throws {
        let files = try F.jsonFiles(in: "ringcentral-authored").filter { $0.hasPrefix("m") }
        #expect(files == Self.cases.map(\.file).sorted())
    }

    @Test func numericIdsAndAccountAreReadAsTheirDigits() throws {
        let message = try RingCentralMessageParser.parse(try F.authored("m25-websocket-numeric-ids-injected-in-body.json"))
        #expect(message.id == "1730500000126")
        #expect(message.conversationId == "991200000126")
        #expect(message.notification?.ownerId == "62841937004")
        #expect(message.clientId == "orangeTheory-193365026")
    }

    @Test func offsetTimesConvertToUTCAndFractionsAreOptional() throws {
        let message = try RingCentralMessageParser.parse(try F.authored("m27-times-with-offset-and-no-fraction.json"))
        #expect(message.creationTime == F.time("2026-03-09T15:10:00Z"))
        #expect(
            message.lastModifiedTime == Timestamp(microsecondsSinceEpoch: F.time("2026-03-09T15:10:00Z").microsecondsSinceEpoch + 250_000))
        #expect(message.notification?.timestamp == F.time("2026-03-09T15:10:01Z"))
    }

    @Test func attachmentsAreKeptInOrderWithTheirSizes() throws {
        let message = try RingCentralMessageParser.parse(try F.authored("m26-mms-with-image-attachments.json"))
        #expect(message.attachments.map(\.type) == ["Text", "MmsAttachment", "MmsAttachment"])
        #expect(message.attachments.map(\.sizeBytes) == [18, 184_220, 90_211])
        let voicemail = try RingCentralMessageParser.parse(try F.authored("m07-voicemail-mixed-case-no-to-number.json"))
        #expect(voicemail.attachments.map(\.vmDurationSeconds) == [41, nil])
        #expect(voicemail.to.first?.extensionNumber == "101")
        #expect(voicemail.vmTranscriptionStatus == "Completed")
    }

    @Test func lowercaseStatusValuesReadAsRingCentralSpellings() throws {
        let fax = try RingCentralMessageParser.parse(try F.authored("m24-fax-outbound-lowercase-values.json"))
        #expect(fax.messageStatus == .sent)
        #expect(fax.readStatus == .read)
        #expect(fax.direction.rawValue == "Outbound")
    }

    @Test func partiesKeepNamesLocationsAndTheTargetFlag() throws {
        let message = try RingCentralMessageParser.parse(try F.authored("m03-bare-outbound-target-on-second.json"))
        #expect(message.to.map(\.name) == ["Sam Ortiz", "Riley Ortiz"])
        #expect(message.to.map(\.target) == [nil, true])
        #expect(message.from?.phoneNumber == "+16505550142")
        let full = try RingCentralMessageParser.parse(try F.authored("m01-envelope-inbound-sms-full-parties.json"))
        #expect(full.from == RingCentralMessageParty(phoneNumber: "+14155550140", name: "Priya Natarajan", location: "Half Moon Bay, CA"))
    }

    @Test func rawSpellingOfTheCustomerNumberIsKeptBesideTheNormalisedOne() throws {
        let message = try RingCentralMessageParser.parse(try F.authored("m22-from-parenthesised.json"))
        #expect(message.from?.phoneNumber == "(415) 555-0173")
        #expect(message.customerPhone?.e164 == "+14155550173")
    }
}
