import Domain
import EventStore
import Testing

@testable import Commands

/// Every shared RingCentral message and call fixture parses to what EXPECTED.md implies for
/// the parser's part (the handler and projections do the rest).
@Suite struct RingCentralSharedFixtureTests {
    typealias F = RingCentralTestFixtures

    @Test func inboundEnvelopeSMSIsDanaAtMossBeachWithTheBrandAsFranchise() throws {
        let message = try RingCentralMessageParser.parse(try F.shared("ringcentral/sms-inbound-envelope.json"))
        #expect(message.shape == .envelope)
        #expect(message.id == "1730458812016")
        #expect(message.conversationId == "7876416245344257449")
        #expect(message.type == .sms)
        #expect(message.direction == .inbound)
        #expect(message.customerPhone?.e164 == "+14155550123")
        #expect(message.storePhone?.e164 == "+16505550142")
        #expect(message.franchiseId == "orangeTheory")
        #expect(message.clientId == "orangeTheory-193365026")
        #expect(message.accountId == "193365026")
        #expect(message.creationTime == F.time("2026-03-02T17:01:00Z"))
        #expect(message.messageStatus == .received)
        #expect(message.readStatus == .unread)
        #expect(message.subject == "Hi! Is the 6am class on Thursday still open?")
        #expect(message.from?.name == "Dana Whitfield")
        #expect(message.to.first?.location == "Moss Beach, CA")
        #expect(message.attachments == [RingCentralAttachment(id: "1730458812016", type: "Text", contentType: "text/plain", sizeBytes: 52)])
        #expect(message.notification?.uuid == "3f2b9c1a-5d4e-4f60-9b7a-1c2d3e4f5a60")
        #expect(message.notification?.timestamp == F.time("2026-03-02T17:01:03.412Z"))
        #expect(message.consentKeyword == nil)
        #expect(!message.isShortCode)
    }

    @Test func bareOutboundSMSIsQueuedToDana() throws {
        let message = try RingCentralMessageParser.parse(try F.shared("ringcentral/sms-outbound-bare.json"))
        #expect(message.shape == .bare)
        #expect(message.notification == nil)
        #expect(message.direction == .outbound)
        #expect(message.messageStatus == .queued)
        #expect(message.customerPhone?.e164 == "+14155550123")
        #expect(message.storePhone?.e164 == "+16505550142")
        #expect(message.franchiseId == "orangeTheory")
        #expect(message.accountId == "193365026")
        #expect(message.consentKeyword == nil)
    }

    @Test func deliveredUpdateIsTheSameMessageWithANewerRevision() throws {
        let queued = try RingCentralMessageParser.parse(try F.shared("ringcentral/sms-outbound-bare.json"))
        let delivered = try RingCentralMessageParser.parse(try F.shared("ringcentral/sms-outbound-delivered-update.json"))
        #expect(delivered.id == queued.id)
        #expect(delivered.messageStatus == .delivered)
        #expect(delivered.creationTime == queued.creationTime)
        #expect(delivered.revisionTime > queued.revisionTime)
        #expect(delivered.lastModifiedTime == F.time("2026-03-02T17:04:13Z"))
    }

    @Test func shortCodeMessageHasNoCustomerPhone() throws {
        let message = try RingCentralMessageParser.parse(try F.shared("ringcentral/sms-shortcode.json"))
        #expect(message.customerPhone == nil)
        #expect(message.isShortCode)
        #expect(message.customer == .shortCode(ShortCode("447267")!))
        #expect(message.conversationId == nil)
    }

    @Test func voicemailWithoutStoreNumberResolvesThroughTheAccount() throws {
        let message = try RingCentralMessageParser.parse(try F.shared("ringcentral/voicemail-envelope.json"))
        #expect(message.type == .voiceMail)
        #expect(message.type.rawValue == "VoiceMail")
        #expect(message.storePhone == nil)
        #expect(message.to == [RingCentralMessageParty(name: "OTF Moss Beach")])
        #expect(message.accountId == "193365026")
        #expect(message.customerPhone?.e164 == "+16505550199")
        #expect(message.attachments.first?.vmDurationSeconds == 27)
        #expect(message.vmTranscriptionStatus == "InProgress")
        #expect(message.subject == nil)
    }

    @Test func inboundStopFromJordanIsAnOptOut() throws {
        let message = try RingCentralMessageParser.parse(try F.shared("ringcentral/sms-inbound-stop.json"))
        #expect(message.customerPhone?.e164 == "+14155550187")
        #expect(message.consentKeyword == ConsentKeyword(intent: .optOut, keyword: "STOP"))
        #expect(message.creationTime == F.time("2026-03-05T02:12:07Z"))
    }

    @Test func webSocketArrayFormIsAccepted() throws {
        let message = try RingCentralMessageParser.parse(try F.shared("ringcentral/sms-websocket-array.json"))
        #expect(message.shape == .webSocket)
        #expect(message.customerPhone?.e164 == "+14155550123")
        #expect(message.creationTime == F.time("2026-03-06T16:45:00Z"))
        #expect(message.franchiseId == "orangeTheory")
        #expect(message.notification?.ownerId == "62841937004")
    }

    @Test func outboundConnectedCallIsToDanaWithARecording() throws {
        let call = try RingCentralCallParser.parse(try F.shared("calls/outbound-connected.json"))
        #expect(call.id == "Y3s4Bq9xKf2mPA")
        #expect(call.sessionId == "41926617004")
        #expect(call.telephonySessionId == "s-a0d7b2c4e61f9Z1849e3a55aaZ3c1e900")
        #expect(call.startTime == F.time("2026-03-02T17:02:41Z"))
        #expect(call.durationSeconds == 214)
        #expect(call.type == .voice)
        #expect(call.direction == .outbound)
        #expect(call.action == "VoIP Call")
        #expect(call.result == .callConnected)
        #expect(call.customerPhone?.e164 == "+14155550123")
        #expect(call.storePhone?.e164 == "+16505550142")
        #expect(call.from?.extensionNumber == "101")
        #expect(call.recording?.id == "2771934004")
        #expect(call.hasRecording)
        #expect(call.accountId == "193365026")
        #expect(call.legs.isEmpty)
    }

    @Test func inboundCallElevenDigitNumberNormalisesToMarisol() throws {
        let call = try RingCentralCallParser.parse(try F.shared("calls/inbound-accepted.json"))
        #expect(call.direction == .inbound)
        #expect(call.from?.phoneNumber == "14155550164")
        #expect(call.customerPhone?.e164 == "+14155550164")
        #expect(call.result == .accepted)
        #expect(call.durationSeconds == 95)
        #expect(!call.hasRecording)
    }

    @Test func formattedNumberOnOutboundNoAnswerIsJordan() throws {
        let call = try RingCentralCallParser.parse(try F.shared("calls/outbound-no-answer-formatted.json"))
        #expect(call.customerPhone?.e164 == "+14155550187")
        #expect(call.startTime == F.time("2026-03-05T04:30:00Z"))
        #expect(call.result == .noAnswer)
        #expect(call.reason == "No Answer")
    }

    @Test func everySharedFixtureParsesTwiceToTheSameValue() throws {
        for name in try F.jsonFiles(in: "shared/ringcentral") {
            let bytes = try F.shared("ringcentral/\(name)")
            #expect(try RingCentralMessageParser.parse(bytes) == RingCentralMessageParser.parse(bytes), "\(name)")
        }
        for name in try F.jsonFiles(in: "shared/calls") {
            let bytes = try F.shared("calls/\(name)")
            #expect(try RingCentralCallParser.parse(bytes) == RingCentralCallParser.parse(bytes), "\(name)")
        }
    }
}
