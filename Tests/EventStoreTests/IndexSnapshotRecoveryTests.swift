import EventStore
import Foundation
import Testing
import TestSupport

/// index.snap is derived data (docs/FORMAT.md): missing, damaged, or claiming more than the
/// log holds, it is rebuilt from the segments; older than the log, the events after it are
/// replayed. Either way idempotency and stream versions hold across the restart.
@Suite struct IndexSnapshotRecoveryTests {
    enum Damage: String, CaseIterable, Sendable {
        case deleted
        case flippedHeaderByte
        case flippedTableByte
        case truncated
        case emptied
        /// A snapshot from a longer log: it claims positions the log does not hold.
        case fromALongerLog
        /// A snapshot from earlier in this log's life: the events after it must be replayed.
        case fromEarlierInTheLog
    }

    static let builder = EventBuilder()
    static let firstBatches = FaultFixture.batches(4, eventsPerBatch: 3)
    static let laterBatches = FaultFixture.batches(3, eventsPerBatch: 3, from: 12)

    @Test("idempotency and stream versions survive a restart with a damaged snapshot", arguments: Damage.allCases)
    func idempotencyHoldsAcrossARestartWithADamagedSnapshot(_ damage: Damage) async throws {
        try await TemporaryDirectory.with { root in
            let directory = root + "/log"
            let snapshot = directory + "/index.snap"
            _ = try await FaultFixture.writeLog(in: directory, batches: Self.firstBatches)
            let earlySnapshot = try LogFiles.readBytes(snapshot)
            let events = try await Self.appendLater(in: directory)
            let snapshotBytes = try LogFiles.readBytes(snapshot)
            #expect(snapshotBytes != earlySnapshot, "close rewrote the snapshot")

            switch damage {
            case .deleted: try FileManager.default.removeItem(atPath: snapshot)
            case .flippedHeaderByte: try LogFiles.flipBit(in: snapshot, at: 17)
            case .flippedTableByte: try LogFiles.flipBit(in: snapshot, at: snapshotBytes.count / 2, bit: 3)
            case .truncated: try LogFiles.truncate(snapshot, to: snapshotBytes.count - 9)
            case .emptied: try LogFiles.truncate(snapshot, to: 0)
            case .fromEarlierInTheLog: try LogFiles.writeBytes(earlySnapshot, to: snapshot)
            case .fromALongerLog:
                let longer = root + "/longer"
                _ = try await FaultFixture.writeLog(
                    in: longer, batches: Self.firstBatches + Self.laterBatches + [Self.builder.batch(50..<60)])
                try LogFiles.writeBytes(try LogFiles.readBytes(longer + "/index.snap"), to: snapshot)
            }

            let store = try EventStore(directory: directory, options: .testing())
            #expect(try store.allEvents() == events)
            // Every key already in the log is a duplicate of its original, first and last.
            for original in [events[0], events[11], events[events.count - 1]] {
                let again = try await store.append([Self.builder.event(Int(original.idempotencyKey.dropFirst(4))!)])
                #expect(again.outcomes == [.duplicate(originalPosition: original.position)], "\(original.idempotencyKey)")
            }
            // Stream versions continue where each stream stopped.
            for stream in ["stream/0", "stream/1", "stream/2"] {
                let last = try #require(events.last(where: { $0.stream == stream }))
                #expect(store.streamVersion(stream) == last.version, "\(stream)")
            }
            let next = try await store.append([Self.builder.event(90, stream: "stream/0")])
            let lastOfStream0 = try #require(events.last(where: { $0.stream == "stream/0" }))
            #expect(next.outcomes == [.appended(position: UInt64(events.count + 1), version: lastOfStream0.version + 1)])
            #expect(try store.readStream("stream/0").map(\.version) == Array(0...(lastOfStream0.version + 1)))
            await store.close()

            // The snapshot written on close is whole again: one more restart needs no rebuild.
            let again = try EventStore(directory: directory, options: .testing())
            let repeated = try await again.append([Self.builder.event(90, stream: "stream/0")])
            #expect(repeated.outcomes == [.duplicate(originalPosition: UInt64(events.count + 1))])
            await again.close()
        }
    }

    /// A torn tail cut events the snapshot covers; the log then grew back past the snapshot's
    /// position with different events before a new snapshot reached the disk (here: every
    /// snapshot write fails, as on a full disk; a crash right after the appends does the same).
    /// The old snapshot now covers a position the log holds, but other events: trusting it
    /// would forget the new keys (a retry appends a second copy) and the streams' versions.
    @Test func aSnapshotFromBeforeATornTailIsNotTrustedAfterTheLogGrowsBackPastIt() async throws {
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeLog(in: directory, batches: FaultFixture.batches(3, eventsPerBatch: 2))
            let segment = try #require(try LogFiles.segmentPaths(in: directory).first)
            let last = try #require(try LogFiles.batches(inSegment: segment).last)
            try LogFiles.truncate(segment, to: last.offset + 20)

            let files = FaultInjectingFileSystem()
            files.inject(Fault(.open, .noSpace, pathSuffix: "index.snap.tmp"))
            let recovered = try EventStore(directory: directory, options: .testing(fileSystem: files))
            #expect(recovered.repairs.count == 1)
            let replacements = [Self.builder.event(200, stream: "stream/other"), Self.builder.event(201, stream: "stream/other")]
            #expect(try await recovered.append(replacements).outcomes.map(\.position) == [5, 6])
            await recovered.close()

            let store = try EventStore(directory: directory, options: .testing())
            #expect(try store.allEvents().map(\.idempotencyKey) == events.prefix(4).map(\.idempotencyKey) + ["key-200", "key-201"])
            let retry = try await store.append([replacements[1]])
            #expect(retry.outcomes == [.duplicate(originalPosition: 6)], "a retry of an acknowledged event is a duplicate")
            let torn = try await store.append([events[4]].map { Self.builder.event(Int($0.idempotencyKey.dropFirst(4))!) })
            #expect(torn.outcomes == [.appended(position: 7, version: 1)], "the torn event's key is free again")
            #expect(store.streamVersion("stream/other") == 1)
            #expect(try store.readStream("stream/other").map(\.position) == [5, 6])
            await store.close()
        }
    }

    /// Appends the later batches after a restart; returns every event.
    static func appendLater(in directory: String) async throws -> [RecordedEvent] {
        let store = try EventStore(directory: directory, options: .testing())
        for batch in laterBatches { _ = try await store.append(batch) }
        let events = try store.allEvents()
        await store.close()
        return events
    }
}
