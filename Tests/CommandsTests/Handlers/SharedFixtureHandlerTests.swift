import Domain
import EventStore
import Testing

@testable import Commands

/// The shared RingCentral, call and analysis fixtures, in EXPECTED.md's order after both
/// stores are registered, produce the events EXPECTED.md implies; sending every input a
/// second time appends nothing and returns the same positions.
@Suite struct SharedFixtureHandlerTests {
    typealias H = HandlerHarness

    enum Input: String {
        case message, call, analysis
    }

    /// EXPECTED.md's rows without the emails (the lead flow is not this issue's).
    static let sequence: [(file: String, input: Input, types: [EventType], stream: String, occurredAt: String)] = [
        ("ringcentral/sms-inbound-envelope.json", .message, [.messageLogged], danaStream, "2026-03-02T17:01:00Z"),
        ("calls/outbound-connected.json", .call, [.callLogged], danaStream, "2026-03-02T17:02:41Z"),
        ("analysis/call-analysis.json", .analysis, [.callAnalyzed], danaStream, "2026-03-02T17:09:30Z"),
        ("ringcentral/sms-outbound-bare.json", .message, [.messageLogged], danaStream, "2026-03-02T17:04:10Z"),
        ("ringcentral/sms-outbound-delivered-update.json", .message, [.messageUpdated], danaStream, "2026-03-02T17:04:13Z"),
        ("analysis/contact-analysis.json", .analysis, [.contactAnalyzed], danaStream, "2026-03-02T17:15:00Z"),
        ("ringcentral/sms-shortcode.json", .message, [.messageLogged], "message/1730460011234", "2026-03-02T18:29:58Z"),
        ("ringcentral/voicemail-envelope.json", .message, [.messageLogged], "contact/\(H.mossBeach)/+16505550199", "2026-03-03T15:22:11Z"),
        ("calls/inbound-accepted.json", .call, [.callLogged], "contact/\(H.mossBeach)/+14155550164", "2026-03-04T19:40:05Z"),
        ("ringcentral/sms-inbound-stop.json", .message, [.messageLogged, .contactOptedOut], jordanStream, "2026-03-05T02:12:07Z"),
        ("calls/outbound-no-answer-formatted.json", .call, [.callLogged], jordanStream, "2026-03-05T04:30:00Z"),
        ("ringcentral/sms-websocket-array.json", .message, [.messageLogged], danaStream, "2026-03-06T16:45:00Z"),
    ]

    static let danaStream = Streams.contact(store: H.mossBeach, phone: H.dana)
    static let jordanStream = Streams.contact(store: H.mossBeach, phone: H.jordan)

    static func send(_ file: String, _ input: Input, to handlers: CommandHandlers) async throws -> CommandOutcome {
        let bytes = try F.shared(file)
        switch input {
        case .message: return try await handlers.ringCentralMessage.handle(bytes)
        case .call: return try await handlers.ringCentralCall.handle(bytes)
        case .analysis: return try await handlers.analysis.handle(bytes)
        }
    }

    @Test func everyFixtureAppendsTheExpectedEventsOnTheExpectedStream() async throws {
        try await H.with { h in
            for (file, input, types, stream, occurredAt) in Self.sequence {
                let outcome = try await Self.send(file, input, to: h.handlers)
                #expect(outcome.types == types, "\(file)")
                // The source's time (EVENTS.md: creationTime, startTime, analyzedAt, lastModifiedTime).
                for event in outcome.events {
                    #expect(try h.recorded(at: event.position).occurredAt == ISOTime.parseTimestamp(occurredAt), "\(file)")
                }
                #expect(outcome.events.allSatisfy { $0.stream == stream }, "\(file): \(outcome.events.map(\.stream))")
                #expect(!outcome.deduplicated, "\(file)")
            }
            // 2 store registrations + 13 events.
            #expect(h.store.durablePosition == 15)
        }
    }

    @Test func sendingEveryInputTwiceAppendsNothingAndReturnsTheSamePositions() async throws {
        try await H.with { h in
            var first: [[UInt64]] = []
            for (file, input, _, _, _) in Self.sequence {
                first.append(try await Self.send(file, input, to: h.handlers).positions)
            }
            let end = h.store.durablePosition
            for (index, (file, input, _, _, _)) in Self.sequence.enumerated() {
                let again = try await Self.send(file, input, to: h.handlers)
                #expect(again.deduplicated, "\(file)")
                #expect(again.kind == .duplicate(originalPositions: first[index]), "\(file)")
            }
            let stores = try await h.registerFixtureStores()
            #expect(stores.allSatisfy { $0.deduplicated })
            #expect(stores.map(\.positions) == [[1], [2]])
            #expect(h.store.durablePosition == end)
        }
    }

    @Test func danaSMSIsLoggedWithTheBrandAccountAndCreationTime() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-inbound-envelope.json"))
            let event = try h.recorded(at: outcome.position)
            guard case .messageLogged(let message) = event.payload else { Issue.record("\(event.type)"); return }
            #expect(message.franchiseId?.rawValue == "orangeTheory")
            #expect(message.accountId?.rawValue == "193365026")
            #expect(message.storeId == H.mossBeach)
            #expect(message.customerPhone == H.dana)
            #expect(message.direction == .inbound)
            #expect(event.occurredAt == ISOTime.parseTimestamp("2026-03-02T17:01:00Z"))
            #expect(event.actor == .ringcentral)
            #expect(outcome.ids == ["storeId": H.mossBeach.rawValue, "messageId": "1730458812016", "customerPhone": "+14155550123"])
        }
    }

    @Test func callsAreLoggedWithNormalisedCustomerPhonesAndTheCallAnalysisOnTheCallsContact() async throws {
        try await H.with { h in
            let connected = try await h.handlers.ringCentralCall.handle(try F.shared("calls/outbound-connected.json"))
            let analysis = try await h.handlers.analysis.handle(try F.shared("analysis/call-analysis.json"))
            let inbound = try await h.handlers.ringCentralCall.handle(try F.shared("calls/inbound-accepted.json"))
            let formatted = try await h.handlers.ringCentralCall.handle(try F.shared("calls/outbound-no-answer-formatted.json"))

            guard case .callLogged(let call) = try h.recorded(at: connected.position).payload else { Issue.record(); return }
            #expect(call.startTime == ISOTime.parse("2026-03-02T17:02:41Z"))
            #expect(call.direction == .outbound)
            #expect(call.result == "Call connected")
            #expect(call.recording?.id == "2771934004")
            #expect(call.customerPhone == H.dana)
            #expect(call.franchiseId?.rawValue == "orangeTheory")

            guard case .callAnalyzed(let analyzed) = try h.recorded(at: analysis.position).payload else { Issue.record(); return }
            #expect(analyzed.callState == .humanConversation)
            #expect(analyzed.customerPhone == H.dana)
            #expect(analyzed.firstName == "Dana")
            #expect(analysis.events[0].stream == connected.events[0].stream)

            #expect(inbound.ids["customerPhone"] == "+14155550164")
            #expect(formatted.ids["customerPhone"] == H.jordan.e164)
            guard case .callLogged(let noAnswer) = try h.recorded(at: formatted.position).payload else { Issue.record(); return }
            #expect(noAnswer.to.phoneNumber == "(415) 555-0187")  // raw as sent
            #expect(noAnswer.result == "No Answer")
        }
    }

    @Test func deliveredUpdateIsAMessageUpdatedAtItsLastModifiedTime() async throws {
        try await H.with { h in
            let queued = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-outbound-bare.json"))
            let delivered = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-outbound-delivered-update.json"))
            #expect(queued.types == [.messageLogged])
            #expect(delivered.types == [.messageUpdated])
            let event = try h.recorded(at: delivered.position)
            guard case .messageUpdated(let update) = event.payload else { Issue.record(); return }
            #expect(update.messageStatus == .delivered)
            #expect(event.occurredAt == ISOTime.parseTimestamp("2026-03-02T17:04:13Z"))
            #expect(event.idempotencyKey == "message.updated:1730458899341:2026-03-02T17:04:13.000Z")
        }
    }

    @Test func stopSMSOptsJordanOutBySystemInTheSameBatch() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-inbound-stop.json"))
            #expect(outcome.types == [.messageLogged, .contactOptedOut])
            #expect(outcome.positions[1] == outcome.positions[0] + 1)
            let optOut = try h.recorded(at: outcome.positions[1])
            #expect(optOut.actor == .system)
            #expect(optOut.idempotencyKey == "contact.opted_out:1730469920771")
            #expect(optOut.occurredAt == ISOTime.parseTimestamp("2026-03-05T02:12:07Z"))
            guard case .contactOptedOut(let payload) = optOut.payload else { Issue.record(); return }
            #expect(payload.phone == H.jordan)
            #expect(payload.keyword == "STOP")
            // Same atomic batch: one recordedAt.
            let raw = try h.store.allEvents().suffix(2)
            #expect(raw.first?.recordedAt == raw.last?.recordedAt)
        }
    }

    @Test func voicemailWithoutAStoreNumberResolvesTheStoreFromTheAccount() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/voicemail-envelope.json"))
            guard case .messageLogged(let message) = try h.recorded(at: outcome.position).payload else { Issue.record(); return }
            #expect(message.storeId == H.mossBeach)
            #expect(message.messageType == .voiceMail)
            #expect(message.customerPhone?.e164 == "+16505550199")
        }
    }
}
