import Domain
import EventStore
import Foundation
import Projections
import TestSupport
import Testing

/// READMODELS.md: projections are pure functions of the log — a read model built live, in
/// batches of random sizes while the log grows, equals one rebuilt from position 1, and
/// equals one where any single projection was rebuilt alone; compared by a canonical
/// sorted dump of every table.
@Suite struct DeterminismTests {
    /// ≥ 100k events by default (the size); CL_DETERMINISM_EVENTS overrides it.
    static let eventsMin = UInt64(ProcessInfo.processInfo.environment["CL_DETERMINISM_EVENTS"] ?? "") ?? 100_000

    @Test func liveProjectionInRandomBatchesEqualsRebuildsFromPositionOne() async throws {
        var random = SplitMix64.fromEnvironment()
        let hint = random.replayHint
        try await TemporaryDirectory.with("determinism") { directory in
            var options = EventStoreOptions.testing(segmentSizeBytesMax: 16 << 20, preallocationStepBytes: 1 << 20)
            options.durability = .relaxed
            let store = try EventStore(directory: directory, options: options)
            defer { Task { await store.close() } }
            let readModel = try ReadModel(dataDirectory: directory)
            var generator = HistoryGenerator(seed: random.seed)
            _ = try await store.append(generator.registrations().map { $0.proposed() }, expectedVersions: [:])
            var duplicates = 0
            while store.durablePosition < Self.eventsMin {
                let result = try await store.append(generator.next().map { $0.proposed() }, expectedVersions: [:])
                duplicates += result.outcomes.filter(\.isDuplicate).count
                if Int.random(in: 0..<8, using: &random) == 0 {
                    let runner = try ProjectionRunner(
                        store: store, readModel: readModel,
                        options: .init(batchSizeMax: Int.random(in: 1...3_000, using: &random)))
                    let applied = runner.status.appliedPosition
                    try runner.catchUp(through: UInt64.random(in: applied...store.durablePosition, using: &random))
                }
            }
            let runner = try ProjectionRunner(store: store, readModel: readModel)
            try runner.catchUp()
            #expect(duplicates > 0, "the history has redeliveries")
            let live = try readModel.canonicalDump()
            #expect(live.contains("-- contacts (") && !live.contains("-- contacts (0 rows)"))

            let full = try runner.rebuild()
            #expect(full.position == store.durablePosition)
            #expect(try readModel.canonicalDump() == live, "full rebuild differs; \(hint)")
            for name in ProjectionName.allCases {
                try runner.rebuild(only: name)
                #expect(try readModel.canonicalDump() == live, "rebuild of \(name.rawValue) differs; \(hint)")
            }
        }
    }
}
