import EventStore
import Glibc
import Testing
import TestSupport

/// ENOSPC. Space is reserved with fallocate before a batch is encoded, so a full disk fails
/// the append before any of its bytes are written and before any state changes: the same
/// store appends again once space is back (docs/FORMAT.md, EventStoreOptions). ENOSPC that
/// escapes the reservation (a write) is a failed write: the writer stops until reopened.
@Suite struct NoSpaceTests {
    static let builder = EventBuilder()

    @Test func enospcFromPreallocationFailsTheAppendAndTheSameStoreAppendsOnceSpaceIsBack() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let options = EventStoreOptions.testing(fileSystem: files)
            let store = try EventStore(directory: directory, options: options)
            for batch in FaultFixture.batches(3, eventsPerBatch: 2) { _ = try await store.append(batch) }
            let before = try store.allEvents()
            let segment = try #require(try LogFiles.segmentPaths(in: directory).first)

            // Larger than the 4 KiB preallocated ahead: this append must reserve more.
            let big = [Self.builder.event(10, paddingBytes: 5000)]
            files.inject(Fault(.preallocate, .noSpace))
            let error = await #expect(throws: StoreError.self) { try await store.append(big) }
            guard case .noSpace(let path, _)? = error else { Issue.record("expected .noSpace, got \(String(describing: error))"); return }
            #expect(path == segment)
            #expect(files.fired.map(\.operation) == [.preallocate])
            #expect(store.durablePosition == 6)
            #expect(try store.allEvents() == before)
            #expect(store.streamVersion(big[0].stream) == 1, "the stream table is unchanged")

            files.clearFaults()
            let retried = try await store.append(big)
            #expect(retried.outcomes == [.appended(position: 7, version: 2)], "not a duplicate: the failed append left no key")
            await store.close()

            let reopened = try EventStore(directory: directory, options: .testing())
            #expect(try reopened.allEvents().map(\.idempotencyKey) == before.map(\.idempotencyKey) + [big[0].idempotencyKey])
            await reopened.close()
        }
    }

    @Test func openingANewLogOnAFullDiskFailsWithNoSpaceAndLeavesNoSegment() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            files.inject(Fault(.preallocate, .noSpace, pathSuffix: ".seg"))
            let error = await FaultFixture.openError(directory, options: .testing(fileSystem: files))
            #expect(error?.code == "no_space", "\(String(describing: error))")
            #expect(try LogFiles.segmentPaths(in: directory).isEmpty)

            files.clearFaults()
            let store = try EventStore(directory: directory, options: .testing(fileSystem: files))
            #expect(try await store.append([Self.builder.event(1)]).position == 1)
            await store.close()
        }
    }

    @Test func enospcWhileCreatingTheNextSegmentFailsTheAppendAndRotationSucceedsLater() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let store = try EventStore(directory: directory, options: FaultFixture.smallSegments(fileSystem: files))
            let first = try #require(try LogFiles.segmentPaths(in: directory).first)
            // Fill the first segment past its 4 KiB limit: the next append rotates.
            var n = 0
            while try (LogFiles.batches(inSegment: first).last?.end ?? 0) < 4096 {
                _ = try await store.append(Self.builder.batch(n..<(n + 2), paddingBytes: 150))
                n += 2
            }
            let before = try store.allEvents()
            let nextName = LogFiles.segmentName(firstPosition: UInt64(n + 1))
            files.inject(Fault(.preallocate, .noSpace, pathSuffix: nextName))

            let batch = Self.builder.batch(n..<(n + 2), paddingBytes: 150)
            let error = await #expect(throws: StoreError.self) { try await store.append(batch) }
            #expect(error?.code == "no_space", "\(String(describing: error))")
            #expect(files.fired.map(\.path) == [directory + "/" + nextName])
            #expect(try LogFiles.segmentPaths(in: directory) == [first], "the half-created segment was removed")
            #expect(!(try LogFiles.frames(inSegment: first).contains { $0.kind == 3 }), "the full segment is not sealed yet")
            #expect(store.durablePosition == UInt64(n))
            #expect(try store.allEvents() == before)

            files.clearFaults()
            let retried = try await store.append(batch)
            #expect(retried.outcomes.map(\.position) == [UInt64(n + 1), UInt64(n + 2)])
            #expect(try LogFiles.segmentPaths(in: directory) == [first, directory + "/" + nextName])
            #expect(try LogFiles.frames(inSegment: first).last?.kind == 3, "the full segment is sealed now")
            await store.close()

            let reopened = try EventStore(directory: directory, options: FaultFixture.smallSegments())
            #expect(try reopened.allEvents().map(\.position) == Array(1...UInt64(n + 2)))
            await reopened.close()
        }
    }

    @Test func enospcFromAWriteStopsTheWriterAndReopeningKeepsEveryAcknowledgedEvent() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let store = try EventStore(directory: directory, options: .testing(fileSystem: files))
            for batch in FaultFixture.batches(3, eventsPerBatch: 2) { _ = try await store.append(batch) }
            let acknowledged = try store.allEvents()

            files.inject(Fault(.write, .noSpace, pathSuffix: ".seg"))
            let failed = Self.builder.batch(20..<22)
            let error = await #expect(throws: StoreError.self) { try await store.append(failed) }
            #expect(error?.code == "no_space", "\(String(describing: error))")
            #expect(files.fired.map(\.operation) == [.write])
            let refused = await #expect(throws: StoreError.self) { try await store.append([Self.builder.event(30)]) }
            #expect(refused?.code == "writer_failed")
            #expect(try store.allEvents() == acknowledged, "readers still see every acknowledged event")
            await store.close()

            let reopened = try EventStore(directory: directory, options: .testing())
            #expect(try reopened.allEvents() == acknowledged)
            #expect(try await reopened.append(failed).outcomes.map(\.position) == [7, 8])
            await reopened.close()
        }
    }
}
