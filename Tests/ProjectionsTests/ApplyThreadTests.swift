import Foundation
import Testing

@testable import Projections

#if canImport(Glibc)
    import Glibc
#endif

/// Live batches run on `ApplyThread`: one job at a time, in order, below the priority of the
/// threads that handle requests, and the thread ends with its owner.
@Suite struct ApplyThreadTests {
    static func nice() -> Int32 {
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    /// No sleeps: the first job holds the thread on a gate that opens only after the second
    /// job is queued, so a thread that ran jobs side by side would log "second" before
    /// "first end"; `submit` queues synchronously, so the submission order is fixed.
    @Test func jobsRunInOrderOneAtATimeAndReturnTheirResults() async throws {
        let thread = ApplyThread(name: "test-apply")
        let log = Log()
        let gate = DispatchSemaphore(value: 0)
        thread.submit {
            log.append("first start")
            gate.wait()
            log.append("first end")
        }
        thread.submit { log.append("second") }
        gate.signal()
        // Jobs run in order: once this one has answered, both before it have finished.
        #expect(try await thread.result { () throws(CancellationError) -> Int in 3 }.get() == 3)
        #expect(log.entries == ["first start", "first end", "second"])
        let failure = await thread.result { () throws(CancellationError) -> Int in throw CancellationError() }
        #expect(throws: CancellationError.self) { try failure.get() }
    }

    @Test func theThreadRunsAtALowerPriorityThanItsCaller() async throws {
        let thread = ApplyThread(name: "test-apply")
        let caller = Self.nice()
        let inside = try await thread.result { () throws(CancellationError) in Self.nice() }.get()
        #expect(inside == min(19, caller + ApplyThread.niceIncrement))
        #expect(Self.nice() == caller, "only the apply thread changed its nice value")
    }

    @Test(.timeLimit(.minutes(5))) func theThreadEndsWithItsOwner() async throws {
        let name = "apply-\(UInt32.random(in: 0..<1_000_000))"
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        var thread: ApplyThread? = ApplyThread(name: name) { exited.yield() }
        // Looked up from the job itself: the thread is certainly alive while its job runs.
        let named = try await thread!.result { () throws(CancellationError) in Self.threadNames().contains(name) }.get()
        #expect(named, "the apply thread is named \(name) in /proc")
        thread = nil
        // Ends once released: its last act signals, so nothing here waits on a clock.
        var iterator = exits.makeAsyncIterator()
        #expect(await iterator.next() != nil)
    }

    /// The names of this process's threads (Linux: /proc/self/task/*/comm).
    static func threadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String] = []
        func append(_ value: String) { lock.withLock { values.append(value) } }
        var entries: [String] { lock.withLock { values } }
    }
}
