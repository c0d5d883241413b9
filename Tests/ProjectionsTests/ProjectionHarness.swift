import Commands
import Domain
import EventStore
import Foundation
import Projections
import TestSupport
import Testing

/// A real event store and a real read model in one temporary data directory, the command
/// handlers over the store and a runner over both. Each test gets its own (STYLE.md).
struct ProjectionHarness {
    let directory: String
    let store: EventStore
    let handlers: CommandHandlers
    let clock: ManualClock
    let readModel: ReadModel
    let runner: ProjectionRunner

    static let mossBeach = "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"
    static let tampa = "c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51"

    static func with<T>(
        _ label: String = #function, registerStores: Bool = true, _ body: (ProjectionHarness) async throws -> T
    ) async throws -> T {
        try await TemporaryDirectory.with(label) { directory in
            let clock = ManualClock(start: ISOTime.parseTimestamp("2026-03-01T00:00:00Z")!)
            let store = try EventStore(directory: directory, options: .testing(clock: clock))
            do {
                let readModel = try ReadModel(dataDirectory: directory)
                let harness = ProjectionHarness(
                    directory: directory, store: store, handlers: try CommandHandlers(store: store, clock: clock),
                    clock: clock, readModel: readModel, runner: try ProjectionRunner(store: store, readModel: readModel))
                if registerStores {
                    _ = try await harness.handlers.registerStore.handle(try Fixtures.shared("stores/moss-beach.json"))
                    _ = try await harness.handlers.registerStore.handle(try Fixtures.shared("stores/tampa.json"))
                }
                let result = try await body(harness)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }

    /// Applies everything durable and returns the applied position.
    @discardableResult
    func project() throws -> UInt64 { try runner.catchUp() }

    func email(_ name: String) async throws -> CommandOutcome {
        let handler = LeadEmailHandler(store: store, registry: handlers.registry)
        return try await handler.handle(try Fixtures.shared("email/\(name)"))
    }

    func contact(_ phone: String, store storeId: String = mossBeach, now: String = "2026-03-02T17:00:00Z") throws -> ContactView? {
        try readModel.contact(storeId: storeId, phone: phone, now: ISOTime.parseTimestamp(now)!)
    }

    func tasks(_ phone: String, store storeId: String = mossBeach, now: String = "2026-03-02T17:00:00Z") throws -> [TaskView] {
        try readModel.tasks(TasksQuery(storeId: storeId, contactPhone: phone, now: ISOTime.parseTimestamp(now)!)).tasks
    }

    func timelineTypes(_ phone: String, store storeId: String = mossBeach) throws -> [String] {
        try readModel.timeline(storeId: storeId, phone: phone, limit: 200).entries.map(\.eventType)
    }

    func count(_ sql: String) throws -> Int {
        try readModel.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}

/// The shared fixtures (Tests/CommandsTests/Fixtures/shared, a copy of ../shared/fixtures),
/// read from the source tree.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CommandsTests/Fixtures/shared")

    static func shared(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }
}

import GRDB
