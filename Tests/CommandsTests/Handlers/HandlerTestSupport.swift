import Domain
import EventStore
import Foundation
import TestSupport
import Testing

@testable import Commands

/// A real event store in its own temporary directory with every handler over it, and the
/// checks handler tests share. Each test gets its own store (STYLE.md).
struct HandlerHarness {
    let store: EventStore
    let handlers: CommandHandlers
    let clock: ManualClock

    static let mossBeach = try! StoreID("5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
    static let tampa = try! StoreID("c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51")
    static let dana = PhoneNumber("+14155550123")!
    static let jordan = PhoneNumber("+14155550187")!

    /// Runs `body` against a fresh store (clock at 2026-03-01T00:00:00Z), closing it after.
    static func with<T>(
        _ label: String = #function, registerStores: Bool = true, _ body: (HandlerHarness) async throws -> T
    ) async throws -> T {
        try await TemporaryDirectory.with(label) { directory in
            let clock = ManualClock(start: ISOTime.parseTimestamp("2026-03-01T00:00:00Z")!)
            let store = try EventStore(directory: directory, options: .testing(clock: clock))
            let harness = HandlerHarness(store: store, handlers: try CommandHandlers(store: store, clock: clock), clock: clock)
            do {
                if registerStores { try await harness.registerFixtureStores() }
                let result = try await body(harness)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }

    /// Both shared stores (EXPECTED.md: "Register both stores first").
    @discardableResult
    func registerFixtureStores() async throws -> [CommandOutcome] {
        [
            try await handlers.registerStore.handle(try F.shared("stores/moss-beach.json")),
            try await handlers.registerStore.handle(try F.shared("stores/tampa.json")),
        ]
    }

    /// Every durable event, decoded.
    func events() throws -> [DomainEvent] {
        try store.allEvents().map { try DomainEvent(recorded: $0) }
    }

    func events(in stream: String) throws -> [DomainEvent] {
        try store.readStream(stream).map { try DomainEvent(recorded: $0) }
    }

    func recorded(at position: UInt64) throws -> DomainEvent {
        try DomainEvent(recorded: try #require(try store.event(at: position)))
    }

    /// Runs a handler call that must be refused: returns the error, and checks that nothing
    /// was appended (the durable end did not move).
    @discardableResult
    func refusal<T>(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws(CommandError) -> T
    ) async -> CommandError? {
        let before = store.durablePosition
        do {
            let value = try await body()
            Issue.record("expected a refusal, got \(value)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(store.durablePosition == before, "an append happened before the refusal", sourceLocation: sourceLocation)
            return error
        }
    }

    /// `json` with the top-level member `key` replaced by `value` (raw JSON text), or removed.
    static func replacing(_ key: String, with value: String?, in json: [UInt8]) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        if let value {
            object[key] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        } else {
            object[key] = nil
        }
        return [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}

typealias F = RingCentralTestFixtures

extension CommandOutcome {
    var types: [EventType] { events.map(\.type) }
}
