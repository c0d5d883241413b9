import Domain
import EventStore
import Foundation
import TestSupport
import Testing

@testable import Audit

/// The scan is split in chunks of positions read by several workers and joined (docs/AUDIT.md,
/// "How it works"). However the log is split — one worker reading everything, chunks of one
/// event, chunks that cross segment and batch boundaries, more workers than cores — the report's
/// JSON bytes and the final Do-Not-Contact list are the same. The history is TestSupport's
/// generator (late deliveries, STOP/START, AI and staff DNC, merges) over small segments.
/// Seed from `AUDIT_SPLIT_SEED` to replay.
@Suite struct ParallelReplayTests {
    static let sequential = ReplayPlan(workers: 1, chunkPositions: UInt64.max)
    static let splits = [
        ReplayPlan(workers: 2, chunkPositions: 4_099),
        ReplayPlan(workers: 4, chunkPositions: 257),
        ReplayPlan(workers: 3, chunkPositions: 1),
    ]

    @Test func everySplitOfTheScanGivesTheSameReportBytesAndFinalDoNotContact() async throws {
        let seed = ProcessInfo.processInfo.environment["AUDIT_SPLIT_SEED"].flatMap(UInt64.init) ?? 20_261_123
        try await TemporaryDirectory.with(#function) { directory in
            var options = EventStoreOptions.testing(segmentSizeBytesMax: 1 << 20, preallocationStepBytes: 1 << 18)
            options.durability = .relaxed
            let store = try EventStore(directory: directory, options: options)
            var generator = HistoryGenerator(seed: seed, contactsPerStore: 150)
            _ = try await store.append(generator.registrations().map { $0.proposed() }, expectedVersions: [:])
            while store.durablePosition < 12_000 {
                _ = try await store.append(generator.next().map { $0.proposed() }, expectedVersions: [:])
            }
            let generatedAt = Timestamp(microsecondsSinceEpoch: 0)
            let storeId = generator.stores[1].storeId
            let audits: [(String, TCPAAuditOptions)] = [
                ("default", TCPAAuditOptions()),
                ("one store", try TCPAAuditOptions(storeId: storeId.rawValue, from: nil, to: nil, ruleSets: nil)),
                ("time range", try TCPAAuditOptions(storeId: nil, from: "2026-03-05T00:00:00Z", to: "2026-03-20T00:00:00Z", ruleSets: nil)),
                ("state sets", try TCPAAuditOptions(storeId: nil, from: nil, to: nil, ruleSets: "federal,florida,oklahoma,maryland")),
            ]
            for (label, auditOptions) in audits {
                let expected = try TCPAAudit.run(
                    store: store, options: auditOptions, generatedAt: generatedAt, plan: Self.sequential, progress: nil)
                #expect(expected.range.eventsReplayed > 0, "seed \(seed), \(label)")
                let expectedBytes = expected.jsonBytes()
                for plan in Self.splits {
                    let report = try TCPAAudit.run(store: store, options: auditOptions, generatedAt: generatedAt, plan: plan, progress: nil)
                    #expect(report.jsonBytes() == expectedBytes, "seed \(seed), \(label), \(plan)")
                }
            }
            let hasViolations = try TCPAAudit.run(store: store, generatedAt: generatedAt).counts.violations > 0
            #expect(hasViolations, "seed \(seed): the history exercises the rules")

            for filter in [nil, storeId] {
                let expected = try TCPAAudit.finalDoNotContact(store: store, storeId: filter, plan: Self.sequential)
                #expect(expected.contains { $0.doNotContact }, "seed \(seed)")
                for plan in Self.splits {
                    #expect(try TCPAAudit.finalDoNotContact(store: store, storeId: filter, plan: plan) == expected, "seed \(seed), \(plan)")
                }
            }
            await store.close()
        }
    }
}
