import Domain
import EventStore
import Foundation
import Projections
import TestSupport
import Testing

/// READMODELS.md: projections are pure functions of the log — a read model built live, in
/// batches of random sizes while the log grows (≥ 100k events), equals one rebuilt from
/// position 1 (holding every contact in memory through the load, and holding only a few);
/// and one where any single projection was rebuilt alone equals the live one
/// (10k events, six builds); compared by a canonical sorted dump of every table.
@Suite struct DeterminismTests {
    /// ≥ 100k events by default (the size); CL_DETERMINISM_EVENTS overrides it.
    static let eventsMin = UInt64(ProcessInfo.processInfo.environment["CL_DETERMINISM_EVENTS"] ?? "") ?? 100_000

    /// Builds a history of at least `events` events, projecting it live in random batch sizes
    /// as it grows; returns the store (open), the read model and a runner at the log's end.
    static func projectLive(
        events: UInt64, random: inout SplitMix64, directory: String
    ) async throws -> (EventStore, ReadModel, ProjectionRunner) {
        var options = EventStoreOptions.testing(segmentSizeBytesMax: 16 << 20, preallocationStepBytes: 1 << 20)
        options.durability = .relaxed
        let store = try EventStore(directory: directory, options: options)
        let readModel = try ReadModel(dataDirectory: directory)
        var generator = HistoryGenerator(seed: random.seed)
        _ = try await store.append(generator.registrations().map { $0.proposed() }, expectedVersions: [:])
        var duplicates = 0
        while store.durablePosition < events {
            let result = try await store.append(generator.next().map { $0.proposed() }, expectedVersions: [:])
            duplicates += result.outcomes.filter(\.isDuplicate).count
            if Int.random(in: 0..<8, using: &random) == 0 {
                let runner = try ProjectionRunner(
                    store: store, readModel: readModel, options: .init(batchSizeMax: Int.random(in: 1...3_000, using: &random)))
                let applied = runner.status.appliedPosition
                let target = UInt64.random(in: applied...store.durablePosition, using: &random)
                try await offPool { try runner.catchUp(through: target) }
            }
        }
        let runner = try ProjectionRunner(store: store, readModel: readModel)
        try await offPool { try runner.catchUp() }
        #expect(duplicates > 0, "the history has redeliveries")
        return (store, readModel, runner)
    }

    @Test func liveProjectionInRandomBatchesEqualsAFullRebuild() async throws {
        var random = SplitMix64.fromEnvironment()
        let hint = random.replayHint
        try await TemporaryDirectory.with("determinism") { directory in
            let (store, readModel, runner) = try await Self.projectLive(events: Self.eventsMin, random: &random, directory: directory)
            defer { Task { await store.close() } }
            let live = try await offPool { try readModel.canonicalDump() }
            #expect(!live.contains("-- contacts (0 rows)") && !live.contains("-- contact_timeline (0 rows)"))
            let full = try await offPool { try runner.rebuild() }
            #expect(full.position == store.durablePosition)
            let rebuilt = try await offPool { try readModel.canonicalDump() }
            #expect(rebuilt == live, "full rebuild differs; \(hint)")
            // Again with a load that holds few contacts, so it writes them many times over
            // (re-reading the ones it wrote), in small rebuild transactions.
            let held = Int.random(in: 50...2_000, using: &random)
            let small = try ProjectionRunner(
                store: store, readModel: readModel,
                options: .init(rebuildBatchSizeMax: Int.random(in: 500...5_000, using: &random), rebuildContactsHeldMax: held))
            try await offPool { _ = try small.rebuild() }
            let rebuiltSmall = try await offPool { try readModel.canonicalDump() }
            #expect(rebuiltSmall == live, "full rebuild holding \(held) contacts differs; \(hint)")
        }
    }

    /// Each projection rebuilt alone (its tables cleared in a copy of the live generation)
    /// equals the live one: no projection reads another's tables.
    @Test func eachProjectionRebuiltAloneEqualsTheLiveOne() async throws {
        var random = SplitMix64.fromEnvironment()
        let hint = random.replayHint
        try await TemporaryDirectory.with("determinism-one") { directory in
            let (store, readModel, runner) = try await Self.projectLive(events: 10_000, random: &random, directory: directory)
            defer { Task { await store.close() } }
            let live = try await offPool { try readModel.canonicalDump() }
            for name in ProjectionName.allCases {
                try await offPool { _ = try runner.rebuild(only: name) }
                let rebuilt = try await offPool { try readModel.canonicalDump() }
                #expect(rebuilt == live, "rebuild of \(name.rawValue) differs; \(hint)")
            }
        }
    }
}
