import Commands
import Domain
import EventStore
import Projections
import Testing

/// The fixtures' README table, end to end: each input through its real handler, the log
/// projected, and the read model checked against the row's expectations.
@Suite struct FixtureTableTests {
    typealias H = ProjectionHarness
    static let dana = "+14155550123"
    static let marisol = "+14155550164"
    static let jordan = "+14155550187"
    static let zoe = "+18135550111"
    static let voicemailCaller = "+16505550199"

    enum Input { case email, message, call, analysis }

    /// README order (emails first, then RingCentral, calls and analyses).
    static let sequence: [(String, Input)] = [
        ("web-lead-plain.eml", .email), ("online-intro-qp-alternative.eml", .email), ("forwarded-gmail.eml", .email),
        ("lead-invalid-phone.eml", .email), ("tampa-base64-latin1.eml", .email),
        ("ringcentral/sms-inbound-envelope.json", .message), ("calls/outbound-connected.json", .call),
        ("analysis/call-analysis.json", .analysis), ("ringcentral/sms-outbound-bare.json", .message),
        ("ringcentral/sms-outbound-delivered-update.json", .message), ("analysis/contact-analysis.json", .analysis),
        ("ringcentral/sms-shortcode.json", .message), ("ringcentral/voicemail-envelope.json", .message),
        ("calls/inbound-accepted.json", .call), ("ringcentral/sms-inbound-stop.json", .message),
        ("calls/outbound-no-answer-formatted.json", .call), ("ringcentral/sms-websocket-array.json", .message),
    ]

    static func send(_ file: String, _ input: Input, _ h: H) async throws -> CommandOutcome {
        switch input {
        case .email: try await h.email(file)
        case .message: try await h.handlers.ringCentralMessage.handle(try Fixtures.shared(file))
        case .call: try await h.handlers.ringCentralCall.handle(try Fixtures.shared(file))
        case .analysis: try await h.handlers.analysis.handle(try Fixtures.shared(file))
        }
    }

    static func ingestAll(_ h: H) async throws {
        for (file, input) in sequence { _ = try await send(file, input, h) }
    }

    @Test func webLeadMakesAContactATaskAndATimelineEntry() async throws {
        try await H.with { h in
            _ = try await h.email("web-lead-plain.eml")
            try h.project()
            let dana = try #require(try h.contact(Self.dana))
            #expect(dana.firstName == "Dana" && dana.lastName == "Whitfield")
            #expect(dana.lifecycleStage == "lead" && dana.leadStatus == "new")
            #expect(dana.createdAt == "2026-03-02T16:58:00.000Z" && dana.lastActivityAt == "2026-03-02T16:58:00.000Z")
            #expect(dana.leadTemperature == "hot")
            #expect(dana.leadPipeline?.current == "new")
            let tasks = try h.tasks(Self.dana)
            #expect(tasks.count == 1)
            #expect(tasks.first?.taskType == "lead_outreach" && tasks.first?.priority == "high" && tasks.first?.status == "pending")
            #expect(tasks.first?.dueAt == "2026-03-02T17:03:00.000Z")
            #expect(tasks.first?.actionNeededReason == "New Web Lead from Dana Whitfield")
            #expect(tasks.first?.suggestedActions.count == 1 && tasks.first?.suggestedActions.first?.priority == .high)
            #expect(try h.timelineTypes(Self.dana) == ["lead.created"])
            let entry = try #require(try h.readModel.timeline(storeId: H.mossBeach, phone: Self.dana).entries.first)
            #expect(entry.actorType == "lead_webhook" && entry.entityType == "lead" && entry.occurredAt == "2026-03-02T16:58:00.000Z")
        }
    }

    @Test func everyRowOfTheFixtureTableHolds() async throws {
        try await H.with { h in
            try await Self.ingestAll(h)
            try h.project()
            // Marisol: the lead at 20:58 Moss Beach time is due 08:03 the next morning.
            let marisol = try #require(try h.contact(Self.marisol))
            #expect(marisol.firstName == "Marisol" && marisol.lastName == "Peña")
            #expect(try h.tasks(Self.marisol).map(\.dueAt) == ["2026-03-04T16:03:00.000Z"])
            let lead = try #require(try h.readModel.profile(storeId: H.mossBeach, phone: Self.marisol, now: .init(microsecondsSinceEpoch: 0))?.leads.first)
            #expect(lead.leadType == "Online Intro" && lead.bookedDate == "2026-03-05" && lead.bookedTime == "6:15 AM")
            // Jordan, from the forwarded email.
            #expect(try h.contact(Self.jordan)?.firstName == "Jordan")
            // The invalid phone: a lead row with no phone, and nothing else.
            #expect(try h.count("SELECT COUNT(*) FROM leads WHERE phone IS NULL") == 1)
            #expect(try h.count("SELECT COUNT(*) FROM leads") == 5)
            // Tampa: 19:59 local, quiet from 20:00: due 13:04 UTC the next day.
            let zoe = try #require(try h.contact(Self.zoe, store: H.tampa))
            #expect(zoe.firstName == "Zoë" && zoe.lastName == "Brontë")
            #expect(try h.tasks(Self.zoe, store: H.tampa).map(\.dueAt) == ["2026-03-07T13:04:00.000Z"])
            // Dana after SMS, calls, analyses.
            let dana = try #require(try h.contact(Self.dana))
            #expect(dana.franchiseId == "orangeTheory")
            #expect(dana.firstAttemptedAt == "2026-03-02T17:02:41.000Z" && dana.callCount == 1)
            #expect(dana.firstConnectedAt == "2026-03-02T17:02:41.000Z")
            #expect(dana.smsCount == 3)  // inbound, outbound, and the WebSocket-array inbound
            #expect(dana.leadStatus == "connected" && dana.priority == "high" && dana.purchaseIntent == "high")
            #expect(!dana.leadObjections.isEmpty)
            #expect(dana.lastActivityAt == "2026-03-06T16:45:00.000Z")
            let danaTimeline = try h.timelineTypes(Self.dana)
            #expect(danaTimeline.filter { $0 == "message.created" }.count == 3)
            #expect(danaTimeline.contains("call.created") && danaTimeline.contains("lead.status_changed"))
            let delivered = try h.count(
                "SELECT COUNT(*) FROM messages WHERE customerPhone = '\(Self.dana)' AND direction = 'Outbound' AND messageStatus = 'Delivered'")
            #expect(delivered == 1)
            // The short code: a message row, no contact.
            #expect(try h.count("SELECT COUNT(*) FROM messages WHERE customerPhone IS NULL") == 1)
            #expect(try h.count("SELECT COUNT(*) FROM contacts") == 5)  // Dana, Marisol, Jordan, Zoë, the voicemail caller
            // The voicemail from a new number: lifecycleStage unknown, timeline VoiceMail.
            let caller = try #require(try h.contact(Self.voicemailCaller))
            #expect(caller.lifecycleStage == "unknown")
            let voicemail = try #require(try h.readModel.timeline(storeId: H.mossBeach, phone: Self.voicemailCaller).entries.first)
            #expect(voicemail.eventType == "message.created" && voicemail.newValue == .object(["direction": .string("Inbound"), "messageType": .string("VoiceMail")]))
            // Marisol's inbound call (normalised number) counts as a call, not an attempt.
            #expect(try h.timelineTypes(Self.marisol).contains("call.created"))
            #expect(try h.contact(Self.marisol)?.callCount == 0)
            // Jordan's STOP: DNC by the system at the SMS's time.
            let jordan = try #require(try h.contact(Self.jordan))
            #expect(jordan.doNotContact && jordan.doNotContactUpdatedBy == "system")
            let optOut = try #require(try h.readModel.timeline(storeId: H.mossBeach, phone: Self.jordan).entries.first { $0.eventType == "contact.opted_out" })
            #expect(optOut.occurredAt == "2026-03-05T02:12:07.000Z")
            #expect(try h.contact(Self.jordan)?.callCount == 1)
        }
    }

    @Test func sendingEveryInputTwiceChangesNothing() async throws {
        try await H.with { h in
            try await Self.ingestAll(h)
            try h.project()
            let once = try h.readModel.canonicalDump()
            let end = h.store.durablePosition
            for (file, input) in Self.sequence {
                let outcome = try await Self.send(file, input, h)
                #expect(outcome.deduplicated, "\(file)")
            }
            try h.project()
            #expect(h.store.durablePosition == end)
            #expect(try h.readModel.canonicalDump() == once)
        }
    }
}
