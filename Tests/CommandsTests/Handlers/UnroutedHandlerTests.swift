import Domain
import EventStore
import Foundation
import TestSupport
import Testing

@testable import Commands

/// CDP.md §8: inputs no store owns are kept on `unrouted/…` streams (`input.unrouted`),
/// answered `routed: false`, and re-routed — through the same handler, at their original
/// occurredAt, once — when the store that owns them is registered.
@Suite struct UnroutedHandlerTests {
    typealias H = HandlerHarness

    static let jordanStream = Streams.contact(store: H.mossBeach, phone: H.jordan)

    static func inbound(id: String, text: String, at time: String) -> [UInt8] {
        ConsentHandlerTests.inbound(id: id, text: text, at: time)
    }

    static func notice(active: Bool = true, uuid: String = "58273116490071234567", at time: String? = nil) throws -> [UInt8] {
        var text = String(decoding: try F.bytes("a2p/a2p-opt-out.json"), as: UTF8.self)
        if !active { text = text.replacingOccurrences(of: #""active": true"#, with: #""active": false"#) }
        text = text.replacingOccurrences(of: "58273116490071234567", with: uuid)
        if let time { text = text.replacingOccurrences(of: "2026-03-05T02:00:00.000Z", with: time) }
        return Array(text.utf8)
    }

    func pending(_ h: H) throws -> [UnroutedInput] { try h.handlers.unrouted.list(limit: 100).inputs }

    @Test func aStopForAnUnregisteredStoreIsKeptAndReroutedAtItsOriginalTimeWhenTheStoreIsRegistered() async throws {
        try await H.with(registerStores: false) { h in
            let stop = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m1", text: "STOP", at: "2026-03-05T02:00:00Z"))
            #expect(stop.routed == false)
            #expect(stop.types == [.inputUnrouted])
            #expect(stop.events[0].stream == "unrouted/ringcentral.message/m1")
            #expect(stop.notes.first?.contains("193365026") == true)
            #expect(try h.events().allSatisfy { $0.storeId == nil && !$0.stream.hasPrefix("contact/") })
            let kept = try pending(h)
            #expect(kept.map(\.payload.sourceId) == ["m1"])
            #expect(kept[0].payload.storePhone == PhoneNumber("+16505550142"))
            #expect(kept[0].actor == .ringcentral)

            h.clock.advance(byMicroseconds: 5 * 86_400 * 1_000_000)  // the store is registered days later
            let registered = try await h.handlers.registerStore.handle(try F.shared("stores/moss-beach.json"))
            #expect(registered.types == [.storeRegistered, .messageLogged, .contactOptedOut, .inputRerouted])
            #expect(registered.ids["rerouted"] == "1")
            #expect(registered.notes.first?.hasPrefix("re-routed ringcentral.message m1") == true)
            let optOut = try h.recorded(at: registered.positions[2])
            #expect(optOut.occurredAt == ISOTime.parseTimestamp("2026-03-05T02:00:00Z"))
            #expect(optOut.actor == .system)
            #expect(optOut.stream == Self.jordanStream)
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == .system)
            let rerouted = try h.recorded(at: registered.positions[3])
            #expect(rerouted.stream == "unrouted/ringcentral.message/m1")
            guard case .inputRerouted(let settled) = rerouted.payload else { Issue.record(); return }
            #expect(settled.storeId == H.mossBeach && settled.unroutedPosition == stop.position)
            #expect(try pending(h).isEmpty)
            let all = try h.handlers.unrouted.list(limit: 10, includeRerouted: true).inputs
            #expect(all.map(\.reroutedPosition) == [registered.positions[3]])

            // Registering again re-routes nothing.
            let end = h.store.durablePosition
            let again = try await h.handlers.registerStore.handle(try F.shared("stores/moss-beach.json"))
            #expect(again.deduplicated && again.notes.isEmpty)
            #expect(h.store.durablePosition == end)
        }
    }

    @Test func theSameUnroutedInputRedeliveredIsKeptOnce() async throws {
        try await H.with(registerStores: false) { h in
            let first = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m1", text: "hi", at: "2026-03-05T02:00:00Z"))
            let again = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m1", text: "hi", at: "2026-03-05T02:00:00Z"))
            #expect(again.routed == false)
            #expect(again.kind == .duplicate(originalPositions: first.positions))
        }
    }

    @Test func aRegistrationCutShortBeforeReroutingIsFinishedByRegisteringAgainOnce() async throws {
        try await H.with(registerStores: false) { h in
            _ = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m1", text: "STOP", at: "2026-03-05T02:00:00Z"))
            // A registration whose process died before re-routing: the store is there, the input kept.
            let bare = RegisterStoreHandler(store: h.store, registry: h.handlers.registry, clock: h.clock)
            _ = try await bare.handle(try F.shared("stores/moss-beach.json"))
            #expect(try pending(h).count == 1)
            let retry = try await h.handlers.registerStore.handle(try F.shared("stores/moss-beach.json"))
            #expect(retry.types == [.storeRegistered, .messageLogged, .contactOptedOut, .inputRerouted])
            #expect(retry.events[0].deduplicated && !retry.deduplicated)
            let end = h.store.durablePosition
            let third = try await h.handlers.registerStore.handle(try F.shared("stores/moss-beach.json"))
            #expect(third.deduplicated && h.store.durablePosition == end)
            #expect(try h.events().filter { $0.type == .contactOptedOut }.count == 1)
        }
    }

    @Test func aCallForAnUnknownAccountIsKeptAndReroutedIntoCallLogged() async throws {
        try await H.with(registerStores: false) { h in
            let call = try await h.handlers.ringCentralCall.handle(try F.shared("calls/outbound-connected.json"))
            #expect(call.routed == false && call.types == [.inputUnrouted])
            let registered = try await h.handlers.registerStore.handle(try F.shared("stores/moss-beach.json"))
            #expect(registered.types == [.storeRegistered, .callLogged, .inputRerouted])
            let logged = try h.recorded(at: registered.positions[1])
            guard case .callLogged(let payload) = logged.payload else { Issue.record(); return }
            #expect(logged.occurredAt == Timestamp(payload.startTime))
            #expect(logged.storeId == H.mossBeach)
        }
    }

    @Test func aLeadWithNoStoreIsKeptAndReroutedIntoALeadReceivedWithItsStore() async throws {
        try await H.with(registerStores: false) { h in
            let leads = LeadEmailHandler(store: h.store, registry: h.handlers.registry)
            let kept = try await leads.handle(try F.shared("email/web-lead-plain.eml"))
            #expect(kept.routed == false && kept.types == [.inputUnrouted])
            #expect(kept.events[0].stream.hasPrefix("unrouted/lead.email/"))
            #expect(try h.events().allSatisfy { $0.type != .leadReceived })
            let input = try #require(try pending(h).first)
            #expect(input.payload.trackingId?.rawValue == "ot0423")
            #expect(input.payload.leadSender?.rawValue == "leads@booking.example.com")

            let registered = try await h.handlers.registerStore.handle(try F.shared("stores/moss-beach.json"))
            #expect(registered.types == [.storeRegistered, .leadReceived, .inputRerouted])
            let received = try h.recorded(at: registered.positions[1])
            guard case .leadReceived(let lead) = received.payload else { Issue.record(); return }
            #expect(lead.storeId == H.mossBeach && lead.franchiseId != nil && lead.accountId != nil)
            #expect(received.occurredAt == Timestamp(input.payload.occurredAt))
            #expect(received.actor == .leadWebhook)
            // The same email again now routes to the lead already recorded.
            let again = try await leads.handle(try F.shared("email/web-lead-plain.eml"))
            #expect(again.routed == true && again.deduplicated)
        }
    }

    @Test func anA2POptOutNoticeRecordsASystemOptOutKeyedByItsUuid() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.ringCentralMessage.handle(try Self.notice())
            #expect(outcome.types == [.contactOptedOut])
            #expect(outcome.routed == true)
            let event = try h.recorded(at: outcome.position)
            #expect(event.actor == .system)
            #expect(event.idempotencyKey == "contact.opted_out:notice:58273116490071234567")
            #expect(event.stream == Self.jordanStream)
            #expect(event.occurredAt == ISOTime.parseTimestamp("2026-03-05T02:00:00Z"))
            guard case .contactOptedOut(let payload) = event.payload else { Issue.record(); return }
            #expect(payload.noticeId?.rawValue == "58273116490071234567" && payload.messageId == nil && payload.keyword == nil)
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == .system)
            let again = try await h.handlers.ringCentralMessage.handle(try Self.notice())
            #expect(again.kind == .duplicate(originalPositions: outcome.positions))
        }
    }

    @Test func anA2POptInNoticeClearsOnlyADoNotContactTheSystemSet() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralMessage.handle(try Self.notice())
            let optIn = try await h.handlers.ringCentralMessage.handle(
                try Self.notice(active: false, uuid: "58273116490071234568", at: "2026-03-06T02:00:00.000Z"))
            #expect(optIn.types == [.contactOptedIn])
            #expect(try h.recorded(at: optIn.position).idempotencyKey == "contact.opted_in:notice:58273116490071234568")
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == nil)

            _ = try await ConsentHandlerTests().staffDNC(h, set: true, request: "dnc-1")
            let end = h.store.durablePosition
            let refused = try await h.handlers.ringCentralMessage.handle(
                try Self.notice(active: false, uuid: "58273116490071234569", at: "2026-03-07T02:00:00.000Z"))
            #expect(refused.events.isEmpty)
            #expect(refused.notes.first?.contains("set by staff") == true)
            #expect(h.store.durablePosition == end)
            #expect(try StreamState.read(Self.jordanStream, from: h.store).doNotContact == .staff)
        }
    }

    @Test(arguments: [("active", "body.active"), ("from", "body.from"), ("to", "body.to")])
    func aMalformedA2PNoticeIsRefusedNamingTheField(member: String, field: String) async throws {
        try await H.with { h in
            var object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.notice())) as? [String: Any])
            var body = try #require(object["body"] as? [String: Any])
            body[member] = member == "active" ? nil : "not a phone"
            object["body"] = body
            let bytes = [UInt8](try JSONSerialization.data(withJSONObject: object))
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.ringCentralMessage.handle(bytes) }
            #expect(error?.field == field)
            #expect(error?.code == (member == "active" ? .missingField : .invalidField))
        }
    }

    @Test func anA2PNoticeWithoutUuidIsRefusedNamingIt() async throws {
        try await H.with { h in
            let bytes = try H.replacing("uuid", with: nil, in: try Self.notice())
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.ringCentralMessage.handle(bytes) }
            #expect(error?.field == "uuid")
        }
    }

    @Test func anA2PNoticeForAnUnregisteredNumberIsKeptAndReroutedAtItsTimestamp() async throws {
        try await H.with(registerStores: false) { h in
            let kept = try await h.handlers.ringCentralMessage.handle(try Self.notice())
            #expect(kept.routed == false)
            #expect(kept.events[0].stream == "unrouted/ringcentral.opt_out/58273116490071234567")
            let registered = try await h.handlers.registerStore.handle(try F.shared("stores/moss-beach.json"))
            #expect(registered.types == [.storeRegistered, .contactOptedOut, .inputRerouted])
            #expect(try h.recorded(at: registered.positions[1]).occurredAt == ISOTime.parseTimestamp("2026-03-05T02:00:00Z"))
        }
    }
}
