import EventStore
import Glibc
import Testing
import TestSupport

/// A failed fdatasync or a torn write. Whether the group reached the disk is unknown, so its
/// appenders get the error (never an acknowledgement), and the writer refuses every later
/// append until the store is reopened; it never retries an fsync silently (STYLE.md, the
/// PostgreSQL "fsyncgate" lesson). Reopening recovers every acknowledged event.
@Suite struct SyncFailureTests {
    static let builder = EventBuilder()

    @Test func anFsyncFailureFailsTheAppendAndTheWriterRefusesUntilReopened() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let store = try EventStore(directory: directory, options: .testing(fileSystem: files))
            for batch in FaultFixture.batches(3, eventsPerBatch: 2) { _ = try await store.append(batch) }
            let acknowledged = try store.allEvents()
            let segment = try #require(try LogFiles.segmentPaths(in: directory).first)

            files.inject(Fault(.sync, .ioError(errno: EIO), pathSuffix: ".seg"))
            let unacknowledged = Self.builder.batch(20..<22)
            await #expect(throws: StoreError.io(operation: "fdatasync", path: segment, errno: EIO)) {
                try await store.append(unacknowledged)
            }
            // Every later append is refused, a retry of the failed one and a duplicate too.
            for attempt in [unacknowledged, [Self.builder.event(30)], FaultFixture.batches(1, eventsPerBatch: 2)[0]] {
                let error = await #expect(throws: StoreError.self) { try await store.append(attempt) }
                #expect(error?.code == "writer_failed", "\(String(describing: error))")
            }
            #expect(store.durablePosition == 6)
            #expect(try store.allEvents() == acknowledged)
            await store.close()
            #expect(files.fired.count == 1, "the failed fsync was not retried")

            let reopened = try EventStore(directory: directory, options: .testing())
            let events = try reopened.allEvents()
            // The failed group may or may not have reached the disk; either way it is whole.
            #expect(Array(events.prefix(6)) == acknowledged)
            #expect(events.count == 6 || events.count == 8)
            #expect(events.map(\.position) == Array(1...UInt64(events.count)))
            let retried = try await reopened.append(unacknowledged)
            #expect(retried.outcomes.map(\.position) == [7, 8])
            await reopened.close()
        }
    }

    @Test func onlyAppendsWhoseFsyncSucceededAreAcknowledged() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let store = try EventStore(directory: directory, options: .testing(fileSystem: files))
            // One append at a time: one fsync each. The fourth fails.
            files.inject(Fault(.sync, .ioError(errno: EIO), pathSuffix: ".seg", passingCalls: 3))
            var acknowledged: [UInt64] = []
            for i in 0..<6 {
                do { acknowledged.append(try await store.append([Self.builder.event(i)]).position) } catch { break }
            }
            #expect(acknowledged == [1, 2, 3])
            #expect(files.fired.count == 1)
            await store.close()

            let reopened = try EventStore(directory: directory, options: .testing())
            #expect(try reopened.allEvents().prefix(3).map(\.position) == acknowledged)
            await reopened.close()
        }
    }

    @Test func everyAppenderSharingAFailedFsyncGetsTheError() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let store = try EventStore(directory: directory, options: .testing(fileSystem: files))
            _ = try await store.append(Self.builder.batch(0..<2))
            files.inject(Fault(.sync, .ioError(errno: EIO), pathSuffix: ".seg"))

            let outcomes = await withTaskGroup(of: Result<AppendResult, any Error>.self) { group in
                for i in 0..<16 {
                    group.addTask {
                        do { return .success(try await store.append([Self.builder.event(100 + i)])) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let acknowledged = outcomes.compactMap { try? $0.get() }
            #expect(acknowledged.isEmpty, "no append is acknowledged after the failed fsync: \(acknowledged)")
            #expect(outcomes.allSatisfy { if case .failure(let error as StoreError) = $0 { error.code == "io_error" || error.code == "writer_failed" } else { false } })
            #expect(store.durablePosition == 2)
            await store.close()

            let reopened = try EventStore(directory: directory, options: .testing())
            let events = try reopened.allEvents()
            #expect(events.prefix(2).map(\.idempotencyKey) == ["key-0", "key-1"])
            #expect(events.map(\.position) == Array(1...UInt64(events.count)))
            await reopened.close()
        }
    }

    enum SealFault: String, CaseIterable, Sendable {
        case truncateFails
        case syncFails

        var fault: Fault {
            switch self {
            case .truncateFails: Fault(.truncate, .ioError(errno: EIO), pathSuffix: ".seg")
            // The first fsync of the full segment after arming is the seal's own.
            case .syncFails: Fault(.sync, .ioError(errno: EIO), pathSuffix: LogFiles.segmentName(firstPosition: 1))
            }
        }
    }

    @Test("a failed seal stops the writer and reopening continues the log", arguments: SealFault.allCases)
    func aFailedSealStopsTheWriterAndReopeningContinuesTheLog(_ sealFault: SealFault) async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let store = try EventStore(directory: directory, options: FaultFixture.smallSegments(fileSystem: files))
            let first = directory + "/" + LogFiles.segmentName(firstPosition: 1)
            var n = 0
            while try (LogFiles.batches(inSegment: first).last?.end ?? 0) < 4096 {
                _ = try await store.append(Self.builder.batch(n..<(n + 2), paddingBytes: 150))
                n += 2
            }
            let acknowledged = try store.allEvents()

            // This append rotates: the next segment is created, then the flusher seals the
            // full one and writes the batch into the new one. The seal fails.
            files.inject(sealFault.fault)
            await #expect(throws: StoreError.self) { try await store.append(Self.builder.batch(n..<(n + 2), paddingBytes: 150)) }
            #expect(files.fired.count == 1)
            let refused = await #expect(throws: StoreError.self) { try await store.append([Self.builder.event(900)]) }
            #expect(refused?.code == "writer_failed")
            await store.close()

            let reopened = try EventStore(directory: directory, options: FaultFixture.smallSegments())
            let events = try reopened.allEvents()
            #expect(Array(events.prefix(acknowledged.count)) == acknowledged)
            #expect(events.map(\.position) == Array(1...UInt64(events.count)))
            let next = try await reopened.append([Self.builder.event(901)])
            #expect(next.position == UInt64(events.count + 1))
            await reopened.close()
            let again = try EventStore(directory: directory, options: FaultFixture.smallSegments().readOnly)
            #expect(try again.allEvents().count == events.count + 1)
            #expect(again.problems.isEmpty)
        }
    }

    @Test func aTornWriteStopsTheWriterAndReopeningTruncatesTheTornBatch() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let store = try EventStore(directory: directory, options: .testing(fileSystem: files))
            for batch in FaultFixture.batches(3, eventsPerBatch: 2) { _ = try await store.append(batch) }
            let acknowledged = try store.allEvents()
            let segment = try #require(try LogFiles.segmentPaths(in: directory).first)
            let tornAt = try #require(try LogFiles.batches(inSegment: segment).last).end

            files.inject(Fault(.write, .tornWrite(bytesWritten: 40), pathSuffix: ".seg"))
            await #expect(throws: StoreError.io(operation: "pwrite", path: segment, errno: EIO)) {
                try await store.append(Self.builder.batch(20..<22))
            }
            let refused = await #expect(throws: StoreError.self) { try await store.append([Self.builder.event(30)]) }
            #expect(refused?.code == "writer_failed")
            await store.close()
            #expect(try LogFiles.readBytes(segment)[tornAt..<(tornAt + 40)].contains { $0 != 0 }, "40 bytes of the batch landed")

            let reopened = try EventStore(directory: directory, options: .testing())
            #expect(try reopened.allEvents() == acknowledged)
            #expect(reopened.repairs.count == 1 && reopened.repairs[0].contains("at offset \(tornAt)"), "\(reopened.repairs)")
            #expect(try await reopened.append(Self.builder.batch(20..<22)).outcomes.map(\.position) == [7, 8])
            await reopened.close()
        }
    }
}
