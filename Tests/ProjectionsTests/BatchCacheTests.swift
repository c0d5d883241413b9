import Domain
import EventStore
import Foundation
import GRDB
import Projections
import TestSupport
import Testing

/// The contacts projection keeps a batch's rows in memory and writes each once at the end
/// (`ContactRowCache`). Whatever the batch size, the read model must be the one that
/// applying the events one at a time gives — including the rowids of new contacts, which
/// order the contacts page and key the search index.
@Suite struct BatchCacheTests {
    @Test func oneBigBatchWritesWhatOneEventAtATimeWrites() async throws {
        try await TemporaryDirectory.with("batch-cache") { directory in
            var options = EventStoreOptions.testing()
            options.durability = .relaxed
            let store = try EventStore(directory: directory + "/one", options: options)
            var generator = HistoryGenerator(seed: 11, contactsPerStore: 40)
            let registrations = generator.registrations()
            _ = try await store.append(registrations.map { $0.proposed() }, expectedVersions: [:])
            while store.durablePosition < 3_000 {
                _ = try await store.append(generator.next().map { $0.proposed() }, expectedVersions: [:])
            }
            // A contact looked up before it exists (lead.cooled does not create one), then a
            // second contact created, then the first: event at a time, the second gets the
            // lower rowid, and so must the batch.
            guard case .storeRegistered(let registered) = registrations[0].payload else {
                Issue.record("the first registration registers a store")
                return
            }
            let storeId = registered.profile.storeId
            let first = PhoneNumber("+15305550101")!
            let second = PhoneNumber("+15305550102")!
            let at = Timestamp(microsecondsSinceEpoch: 1_775_000_000_000_000)
            let staff = try EventActor.staff(userId: "u1")
            let cooled = try LeadCooled(
                storeId: storeId, phone: first, fromStatus: .new, contactCreatedAt: Date(timeIntervalSince1970: 1_774_000_000))
            let edge = [
                DomainEvent(cooled, actor: .system, occurredAt: at),
                DomainEvent(
                    ContactNotesUpdated(storeId: storeId, phone: second, notes: "created second"), requestId: RequestID("batch-r1"),
                    actor: staff, occurredAt: at),
                DomainEvent(
                    ContactNotesUpdated(storeId: storeId, phone: first, notes: "created third"), requestId: RequestID("batch-r2"),
                    actor: staff, occurredAt: at),
            ]
            for event in edge { _ = try await store.append([event.proposed()], expectedVersions: [:]) }
            defer { Task { await store.close() } }

            var dumps: [String] = []
            var rowids: [[String]] = []
            for (name, size) in [("one", 1), ("all", 100_000)] {
                let readModel = try ReadModel(dataDirectory: directory + "/rm-" + name)
                let runner = try ProjectionRunner(store: store, readModel: readModel, options: .init(batchSizeMax: size))
                try await offPool { _ = try runner.catchUp() }
                dumps.append(try await offPool { try readModel.canonicalDump() })
                rowids.append(
                    try readModel.read { db in
                        try String.fetchAll(db, sql: "SELECT rowid || ' ' || storeId || ' ' || phone FROM contacts ORDER BY rowid")
                    })
            }
            #expect(rowids[0].count > 40)
            #expect(rowids[0] == rowids[1])
            #expect(dumps[0] == dumps[1])
            let order = rowids[1].filter { $0.hasSuffix(first.e164) || $0.hasSuffix(second.e164) }
            #expect(order.map { $0.split(separator: " ").last.map(String.init) } == [second.e164, first.e164])
        }
    }
}
