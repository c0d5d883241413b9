import Domain
import EventStore
import Foundation
import TestSupport
import Testing

@testable import Commands

/// Flow 1 end to end through `LeadEmailHandler` over a real store (EXPECTED.md, email rows).
@Suite struct LeadEmailHandlerTests {
    static func email(_ name: String) throws -> [UInt8] { try F.shared("email/\(name)") }

    static func handler(_ h: HandlerHarness) -> LeadEmailHandler {
        LeadEmailHandler(store: h.store, registry: h.handlers.registry)
    }

    static func received(_ h: HandlerHarness, _ outcome: CommandOutcome) throws -> LeadReceived {
        let event = try h.recorded(at: outcome.position)
        guard case .leadReceived(let lead) = event.payload else {
            Issue.record("expected lead.received, got \(event.type)")
            throw CommandError(.notFound, field: "", reason: "not a lead")
        }
        #expect(event.idempotencyKey == "lead.received:\(lead.leadId.rawValue)")
        #expect(event.stream == "lead/\(lead.leadId.rawValue)")
        #expect(event.occurredAt == Timestamp(lead.receivedAt))
        return lead
    }

    /// `text` of a shared fixture with `old` replaced by `new`.
    static func variant(_ name: String, _ old: String, _ new: String) throws -> [UInt8] {
        let text = String(decoding: try email(name), as: UTF8.self)
        #expect(text.contains(old))
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test func everySharedEmailGivesTheExpectedLead() async throws {
        try await HandlerHarness.with { h in
            let handler = Self.handler(h)

            let dana = try Self.received(h, try await handler.handle(try Self.email("web-lead-plain.eml")))
            #expect(dana.storeId == HandlerHarness.mossBeach)
            #expect(dana.trackingId?.rawValue == "ot0423")
            #expect(dana.leadType == "Web Lead")
            #expect(dana.firstName == "Dana" && dana.lastName == "Whitfield")
            #expect(dana.phone == HandlerHarness.dana)
            #expect(dana.receivedAt == utc("2026-03-02T16:58:00Z"))
            #expect(dana.franchiseId != nil && dana.accountId != nil)
            #expect(dana.email?.rawValue == "dana.whitfield@example.com")
            #expect(dana.leadId.rawValue == "dana.whitfield@example.com#+14155550123#2026-03-02")
            #expect(dana.isRoutable)

            let marisol = try Self.received(h, try await handler.handle(try Self.email("online-intro-qp-alternative.eml")))
            #expect(marisol.leadType == "Online Intro")
            #expect(marisol.firstName == "Marisol" && marisol.lastName == "Peña")
            #expect(marisol.phone?.e164 == "+14155550164")
            #expect(marisol.bookedDate == "2026-03-05" && marisol.bookedTime == "6:15 AM")
            #expect(marisol.receivedAt == utc("2026-03-04T04:58:00Z"))
            #expect(marisol.storeId == HandlerHarness.mossBeach)

            let jordan = try Self.received(h, try await handler.handle(try Self.email("forwarded-gmail.eml")))
            #expect(jordan.isForwarded)
            #expect(jordan.forwardedOriginalFrom == "Booking System <leads@booking.example.com>")
            #expect(jordan.forwardedOriginalTo == "<frontdesk.mossbeach@example.org>")
            #expect(jordan.forwardedOriginalDate == "Wed, Mar 4, 2026 at 9:31 AM")
            #expect(jordan.firstName == "Jordan" && jordan.lastName == "Alvarez")
            #expect(jordan.phone == HandlerHarness.jordan)

            let invalid = try Self.received(h, try await handler.handle(try Self.email("lead-invalid-phone.eml")))
            #expect(invalid.phone == nil)
            #expect(!invalid.parseWarnings.isEmpty)
            #expect(!invalid.isRoutable)

            let zoe = try Self.received(h, try await handler.handle(try Self.email("tampa-base64-latin1.eml")))
            #expect(zoe.storeId == HandlerHarness.tampa)
            #expect(zoe.trackingId?.rawValue == "ot1187")
            #expect(zoe.firstName == "Zoë" && zoe.lastName == "Brontë")
            #expect(zoe.phone?.e164 == "+18135550111")
            #expect(zoe.receivedAt == utc("2026-03-07T00:59:00Z"))
        }
    }

    @Test func everySharedEmailSentTwiceAppendsNothing() async throws {
        try await HandlerHarness.with { h in
            let handler = Self.handler(h)
            let names = [
                "web-lead-plain.eml", "online-intro-qp-alternative.eml", "forwarded-gmail.eml",
                "lead-invalid-phone.eml", "tampa-base64-latin1.eml",
            ]
            var first: [UInt64] = []
            for name in names {
                let outcome = try await handler.handle(try Self.email(name))
                #expect(!outcome.deduplicated, "\(name)")
                first.append(outcome.position)
            }
            let end = h.store.durablePosition
            for (name, position) in zip(names, first) {
                let again = try await handler.handle(try Self.email(name), actor: .imapPoller)
                #expect(again.deduplicated, "\(name)")
                #expect(again.kind == .duplicate(originalPositions: [position]), "\(name)")
            }
            #expect(h.store.durablePosition == end)
        }
    }

    @Test func actorIsTheCallers() async throws {
        try await HandlerHarness.with { h in
            let outcome = try await Self.handler(h).handle(try Self.email("web-lead-plain.eml"), actor: .imapPoller)
            #expect(try h.recorded(at: outcome.position).actor == .imapPoller)
        }
    }

    @Test func changedLeadTypeOnRedeliveryRecordsLeadUpdated() async throws {
        try await HandlerHarness.with { h in
            let handler = Self.handler(h)
            let first = try await handler.handle(try Self.email("web-lead-plain.eml"))
            let changed = try Self.variant("web-lead-plain.eml", "Lead Type: Web Lead", "Lead Type: Online Intro")
            let update = try await handler.handle(changed)
            #expect(!update.deduplicated)
            #expect(update.events.map(\.type) == [.leadUpdated])
            let event = try h.recorded(at: update.position)
            guard case .leadUpdated(let payload) = event.payload else { Issue.record("not lead.updated"); return }
            #expect(payload.leadType == "Online Intro")
            #expect(payload.storeId == HandlerHarness.mossBeach)
            #expect(event.idempotencyKey.hasPrefix("lead.updated:\(payload.leadId.rawValue):"))
            #expect(event.stream == (try h.recorded(at: first.position)).stream)
            // The same change again: nothing new.
            let again = try await handler.handle(changed)
            #expect(again.deduplicated)
            #expect(again.position == update.position)
            // And the original again: a change back.
            let back = try await handler.handle(try Self.email("web-lead-plain.eml"))
            #expect(!back.deduplicated)
        }
    }

    @Test func storeIdIsForwardOnly() async throws {
        try await HandlerHarness.with(registerStores: false) { h in
            let handler = Self.handler(h)
            // No store registered yet: kept unrouted (CDP.md §8), no lead.received.
            let first = try await handler.handle(try Self.email("web-lead-plain.eml"))
            #expect(first.routed == false)
            // Registering the store re-routes it into lead.received with the mapping.
            let registered = try await h.registerFixtureStores()
            let routed = try #require(registered[0].events.first { $0.type == .leadReceived })
            let lead = try Self.received(h, CommandOutcome(events: [routed]))
            #expect(lead.storeId == HandlerHarness.mossBeach)
            #expect(lead.franchiseId != nil && lead.accountId != nil)
            // A redelivery that resolves no store (unknown tracking id, sender feeding two
            // stores) never replaces the known store with null.
            let unmapped = try Self.variant("web-lead-plain.eml", "+ot0423@", "+ot9999@")
            let end = h.store.durablePosition
            let outcome = try await handler.handle(unmapped)
            #expect(outcome.deduplicated)
            #expect(outcome.routed == true)
            #expect(h.store.durablePosition == end)
        }
    }

    @Test func unknownStoreKeepsTheLeadUnroutedWithNoLeadReceived() async throws {
        try await HandlerHarness.with { h in
            let unmapped = try Self.variant("web-lead-plain.eml", "+ot0423@", "+ot9999@")
            let outcome = try await Self.handler(h).handle(unmapped)
            #expect(outcome.routed == false)
            #expect(outcome.types == [.inputUnrouted])
            #expect(outcome.notes.first?.contains("feeds 2 stores") == true)
            let kept = try #require(try h.handlers.unrouted.list(limit: 10).inputs.first)
            #expect(kept.payload.trackingId?.rawValue == "ot9999")
            #expect(kept.payload.kind == .leadEmail)
            #expect(try h.events().allSatisfy { $0.type != .leadReceived })
        }
    }

    @Test func trackingIdMatchesWhateverItsCase() async throws {
        try await HandlerHarness.with { h in
            let upper = try Self.variant("web-lead-plain.eml", "+ot0423@", "+OT0423@")
            let lead = try Self.received(h, try await Self.handler(h).handle(upper))
            #expect(lead.storeId == HandlerHarness.mossBeach)
        }
    }

    @Test func invalidPhoneIsRecordedAsNullWithAWarning() async throws {
        try await HandlerHarness.with { h in
            let lead = try Self.received(h, try await Self.handler(h).handle(try Self.email("lead-invalid-phone.eml")))
            #expect(lead.phone == nil)
            #expect(lead.parseWarnings.contains { $0.lowercased().contains("phone") })
            #expect(!lead.leadId.rawValue.contains("#+"))
        }
    }

    @Test func oversizeMessageIsRefusedAndNothingAppended() async throws {
        try await HandlerHarness.with { h in
            var bytes = Array("From: a@example.com\r\nSubject: big\r\n\r\n".utf8)
            bytes += [UInt8](repeating: 0x61, count: EmailLimits.messageSizeBytesMax)
            let handler = Self.handler(h)
            let error = await h.refusal { () async throws(CommandError) in try await handler.handle(bytes) }
            #expect(error?.code == .tooLarge)
            #expect(error?.reason.contains("messageSizeBytesMax") == true)
        }
    }

    @Test func emptyMessageIsRefused() async throws {
        try await HandlerHarness.with { h in
            let handler = Self.handler(h)
            let error = await h.refusal { () async throws(CommandError) in try await handler.handle(Array("\r\n\r\n".utf8)) }
            #expect(error?.code == .malformed)
        }
    }
}
