import EventStore
import Foundation
import Testing

/// The append contract of STORE.md: dense positions, dense per-stream versions, atomic batches,
/// idempotency as an outcome, optimistic concurrency, validation, and `recordedAt`.
@Suite struct AppendTests {
    @Test func positionsAreAssignedDenselyStartingAtOne() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let first = try await store.append([SampleEvent.make(key: "a")])
            let batch = try await store.append((1...3).map { SampleEvent.make(key: "b\($0)") })
            let last = try await store.append([SampleEvent.make(key: "c")])

            #expect(first.outcomes == [.appended(position: 1, version: 0)])
            #expect(batch.outcomes.map(\.position) == [2, 3, 4])
            #expect(batch.position == 4)
            #expect(last.position == 5)
            #expect(store.durablePosition == 5)
            #expect(try store.readAll().map(\.position) == [1, 2, 3, 4, 5])
            await store.close()
        }
    }

    @Test func eachStreamsVersionsStartAtZeroAndStayDenseWhenStreamsInterleave() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let streams = ["contact/store-1/+15550001", "lead/L-7", "store/store-1"]
            var outcomes: [AppendOutcome] = []
            for i in 0..<12 {
                let event = SampleEvent.make(key: "k\(i)", stream: streams[[0, 1, 0, 2, 1, 0][i % 6]])
                outcomes += try await store.append([event]).outcomes
            }

            let all = try store.readAll()
            for stream in streams {
                let inStream = all.filter { $0.stream == stream }
                #expect(inStream.map(\.version) == (0..<UInt64(inStream.count)).map { $0 })
                #expect(try store.readAllStream(stream) == inStream)
                #expect(store.streamVersion(stream) == UInt64(inStream.count) - 1)
                // previousInStream chains each event to the one before it in its stream.
                #expect(inStream.map(\.previousInStream) == [0] + inStream.dropLast().map(\.position))
            }
            #expect(outcomes.map(\.position) == all.map(\.position))
            #expect(outcomes == all.map { .appended(position: $0.position, version: $0.version) })
            #expect(store.streamVersion("lead/never-written") == nil)
            await store.close()
        }
    }

    @Test func aBatchTakesConsecutivePositionsInProposalOrderEvenUnderConcurrentAppends() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let results = try await withThrowingTaskGroup(of: (Int, AppendResult).self) { group in
                for task in 0..<16 {
                    group.addTask {
                        let batch = (0..<10).map { SampleEvent.make(key: "t\(task)-e\($0)", stream: "lead/L-\(task % 4)") }
                        return (task, try await store.append(batch))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }

            let all = try store.readAll()
            #expect(all.count == 160)
            for (task, result) in results {
                let positions = result.outcomes.map(\.position)
                #expect(positions == Array(positions[0]...positions[0] + 9), "batch of task \(task) was split")
                let stored = positions.map { all[Int($0 - 1)].idempotencyKey }
                #expect(stored == (0..<10).map { "t\(task)-e\($0)" })
            }
            await store.close()
        }
    }

    @Test func aKeyRepeatedInsideOneBatchIsAppendedOnceAndTheRepeatPointsAtIt() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let a = SampleEvent.make(key: "a"), b = SampleEvent.make(key: "b")
            let result = try await store.append([a, b, a, a])

            #expect(result.outcomes == [
                .appended(position: 1, version: 0), .appended(position: 2, version: 1),
                .duplicate(originalPosition: 1), .duplicate(originalPosition: 1),
            ])
            #expect(!result.deduplicated)
            #expect(try store.readAll().map(\.idempotencyKey) == ["a", "b"])
            await store.close()
        }
    }

    @Test func appendingAKeyAgainReturnsTheOriginalPositionAndAppendsNothing() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append([SampleEvent.make(key: "a"), SampleEvent.make(key: "b")])
            _ = try await store.append([SampleEvent.make(key: "c")])
            let before = try store.readAll()

            let again = try await store.append([SampleEvent.make(key: "b")])
            let both = try await store.append([SampleEvent.make(key: "c"), SampleEvent.make(key: "a")])

            #expect(again.outcomes == [.duplicate(originalPosition: 2)])
            #expect(again.deduplicated && again.position == 2)
            #expect(both.outcomes == [.duplicate(originalPosition: 3), .duplicate(originalPosition: 1)])
            #expect(both.deduplicated && both.position == 3)
            #expect(try store.readAll() == before)
            #expect(store.durablePosition == 3)
            await store.close()
        }
    }

    /// How the store is reopened: after a clean close (index snapshot current), and with the
    /// snapshot deleted so the key index is rebuilt from the segments.
    enum Reopening: String, CaseIterable, Sendable {
        case withSnapshot
        case withoutSnapshot
    }

    @Test(arguments: Reopening.allCases)
    func duplicatesAreRecognisedAfterReopening(_ reopening: Reopening) async throws {
        try await withScratchDirectory { dir in
            var options = EventStoreOptions()
            options.segmentSizeBytesMax = 4096  // keys spread over sealed segments and the active one
            let keys = (0..<60).map { "order-\($0)" }
            let writer = try EventStore(directory: dir.logPath, options: options)
            for chunk in stride(from: 0, to: keys.count, by: 6) {
                _ = try await writer.append(keys[chunk..<chunk + 6].map { SampleEvent.make(key: $0, stream: "lead/\($0)") })
            }
            await writer.close()
            if reopening == .withoutSnapshot {
                try FileManager.default.removeItem(atPath: dir.logPath + "/index.snap")
            }

            let store = try EventStore(directory: dir.logPath, options: options)
            for (i, key) in keys.enumerated() {
                let result = try await store.append([SampleEvent.make(key: key, stream: "lead/\(key)")])
                #expect(result.outcomes == [.duplicate(originalPosition: UInt64(i + 1))], "key \(key)")
            }
            let fresh = try await store.append([SampleEvent.make(key: "order-new")])
            #expect(fresh.outcomes == [.appended(position: 61, version: 0)])
            #expect(store.durablePosition == 61)
            await store.close()
        }
    }

    @Test func theSameKeyWithADifferentPayloadTypeOrStreamIsAnIdempotencyConflict() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append([SampleEvent.make(key: "x"), SampleEvent.make(key: "k", stream: "lead/L-1")])
            let variants = [
                SampleEvent.make(key: "k", stream: "lead/L-1", payload: Array(#"{"other":true}"#.utf8)),
                SampleEvent.make(key: "k", stream: "lead/L-1", type: "lead.cooled"),
                SampleEvent.make(key: "k", stream: "lead/L-2"),
            ]
            for variant in variants {
                await #expect(throws: StoreError.idempotencyConflict(key: "k", originalPosition: 2)) {
                    try await store.append([SampleEvent.make(key: "fresh-in-failed-batch"), variant])
                }
            }
            await store.close()

            // Also when the original has to be read back from disk after reopening.
            let reopened = try EventStore(directory: dir.logPath)
            await #expect(throws: StoreError.idempotencyConflict(key: "k", originalPosition: 2)) {
                try await reopened.append([variants[0]])
            }
            #expect(reopened.durablePosition == 2)
            // The failed batches registered nothing: their other key is still new.
            let fresh = try await reopened.append([SampleEvent.make(key: "fresh-in-failed-batch")])
            #expect(fresh.outcomes == [.appended(position: 3, version: 2)])
            await reopened.close()
        }
    }

    @Test func aKeyRepeatedInsideOneBatchWithADifferentPayloadIsAConflictAndNothingIsAppended() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let batch = [
                SampleEvent.make(key: "a"), SampleEvent.make(key: "k"),
                SampleEvent.make(key: "k", payload: Array("{}".utf8)),
            ]
            let error = await #expect(throws: StoreError.self) { try await store.append(batch) }
            guard case .idempotencyConflict(let key, _) = error else {
                Issue.record("expected an idempotency conflict, got \(String(describing: error))")
                return
            }
            #expect(key == "k")
            #expect(store.durablePosition == 0)
            #expect(try store.readAll().isEmpty)
            let retry = try await store.append(Array(batch.prefix(2)))
            #expect(retry.outcomes.map(\.position) == [1, 2])
            await store.close()
        }
    }

    @Test func aBatchMixingNewAndKnownKeysAppendsOnlyTheNewOnesConsecutively() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append([SampleEvent.make(key: "old-1", stream: "s/1"), SampleEvent.make(key: "old-2", stream: "s/2")])
            let result = try await store.append([
                SampleEvent.make(key: "old-2", stream: "s/2"), SampleEvent.make(key: "new-1", stream: "s/2"),
                SampleEvent.make(key: "old-1", stream: "s/1"), SampleEvent.make(key: "new-2", stream: "s/1"),
                SampleEvent.make(key: "new-1", stream: "s/2"),
            ])

            #expect(result.outcomes == [
                .duplicate(originalPosition: 2), .appended(position: 3, version: 1),
                .duplicate(originalPosition: 1), .appended(position: 4, version: 1),
                .duplicate(originalPosition: 3),
            ])
            #expect(!result.deduplicated)
            #expect(result.position == 4)
            #expect(try store.readAll().map(\.idempotencyKey) == ["old-1", "old-2", "new-1", "new-2"])
            await store.close()
        }
    }

    @Test func expectedVersionsAreCheckedAndAConflictNamesTheActualVersion() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let lead = "lead/L-1"
            // .noStream holds for a new stream, then fails for it.
            _ = try await store.append([SampleEvent.make(key: "1", stream: lead)], expectedVersions: [lead: .noStream])
            await #expect(throws: StoreError.versionConflict(stream: lead, expected: .noStream, actual: 0)) {
                try await store.append([SampleEvent.make(key: "2", stream: lead)], expectedVersions: [lead: .noStream])
            }
            // .exact(n) holds only at n.
            _ = try await store.append([SampleEvent.make(key: "2", stream: lead)], expectedVersions: [lead: .exact(0)])
            await #expect(throws: StoreError.versionConflict(stream: lead, expected: .exact(0), actual: 1)) {
                try await store.append([SampleEvent.make(key: "3", stream: lead)], expectedVersions: [lead: .exact(0)])
            }
            await #expect(throws: StoreError.versionConflict(stream: lead, expected: .exact(5), actual: 1)) {
                try await store.append([SampleEvent.make(key: "3", stream: lead)], expectedVersions: [lead: .exact(5)])
            }
            // .exact on a stream that does not exist reports "no stream" (nil).
            await #expect(throws: StoreError.versionConflict(stream: "lead/none", expected: .exact(0), actual: nil)) {
                try await store.append([SampleEvent.make(key: "3", stream: "lead/none")], expectedVersions: ["lead/none": .exact(0)])
            }
            // .any always holds.
            let any = try await store.append([SampleEvent.make(key: "3", stream: lead)], expectedVersions: [lead: .any])
            #expect(any.outcomes == [.appended(position: 3, version: 2)])
            // An expectation about a stream the batch does not touch is checked too.
            await #expect(throws: StoreError.versionConflict(stream: lead, expected: .exact(1), actual: 2)) {
                try await store.append([SampleEvent.make(key: "4", stream: "lead/L-2")], expectedVersions: [lead: .exact(1)])
            }
            let other = try await store.append(
                [SampleEvent.make(key: "4", stream: "lead/L-2")], expectedVersions: [lead: .exact(2), "lead/L-2": .noStream])
            #expect(other.outcomes == [.appended(position: 4, version: 0)])
            await store.close()
        }
    }

    @Test func aVersionConflictAppendsNothingAndRegistersNoKey() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append([SampleEvent.make(key: "a", stream: "s/1")])
            let batch = [SampleEvent.make(key: "b", stream: "s/1"), SampleEvent.make(key: "c", stream: "s/2")]
            await #expect(throws: StoreError.versionConflict(stream: "s/1", expected: .noStream, actual: 0)) {
                try await store.append(batch, expectedVersions: ["s/1": .noStream])
            }

            #expect(store.durablePosition == 1)
            #expect(store.streamVersion("s/1") == 0)
            #expect(store.streamVersion("s/2") == nil)
            #expect(try store.readAll().map(\.idempotencyKey) == ["a"])
            let retry = try await store.append(batch, expectedVersions: ["s/1": .exact(0)])
            #expect(retry.outcomes == [.appended(position: 2, version: 1), .appended(position: 3, version: 0)])
            await store.close()
        }
    }

    @Test func retryingAnAppendedBatchWithAStaleExpectedVersionReturnsItsOriginalPositions() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let batch = [SampleEvent.make(key: "a", stream: "s/1")]
            _ = try await store.append(batch, expectedVersions: ["s/1": .noStream])
            _ = try await store.append([SampleEvent.make(key: "b", stream: "s/1")])

            // The client did not see the first acknowledgement and retries verbatim.
            let retry = try await store.append(batch, expectedVersions: ["s/1": .noStream])
            #expect(retry.outcomes == [.duplicate(originalPosition: 1)])
            #expect(store.durablePosition == 2)
            await store.close()
        }
    }

    /// One way to make an event invalid, and the field the error must name.
    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var field: String
        var label: String
        var breakEvent: @Sendable (inout ProposedEvent) -> Void
        var testDescription: String { label }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(field: "type", label: "empty type") { $0.type = "" },
        InvalidCase(field: "type", label: "256-byte type") { $0.type = String(repeating: "t", count: 256) },
        InvalidCase(field: "stream", label: "empty stream") { $0.stream = "" },
        InvalidCase(field: "stream", label: "1025-byte stream") { $0.stream = String(repeating: "s", count: 1025) },
        InvalidCase(field: "storeId", label: "256-byte storeId") { $0.storeId = String(repeating: "i", count: 256) },
        // Empty and absent share a zero length on disk; an empty id would read back as nil.
        InvalidCase(field: "storeId", label: "empty storeId") { $0.storeId = "" },
        InvalidCase(field: "idempotencyKey", label: "empty key") { $0.idempotencyKey = "" },
        InvalidCase(field: "idempotencyKey", label: "1025-byte key") { $0.idempotencyKey = String(repeating: "k", count: 1025) },
        InvalidCase(field: "actor.type", label: "empty actor type") { $0.actor.type = "" },
        InvalidCase(field: "actor.type", label: "65-byte actor type") { $0.actor.type = String(repeating: "a", count: 65) },
        InvalidCase(field: "actor.id", label: "257-byte actor id") { $0.actor.id = String(repeating: "a", count: 257) },
        InvalidCase(field: "payload", label: "payload over 16 MiB") { $0.payload = [UInt8](repeating: 0x20, count: 16 * 1024 * 1024 + 1) },
        // Limits count UTF-8 bytes, not characters: 128 two-byte characters are 256 bytes.
        InvalidCase(field: "type", label: "type of 128 'é'") { $0.type = String(repeating: "é", count: 128) },
    ]

    @Test(arguments: invalidCases)
    func anInvalidEventFailsTheWholeBatchNamingItsField(_ invalid: InvalidCase) async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append([SampleEvent.make(key: "before")])
            var bad = SampleEvent.make(key: "bad")
            invalid.breakEvent(&bad)
            let batch = [SampleEvent.make(key: "good-1"), bad, SampleEvent.make(key: "good-2")]

            let error = await #expect(throws: StoreError.self) { try await store.append(batch) }
            guard case .invalidEvent(let index, let field, let reason) = error else {
                Issue.record("expected .invalidEvent, got \(String(describing: error))")
                return
            }
            #expect(index == 1)
            #expect(field == invalid.field)
            #expect(!reason.isEmpty)
            #expect(store.durablePosition == 1)
            #expect(store.streamVersion("lead/L-1") == 0)
            let good = try await store.append([batch[0], batch[2]])
            #expect(good.outcomes.map(\.isDuplicate) == [false, false], "the failed batch registered its valid keys")
            await store.close()
        }
    }

    @Test func eventsAtTheFieldLimitsAreAcceptedAndReadBackIntact() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let event = ProposedEvent(
                id: EventID(high: .max, low: 1), type: String(repeating: "t", count: 255),
                stream: String(repeating: "s", count: 1024), storeId: String(repeating: "i", count: 255),
                occurredAt: Timestamp(microsecondsSinceEpoch: -1), idempotencyKey: String(repeating: "k", count: 1024),
                actor: Actor(type: String(repeating: "a", count: 64), id: String(repeating: "b", count: 256)),
                schemaVersion: .max, payload: [])
            let result = try await store.append([event])

            let stored = try #require(try store.event(at: result.position))
            #expect(StoredEvent(stored) == StoredEvent(event, position: 1, version: 0, previousInStream: 0, recordedAt: stored.recordedAt))
            await store.close()
        }
    }

    @Test func recordedAtComesFromTheInjectedClockAndIsSharedByABatch() async throws {
        try await withScratchDirectory { dir in
            let clock = SettableClock(microsecondsSinceEpoch: 1_000)
            var options = EventStoreOptions()
            options.clock = clock
            let store = try EventStore(directory: dir.logPath, options: options)
            _ = try await store.append([SampleEvent.make(key: "a"), SampleEvent.make(key: "b")])
            clock.set(5_000)
            _ = try await store.append([SampleEvent.make(key: "c")])

            #expect(try store.readAll().map(\.recordedAt.microsecondsSinceEpoch) == [1_000, 1_000, 5_000])
            // occurredAt is the source's time, untouched.
            let occurredAt = try store.readAll().map(\.occurredAt.microsecondsSinceEpoch)
            #expect(occurredAt == Array(repeating: SampleEvent.baseMicroseconds, count: 3))
            await store.close()
        }
    }

    @Test func recordedAtNeverGoesBackwardsWhenTheClockDoesNotEvenAcrossReopening() async throws {
        try await withScratchDirectory { dir in
            let clock = SettableClock(microsecondsSinceEpoch: 10_000)
            var options = EventStoreOptions()
            options.clock = clock
            let store = try EventStore(directory: dir.logPath, options: options)
            _ = try await store.append([SampleEvent.make(key: "a")])
            clock.set(4_000)  // an NTP step backwards
            _ = try await store.append([SampleEvent.make(key: "b")])
            clock.set(12_000)
            _ = try await store.append([SampleEvent.make(key: "c")])
            await store.close()

            clock.set(3_000)  // and again, across a restart
            let reopened = try EventStore(directory: dir.logPath, options: options)
            _ = try await reopened.append([SampleEvent.make(key: "d")])
            clock.set(13_000)
            _ = try await reopened.append([SampleEvent.make(key: "e")])

            #expect(try reopened.readAll().map(\.recordedAt.microsecondsSinceEpoch) == [10_000, 10_000, 12_000, 12_000, 13_000])
            await reopened.close()
        }
    }

    @Test func appendingAfterCloseFailsWithClosedAndAppendsNothing() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append([SampleEvent.make(key: "a")])
            await store.close()
            await #expect(throws: StoreError.closed) { try await store.append([SampleEvent.make(key: "b")]) }
            await store.close()  // a second close is harmless

            let reopened = try EventStore(directory: dir.logPath)
            #expect(try reopened.readAll().map(\.idempotencyKey) == ["a"])
            await reopened.close()
        }
    }
}
