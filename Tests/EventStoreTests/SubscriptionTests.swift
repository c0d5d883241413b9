import EventStore
import Foundation
import Testing

/// Live subscriptions (STORE.md "Reads"): catch up from history, then follow new appends,
/// in order, with no gap and no duplicate; end on cancellation and on close.
///
/// No sleeps: consumers stop after a known number of events, and the tests learn that a
/// consumer has caught up from the events it reports. A time limit turns a hang into a failure.
@Suite(.timeLimit(.minutes(10)))
struct SubscriptionTests {
    static func event(_ i: Int, stream: String = "lead/L-1", type: String = "lead.received") -> ProposedEvent {
        SampleEvent.make(key: "sub-\(i)", stream: stream, type: type,
                         payload: Array(#"{"i":\#(i),"pad":"\#(String(repeating: "p", count: 40 + i % 60))"}"#.utf8))
    }

    static func smallSegments() -> EventStoreOptions {
        var options = EventStoreOptions()
        options.segmentSizeBytesMax = 4096
        options.preallocationStepBytes = 16 * 1024
        return options
    }

    @Test func aSubscriptionFromOneDeliversHistoryThenLiveEventsInOrderAcrossRotations() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath, options: Self.smallSegments())
            for i in stride(from: 0, to: 60, by: 3) {
                _ = try await store.append((i..<i + 3).map { Self.event($0) })
            }
            let total = 200
            let consumer = Task {
                var received: [StoredEvent] = []
                for try await event in store.subscribe(from: 1, batchSize: 7) {
                    received.append(StoredEvent(event))
                    if received.count == total { break }
                }
                return received
            }
            // Live appends race with the consumer's catch-up on purpose; single events and
            // batches, from two tasks, so group commits of several appends occur too.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<2 {
                    group.addTask {
                        for i in stride(from: 60 + writer, to: total, by: 2) {
                            _ = try await store.append([Self.event(i, stream: "lead/L-\(writer + 2)")])
                        }
                    }
                }
                try await group.waitForAll()
            }

            let received = try await valueWithinTimeLimit(of: consumer, "the subscriber")
            #expect(received.map(\.position) == (1...UInt64(total)).map { $0 })
            #expect(firstDifference(actual: received, expected: try store.readAll()) == nil)
            #expect(try dir.logFileNames().filter { $0.hasSuffix(".seg") }.count > 5, "the log rotated")
            await store.close()
        }
    }

    @Test func aSubscriptionFromAMiddlePositionStartsThere() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath, options: Self.smallSegments())
            _ = try await store.append((0..<50).map { Self.event($0) })
            var received: [UInt64] = []
            for try await event in store.subscribe(from: 41) {
                received.append(event.position)
                if received.count == 10 { break }
            }
            #expect(received == Array(41...50))
            await store.close()
        }
    }

    @Test func aFilteredSubscriptionDeliversOnlyMatchingEventsInOrder() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath, options: Self.smallSegments())
            let types = ["lead.received", "lead.contacted", "contact.dnc_set"]
            func proposed(_ i: Int) -> ProposedEvent { Self.event(i, stream: "lead/L-\(i % 4)", type: types[i % 3]) }
            let filter = EventFilter(types: ["lead.contacted", "contact.dnc_set"], stream: "lead/L-1")
            let all = (0..<240).map(proposed)
            let expectedCount = all.filter { filter.types.contains($0.type) && $0.stream == filter.stream }.count
            _ = try await store.append(Array(all[0..<100]))

            let consumer = Task {
                var received: [StoredEvent] = []
                for try await event in store.subscribe(from: 1, filter: filter, batchSize: 16) {
                    received.append(StoredEvent(event))
                    if received.count == expectedCount { break }
                }
                return received
            }
            for start in stride(from: 100, to: 240, by: 5) {
                _ = try await store.append(Array(all[start..<start + 5]))
            }

            let received = try await valueWithinTimeLimit(of: consumer, "the subscriber")
            #expect(received.count == expectedCount)
            #expect(received == (try store.readAll(filter: filter)))
            #expect(received.allSatisfy { $0.stream == "lead/L-1" && $0.type != "lead.received" })
            await store.close()
        }
    }

    @Test func cancellingTheConsumingTaskEndsTheIteration() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append((0..<5).map { Self.event($0) })
            let (caughtUp, caughtUpContinuation) = AsyncStream.makeStream(of: Void.self)
            let consumer = Task {
                var count = 0
                for try await _ in store.subscribe(from: 1) {
                    count += 1
                    if count == 5 { caughtUpContinuation.yield() }
                }
                return count  // reached only when the iteration ends
            }
            for await _ in caughtUp { break }
            // The consumer is now waiting for a sixth event, which never comes.
            consumer.cancel()

            let count = try await valueWithinTimeLimit(of: consumer, "the cancelled subscriber")
            #expect(count == 5)
            // The store still works for others after a subscriber went away.
            let result = try await store.append([Self.event(5)])
            #expect(result.position == 6)
            await store.close()
        }
    }

    @Test func aSubscriptionOfACancelledTaskEndsBeforeWaiting() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let consumer = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                var count = 0
                for try await _ in store.subscribe(from: 1) { count += 1 }
                return count
            }
            #expect(try await valueWithinTimeLimit(of: consumer, "the subscriber of a cancelled task") == 0)
            await store.close()
        }
    }

    @Test func closingTheStoreEndsTheIterationAfterEveryDurableEvent() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            _ = try await store.append((0..<3).map { Self.event($0) })
            let (progress, progressContinuation) = AsyncStream.makeStream(of: Int.self)
            let consumer = Task {
                var received: [UInt64] = []
                for try await event in store.subscribe(from: 1) {
                    received.append(event.position)
                    progressContinuation.yield(received.count)
                }
                progressContinuation.finish()
                return received
            }
            for await count in progress where count == 3 { break }
            _ = try await store.append([Self.event(3), Self.event(4)])
            await store.close()

            let received = try await valueWithinTimeLimit(of: consumer, "the subscriber")
            #expect(received == [1, 2, 3, 4, 5])
        }
    }

    @Test func closingAReadOnlyStoreEndsItsSubscriptions() async throws {
        try await withScratchDirectory { dir in
            let writer = try EventStore(directory: dir.logPath)
            _ = try await writer.append((0..<3).map { Self.event($0) })
            await writer.close()
            let reader = try EventStore(directory: dir.logPath, options: .readOnly())
            let (progress, progressContinuation) = AsyncStream.makeStream(of: Int.self)
            let consumer = Task {
                var received: [UInt64] = []
                for try await event in reader.subscribe(from: 1) {
                    received.append(event.position)
                    progressContinuation.yield(received.count)
                }
                return received
            }
            for await count in progress where count == 3 { break }
            await reader.close()

            #expect(try await valueWithinTimeLimit(of: consumer, "the read-only subscriber") == [1, 2, 3])
        }
    }

    @Test func waitForDurableReturnsOnceThePositionIsDurable() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let waiter = Task {
                await store.waitForDurable(after: 2)
                return store.durablePosition
            }
            _ = try await store.append([Self.event(0)])
            _ = try await store.append([Self.event(1), Self.event(2)])
            #expect(await waiter.value >= 3)
            await store.waitForDurable(after: 0)  // already durable: returns at once
            await store.close()
        }
    }
}
