import Domain
import EventStore
import Testing

@testable import Commands

/// The authored call-log payloads (Fixtures/ringcentral-authored/c*.json): every phone
/// spelling, unknown results kept verbatim, extension-only and withheld far sides, the
/// envelope and WebSocket shapes, the detailed view's legs.
@Suite struct RingCentralCallAuthoredTests {
    typealias F = RingCentralTestFixtures

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var direction: Direction
        var customerPhone: String?
        var result: String
        var shape: RingCentralPayloadShape = .bare

        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "c01-inbound-missed-e164.json", direction: .inbound, customerPhone: "+14155550130", result: "Missed"),
        Case(file: "c02-outbound-busy-eleven-digits.json", direction: .outbound, customerPhone: "+14155550131", result: "Busy"),
        Case(
            file: "c03-outbound-hangup-parenthesised-no-space.json", direction: .outbound, customerPhone: "+14155550132", result: "Hang Up"),
        Case(
            file: "c04-unknown-result-kept-verbatim.json", direction: .outbound, customerPhone: "+14155550133", result: "IP Phone Offline"),
        Case(file: "c05-outbound-to-extension-only.json", direction: .outbound, customerPhone: nil, result: "Call connected"),
        Case(file: "c06-inbound-from-extension-only.json", direction: .inbound, customerPhone: nil, result: "Accepted"),
        Case(
            file: "c07-envelope-with-account-in-body.json", direction: .inbound, customerPhone: "+14155550134", result: "Accepted",
            shape: .envelope),
        Case(file: "c08-detailed-view-with-legs.json", direction: .outbound, customerPhone: "+14155550135", result: "Call connected"),
        Case(file: "c09-outbound-dotted-number.json", direction: .outbound, customerPhone: "+14155550136", result: "Voicemail"),
        Case(file: "c10-fax-lowercase-type.json", direction: .inbound, customerPhone: "+16505550191", result: "Received"),
        Case(file: "c11-inbound-withheld-caller.json", direction: .inbound, customerPhone: nil, result: "Missed"),
        Case(file: "c12-websocket-call.json", direction: .outbound, customerPhone: "+14155550137", result: "No Answer", shape: .webSocket),
    ]

    @Test(arguments: cases)
    func authoredCallParsesToItsDocumentedOutcome(_ expected: Case) throws {
        let call = try RingCentralCallParser.parse(try F.authored(expected.file))
        #expect(call.shape == expected.shape)
        #expect(call.direction == expected.direction)
        #expect(call.customerPhone?.e164 == expected.customerPhone)
        #expect(call.result?.rawValue == expected.result)
        #expect(call.accountId == "193365026")
        #expect(call.storePhone?.e164 == "+16505550142" || call.storePhone == nil)
    }

    @Test func everyAuthoredCallPayloadHasACase() throws {
        let files = try F.jsonFiles(in: "ringcentral-authored").filter { $0.hasPrefix("c") && !$0.hasPrefix("ce") }
        #expect(files == Self.cases.map(\.file).sorted())
    }

    @Test func unknownResultIsKeptVerbatimAndMarkedUndocumented() throws {
        let call = try RingCentralCallParser.parse(try F.authored("c04-unknown-result-kept-verbatim.json"))
        #expect(call.result == CallResultValue(rawValue: "IP Phone Offline"))
        #expect(call.result?.isDocumented == false)
        #expect(call.reason == "Internal Error")
        let busy = try RingCentralCallParser.parse(try F.authored("c02-outbound-busy-eleven-digits.json"))
        #expect(busy.result == .busy)
        #expect(busy.result?.isDocumented == true)
    }

    @Test func extensionOnlyFarSideIsRecordedWithoutACustomer() throws {
        let outbound = try RingCentralCallParser.parse(try F.authored("c05-outbound-to-extension-only.json"))
        #expect(outbound.customerPhone == nil)
        #expect(outbound.to?.extensionNumber == "105")
        #expect(outbound.id == "Ca05Ext0000005")
        let inbound = try RingCentralCallParser.parse(try F.authored("c06-inbound-from-extension-only.json"))
        #expect(inbound.customerPhone == nil)
        #expect(inbound.from?.extensionNumber == "101")
        #expect(inbound.storePhone?.e164 == "+16505550142")
    }

    @Test func detailedViewKeepsLegsWithNormalisedNumbers() throws {
        let call = try RingCentralCallParser.parse(try F.authored("c08-detailed-view-with-legs.json"))
        #expect(call.legs.count == 2)
        #expect(call.legs.map(\.legType) == ["SipToPstnMetered", "PstnToSip"])
        #expect(call.legs[1].to?.phone?.e164 == "+14155550135")
        #expect(
            call.legs[1].startTime == Timestamp(microsecondsSinceEpoch: F.time("2026-03-12T17:00:01Z").microsecondsSinceEpoch + 500_000))
        #expect(
            call.recording
                == RingCentralRecording(
                    id: "2771934008",
                    uri: "https://platform.ringcentral.com/restapi/v1.0/account/193365026/recording/2771934008",
                    type: "OnDemand",
                    contentUri: "https://media.ringcentral.com/restapi/v1.0/account/193365026/recording/2771934008/content"))
        #expect(call.telephonySessionId == "s-a0d7b2c4e61f9Z18a0000008")
    }

    @Test func faxCallTypeMatchesIgnoringCaseAndSpacedNumberNormalises() throws {
        let call = try RingCentralCallParser.parse(try F.authored("c10-fax-lowercase-type.json"))
        #expect(call.type == .fax)
        #expect(call.from?.phoneNumber == "+1 650 555 0191")
        #expect(call.action == "Incoming Fax")
    }

    @Test func envelopeCallTakesTheAccountFromTheBodyAndKeepsTheNotification() throws {
        let call = try RingCentralCallParser.parse(try F.authored("c07-envelope-with-account-in-body.json"))
        #expect(call.notification?.event == "/restapi/v1.0/account/~/extension/62841937004/call-log")
        #expect(call.durationSeconds == 300)
        #expect(call.startTime == F.time("2026-03-12T18:00:00Z"))
    }

    @Test func bareCallWithoutInjectedAccountHasNoAccount() throws {
        let json = """
            {"id": "X1", "startTime": "2026-03-12T17:00:00Z", "duration": 5, "direction": "Outbound",
             "to": {"phoneNumber": "+14155550138"}, "from": {"phoneNumber": "+16505550142"}}
            """
        let call = try RingCentralCallParser.parse(Array(json.utf8))
        #expect(call.accountId == nil)
        #expect(call.result == nil)
        #expect(call.type == nil)
        #expect(call.customerPhone?.e164 == "+14155550138")
    }
}
