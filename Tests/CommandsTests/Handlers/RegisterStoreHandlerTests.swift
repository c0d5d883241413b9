import Domain
import EventStore
import Foundation
import TestSupport
import Testing

@testable import Commands

/// Store registration: registered once, updated when the record changes, a duplicate when it
/// does not; every invalid field is named and nothing is appended; the registry answers every
/// lookup and is rebuilt from the log.
@Suite struct RegisterStoreHandlerTests {
    typealias H = HandlerHarness

    static func moss() throws -> [UInt8] { try F.shared("stores/moss-beach.json") }

    @Test func firstRegistrationIsStoreRegisteredOnTheStoresStream() async throws {
        try await H.with(registerStores: false) { h in
            let outcome = try await h.handlers.registerStore.handle(try Self.moss())
            #expect(outcome.types == [.storeRegistered])
            #expect(outcome.events[0].stream == "store/\(H.mossBeach)")
            #expect(outcome.events[0].idempotencyKey == "store.registered:\(H.mossBeach)")
            #expect(outcome.ids == ["storeId": H.mossBeach.rawValue])
            #expect(try h.recorded(at: outcome.position).actor == .system)
        }
    }

    @Test func changedRecordIsStoreUpdatedWithTheWholeRecordAndTheRegistryFollows() async throws {
        try await H.with { h in
            let renamed = try H.replacing("name", with: #""OTF Moss Beach (renovated)""#, in: try Self.moss())
            let outcome = try await h.handlers.registerStore.handle(renamed)
            #expect(outcome.types == [.storeUpdated])
            let profile = try #require(h.handlers.registry.profile(storeId: H.mossBeach))
            #expect(profile.name == "OTF Moss Beach (renovated)")
            #expect(outcome.events[0].idempotencyKey == IdempotencyKeys.storeUpdated(profile))
            #expect(h.handlers.registry.position(of: H.mossBeach) == outcome.position)
            let again = try await h.handlers.registerStore.handle(renamed)
            #expect(again.kind == .duplicate(originalPositions: [outcome.position]))
        }
    }

    @Test func sameRecordWithListsReorderedIsADuplicate() async throws {
        try await H.with { h in
            let tampa = try H.replacing(
                "phoneNumbers", with: #"["(813) 555-0178", "+18135550177", "813.555.0177"]"#, in: try F.shared("stores/tampa.json"))
            let outcome = try await h.handlers.registerStore.handle(tampa)
            #expect(outcome.kind == .duplicate(originalPositions: [2]))
        }
    }

    @Test func registryLooksStoresUpByEveryKey() async throws {
        try await H.with { h in
            let registry = h.handlers.registry
            #expect(registry.profile(trackingId: try TrackingID("OT1187"))?.storeId == H.tampa)
            #expect(registry.profile(phoneNumber: PhoneNumber("+18135550178")!)?.storeId == H.tampa)
            #expect(registry.profiles(accountId: try AccountID("193365026")).map(\.storeId) == [H.mossBeach])
            let senders = registry.profiles(leadSender: try EmailAddress("Leads@Booking.Example.com"))
            #expect(Set(senders.map(\.storeId)) == [H.mossBeach, H.tampa])
            #expect(registry.profile(phoneNumber: H.dana) == nil)
            #expect(registry.all.count == 2)
        }
    }

    @Test func registryIsRebuiltFromTheLogOnOpen() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try EventStore(directory: directory, options: .testing())
            let handlers = try CommandHandlers(store: store, clock: ManualClock())
            _ = try await handlers.registerStore.handle(try F.shared("stores/tampa.json"))
            _ = try await handlers.registerStore.handle(
                try H.replacing("quietHours", with: #"{"start": "22:00", "end": "07:00"}"#, in: try F.shared("stores/tampa.json")))
            await store.close()
            let reopened = try EventStore(directory: directory, options: .testing())
            let registry = try StoreRegistry(store: reopened)
            let profile = try #require(registry.profile(storeId: H.tampa))
            #expect(profile.quietHours.start == (try TimeOfDay("22:00")))
            #expect(registry.position(of: H.tampa) == 2)
            await reopened.close()
        }
    }

    @Test(
        arguments: [
            ("storeId", #""not-a-uuid""#, "storeId"),
            ("storeId", nil, "storeId"),
            ("name", #""   ""#, "name"),
            ("franchiseId", #""orangeTheory-193365026""#, "franchiseId"),
            ("accountId", #""acct 1""#, "accountId"),
            ("trackingIds", #"["ok", "bad id"]"#, "trackingIds[1]"),
            ("leadSenders", #"["not-an-email"]"#, "leadSenders[0]"),
            ("phoneNumbers", #"["+16505550142", "555-0142"]"#, "phoneNumbers[1]"),
            ("phoneNumbers", #""+16505550142""#, "phoneNumbers"),
            ("timeZone", #""GMT+0530""#, "timeZone"),
            ("quietHours", #"{"start": "25:00", "end": "08:00"}"#, "quietHours.start"),
            ("quietHours", #"{"start": "21:00"}"#, "quietHours.end"),
            ("ruleSets", #"["federal", "texas"]"#, "ruleSets[1]"),
            ("ruleSets", #"[]"#, "ruleSets"),
            ("sla", #"{"highMinutes": -5}"#, "sla.highMinutes"),
            ("phoneNumber", #""+16505550142""#, "phoneNumber"),
        ] as [(String, String?, String)])
    func invalidFieldIsNamedAndNothingIsAppended(key: String, value: String?, field: String) async throws {
        try await H.with(registerStores: false) { h in
            let bytes = try H.replacing(key, with: value, in: try Self.moss())
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.registerStore.handle(bytes) }
            #expect(error?.field == field, "\(error.map(String.init(describing:)) ?? "no error")")
            #expect(error?.code == .invalidField || error?.code == .missingField)
            #expect(h.store.durablePosition == 0)
        }
    }

    @Test func malformedJSONIsRefusedAsMalformed() async throws {
        try await H.with(registerStores: false) { h in
            let error = await h.refusal { () async throws(CommandError) in
                try await h.handlers.registerStore.handle(Array(#"{"storeId": "#.utf8))
            }
            #expect(error?.code == .malformed)
        }
    }

    @Test func trackingIdOrPhoneOfAnotherStoreIsRefused() async throws {
        try await H.with { h in
            let stealsTracking = try H.replacing("trackingIds", with: #"["ot1187"]"#, in: try Self.moss())
            let tracking = await h.refusal { () async throws(CommandError) in try await h.handlers.registerStore.handle(stealsTracking) }
            #expect(tracking?.field == "trackingIds")
            #expect(tracking?.code == .unprocessable)
            let stealsPhone = try H.replacing("phoneNumbers", with: #"["+18135550177"]"#, in: try Self.moss())
            let phone = await h.refusal { () async throws(CommandError) in try await h.handlers.registerStore.handle(stealsPhone) }
            #expect(phone?.field == "phoneNumbers")
            #expect(phone?.reason.contains(H.tampa.rawValue) == true)
        }
    }

    @Test func changingBackToAnEarlierUpdatedRecordIsRefusedNotSilentlyDeduplicated() async throws {
        try await H.with { h in
            let a = try H.replacing("name", with: #""Moss Beach A""#, in: try Self.moss())
            let b = try H.replacing("name", with: #""Moss Beach B""#, in: try Self.moss())
            _ = try await h.handlers.registerStore.handle(a)
            _ = try await h.handlers.registerStore.handle(b)
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.registerStore.handle(a) }
            #expect(error?.code == .unprocessable)
            #expect(h.handlers.registry.profile(storeId: H.mossBeach)?.name == "Moss Beach B")
        }
    }
}
