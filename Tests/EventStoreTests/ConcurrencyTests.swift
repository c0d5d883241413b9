import EventStore
import Foundation
import Testing

/// Many appenders and readers at once (STORE.md "Concurrency"): overlapping idempotency keys,
/// expected versions with retry, segment rotation and compression underneath, and readers
/// that must never see a torn, missing or reordered event.
///
/// Randomised: the seed comes from CL_TEST_SEED (default below) and every expectation that
/// can fail prints it. The interleaving itself is up to the scheduler, so a replay repeats
/// the workload, not necessarily the exact schedule.
@Suite(.timeLimit(.minutes(10)))
struct ConcurrencyTests {
    static let defaultSeed: UInt64 = 0x5EED_C0C0

    /// Everything about an event follows from its key number, so any reader can check any
    /// event it sees field by field, and any two tasks proposing key k propose the same event.
    struct Workload: Sendable {
        let streams: [String]

        func key(_ k: Int) -> String { "ck-\(k)" }
        func stream(_ k: Int) -> String { streams[k % streams.count] }

        func event(_ k: Int) -> ProposedEvent {
            let types = ["lead.received", "lead.contacted", "contact.dnc_set"]
            return SampleEvent.make(
                key: key(k), stream: stream(k), type: types[k % 3], storeId: k % 5 == 0 ? nil : "store-\(k % 2)",
                payload: Array(#"{"k":\#(k),"pad":"\#(String(repeating: "x", count: 20 + (k * 37) % 300))"}"#.utf8),
                occurredAt: SampleEvent.baseMicroseconds + Int64(k))
        }

        /// The key number of a stored event, if every field is what `event(_:)` makes for it.
        func verify(_ stored: StoredEvent) -> Int? {
            guard stored.idempotencyKey.hasPrefix("ck-"), let k = Int(stored.idempotencyKey.dropFirst(3)) else { return nil }
            let e = event(k)
            let intact = stored.id == e.id && stored.type == e.type && stored.stream == e.stream
                && stored.storeId == e.storeId && stored.occurredAt == e.occurredAt && stored.actor == e.actor
                && stored.schemaVersion == e.schemaVersion && stored.payload == e.payload
            return intact ? k : nil
        }
    }

    /// One append a task got an answer for.
    struct Acknowledged: Sendable {
        var keys: [Int]
        var expected: [String: ExpectedVersion]
        var outcomes: [AppendOutcome]
    }

    @Test(arguments: [Durability.durable, .relaxed])
    func concurrentAppendersWithOverlappingKeysAndExpectedVersionsLeaveEachKeyOnceInADenseLog(_ durability: Durability) async throws {
        let seed = TestSeed.resolve(default: Self.defaultSeed)
        let hint = TestSeed.replayHint(seed)
        await reportingSeed(seed) {
            try await withScratchDirectory { dir in
                var options = EventStoreOptions()
                options.durability = durability
                options.segmentSizeBytesMax = 32 * 1024
                options.preallocationStepBytes = 64 * 1024
                let store = try EventStore(directory: dir.logPath, options: options)
                let workload = Workload(streams: (0..<4).map { "contact/store-1/+1555000\($0)" })
                let taskCount = 64, keyCount = 384
                // Key k is proposed by three different tasks; each task shuffles its keys.
                var plans = [[Int]](repeating: [], count: taskCount)
                for k in 0..<keyCount {
                    for offset in [0, 21, 43] { plans[(k + offset) % taskCount].append(k) }
                }
                var random = SeededRandom(seed: seed)
                let taskSeeds = (0..<taskCount).map { _ in random.derivedSeed() }

                let acknowledged = try await withThrowingTaskGroup(of: Appender.self) { group in
                    for task in 0..<taskCount {
                        let plan = plans[task]
                        group.addTask {
                            var random = SeededRandom(seed: taskSeeds[task])
                            return try await Self.appendWithRetries(
                                plan.shuffled(using: &random), workload: workload, store: store, random: &random)
                        }
                    }
                    return try await group.reduce(into: Appender()) {
                        $0.acknowledged += $1.acknowledged
                        $0.conflicts += $1.conflicts
                    }
                }

                // Every key is in the log exactly once, at dense positions from 1.
                let all = try store.readAll()
                #expect(all.count == keyCount, "\(hint)")
                #expect(all.indices.allSatisfy { all[$0].position == UInt64($0 + 1) }, "positions are not dense from 1; \(hint)")
                let keys = all.compactMap(workload.verify)
                #expect(keys.count == all.count, "an event does not match its key's content; \(hint)")
                #expect(Set(keys).count == keyCount && keys.count == keyCount, "\(hint)")
                // Every stream's versions are dense from 0, and its chain links each to the previous.
                for stream in workload.streams {
                    let inStream = all.filter { $0.stream == stream }
                    #expect(inStream.map(\.version) == (0..<UInt64(inStream.count)).map { $0 }, "\(stream); \(hint)")
                    #expect(inStream.map(\.previousInStream) == [0] + inStream.dropLast().map(\.position), "\(stream); \(hint)")
                    #expect(firstDifference(actual: try store.readAllStream(stream), expected: inStream) == nil, "\(hint)")
                    #expect(store.streamVersion(stream) == UInt64(inStream.count) - 1, "\(hint)")
                }
                // Every acknowledged outcome points at its own event; each key was appended once.
                var appendedCount: [Int: Int] = [:]
                for ack in acknowledged.acknowledged {
                    for (k, outcome) in zip(ack.keys, ack.outcomes) {
                        let stored = all[Int(outcome.position - 1)]
                        #expect(stored.idempotencyKey == workload.key(k), "outcome \(outcome) for key \(k); \(hint)")
                        if case .appended(_, let version) = outcome {
                            appendedCount[k, default: 0] += 1
                            #expect(stored.version == version, "\(hint)")
                        }
                    }
                    // An exact expectation that held means the batch's first new event in that
                    // stream continued right after the expected version.
                    let appendedHere = zip(ack.keys, ack.outcomes).filter { !$0.1.isDuplicate }
                    for (stream, expected) in ack.expected {
                        guard let first = appendedHere.first(where: { workload.stream($0.0) == stream }) else { continue }
                        let version = all[Int(first.1.position - 1)].version
                        switch expected {
                        case .exact(let v): #expect(version == v + 1, "\(stream) expected \(v); \(hint)")
                        case .noStream: #expect(version == 0, "\(stream) expected no stream; \(hint)")
                        case .any: break
                        }
                    }
                    let positions = appendedHere.map(\.1.position)
                    #expect(positions == positions.indices.map { positions[0] + UInt64($0) }, "batch split; \(hint)")
                }
                #expect(appendedCount.count == keyCount && appendedCount.values.allSatisfy { $0 == 1 },
                        "keys acknowledged as appended more than once: \(appendedCount.filter { $0.value != 1 }.keys.sorted()); \(hint)")
                #expect(acknowledged.conflicts > 0, "the workload provoked no version conflict, so retries went untested; \(hint)")
                await store.close()
            }
        }
    }

    /// What one appending task got back.
    struct Appender: Sendable {
        var acknowledged: [Acknowledged] = []
        var conflicts = 0
    }

    /// Appends `plan` in batches of 1–3 keys. Half the batches state the expected version of
    /// each stream they touch, as read just before; a version conflict re-reads and retries.
    static func appendWithRetries(
        _ plan: [Int], workload: Workload, store: EventStore, random: inout SeededRandom
    ) async throws -> Appender {
        var acknowledged: [Acknowledged] = []
        var conflicts = 0
        var index = 0
        while index < plan.count {
            let keys = Array(plan[index..<min(index + 1 + random.below(3), plan.count)])
            index += keys.count
            let useExpected = random.chance(50)
            var attempts = 0
            while true {
                attempts += 1
                var expected: [String: ExpectedVersion] = [:]
                if useExpected {
                    for stream in Set(keys.map(workload.stream)) {
                        expected[stream] = store.streamVersion(stream).map { .exact($0) } ?? .noStream
                    }
                }
                // A command handler folds the stream between reading its version and appending;
                // yielding here lets other appenders move the stream meanwhile.
                if random.chance(50) { await Task.yield() }
                do {
                    let result = try await store.append(keys.map(workload.event), expectedVersions: expected)
                    acknowledged.append(Acknowledged(keys: keys, expected: expected, outcomes: result.outcomes))
                    // Read your own write: once acknowledged — a duplicate of an event another
                    // task has in flight included — the event is readable at the position given.
                    for (k, outcome) in zip(keys, result.outcomes) {
                        let stored = try store.event(at: outcome.position)
                        #expect(stored?.idempotencyKey == workload.key(k), "key \(k) not readable at \(outcome) right after its ack")
                    }
                    break
                } catch StoreError.versionConflict(let stream, let expectedVersion, let actual) {
                    // The conflict must be real: the stream moved past what this task read.
                    #expect(expected[stream] == expectedVersion && actual != nil, "conflict on \(stream)")
                    conflicts += 1
                    if attempts > 10_000 {
                        Issue.record("no progress after 10000 attempts")
                        return Appender(acknowledged: acknowledged, conflicts: conflicts)
                    }
                    await Task.yield()
                }
            }
        }
        return Appender(acknowledged: acknowledged, conflicts: conflicts)
    }

    @Test func readersRunningBesideWritersNeverSeeATornMissingOrReorderedEvent() async throws {
        let seed = TestSeed.resolve(default: Self.defaultSeed)
        let hint = TestSeed.replayHint(seed)
        await reportingSeed(seed) {
            try await withScratchDirectory { dir in
                var options = EventStoreOptions()
                options.segmentSizeBytesMax = 16 * 1024  // rotation and compression during the reads
                options.preallocationStepBytes = 32 * 1024
                options.compression = .zlib(level: 1)
                let store = try EventStore(directory: dir.logPath, options: options)
                let workload = Workload(streams: (0..<3).map { "lead/L-\($0)" })
                let writerCount = 12, batchesPerWriter = 30
                var random = SeededRandom(seed: seed)
                // Each writer appends its own keys; batch sizes 1–4 from the seed.
                var plans: [[[Int]]] = []
                var nextKey = 0
                for _ in 0..<writerCount {
                    plans.append((0..<batchesPerWriter).map { _ in
                        let size = 1 + random.below(4)
                        defer { nextKey += size }
                        return Array(nextKey..<nextKey + size)
                    })
                }
                let total = UInt64(nextKey)
                let perStream = workload.streams.map { stream in (0..<nextKey).filter { workload.stream($0) == stream }.count }

                try await withThrowingTaskGroup(of: Void.self) { group in
                    for plan in plans {
                        group.addTask {
                            for batch in plan { _ = try await store.append(batch.map(workload.event)) }
                        }
                    }
                    group.addTask { try await Self.scanRepeatedly(store, workload: workload, total: total, hint: hint) }
                    group.addTask { try await Self.pageForward(store, workload: workload, total: total, hint: hint) }
                    group.addTask {
                        var next: UInt64 = 1
                        for try await event in store.subscribe(from: 1, batchSize: 64) {
                            let intact = workload.verify(StoredEvent(event)) != nil
                            #expect(event.position == next && intact, "subscription at \(next); \(hint)")
                            next = event.position + 1
                            if next > total { break }
                        }
                    }
                    for (s, stream) in workload.streams.enumerated() {
                        group.addTask {
                            try await Self.followStream(stream, count: perStream[s], store: store, workload: workload, hint: hint)
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(store.durablePosition == total, "\(hint)")
                await store.close()
            }
        }
    }

    /// Full scans from position 1 each time the durable end moves: positions consecutive from
    /// 1, every event intact, each stream's versions dense in log order.
    static func scanRepeatedly(_ store: EventStore, workload: Workload, total: UInt64, hint: String) async throws {
        var seen: UInt64 = 0
        while seen < total {
            await store.waitForDurable(after: seen)
            var expectedPosition: UInt64 = 1
            var versions: [String: UInt64] = [:]
            var problem: String?
            try store.scan { view in
                let event = StoredEvent(view.materialize())
                let version = versions[event.stream].map { $0 + 1 } ?? 0
                if event.position != expectedPosition || workload.verify(event) == nil || event.version != version {
                    problem = "scan saw \(event) where position \(expectedPosition) version \(version) was due"
                    return false
                }
                versions[event.stream] = version
                expectedPosition += 1
                return true
            }
            #expect(problem == nil, "\(problem ?? ""); \(hint)")
            if problem != nil { return }
            #expect(expectedPosition - 1 >= seen, "a scan saw fewer events than an earlier one; \(hint)")
            seen = expectedPosition - 1
        }
    }

    /// Reads forward in pages of up to 25, like a projection catching up.
    static func pageForward(_ store: EventStore, workload: Workload, total: UInt64, hint: String) async throws {
        var next: UInt64 = 1
        while next <= total {
            await store.waitForDurable(after: next - 1)
            let page = try store.read(from: next, maxCount: 25)
            for event in page {
                guard event.position == next, workload.verify(StoredEvent(event)) != nil else {
                    Issue.record("page read saw \(StoredEvent(event)) where position \(next) was due; \(hint)")
                    return
                }
                next += 1
            }
        }
    }

    /// Reads one stream again each time the log grows, until it holds `count` events.
    static func followStream(_ stream: String, count: Int, store: EventStore, workload: Workload, hint: String) async throws {
        var seen = 0
        var durable: UInt64 = 0
        while seen < count {
            await store.waitForDurable(after: durable)
            durable = store.durablePosition
            let events = try store.readAllStream(stream)
            let intact = events.allSatisfy { $0.stream == stream && workload.verify($0) != nil }
            #expect(intact && events.map(\.version) == (0..<UInt64(events.count)).map { $0 }, "\(stream); \(hint)")
            #expect(events.count >= seen, "\(stream) shrank; \(hint)")
            if !intact { return }
            seen = events.count
        }
    }
}
