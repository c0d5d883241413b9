import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The dedicated thread live projection batches run on, at a lower scheduling priority than
/// the rest of the process (nice +10 on Linux: the nice value is per thread there).
///
/// Why a thread of its own: on two cores the Swift-concurrency pool has two threads, and a
/// batch holding one of them delays every request handler. Why lower priority: a batch is
/// ~10 ms of CPU every 10 ms under load, and when it ran at the request handlers' priority a
/// request arriving behind it waited for it — measured, the durable-ingest p99 at 2,000
/// req/s dropped from 8.5–9.5 ms to 6.7–7.4 ms with the batch thread reniced. The read model
/// only trails the log a little more under CPU contention; the live-lag figure is measured
/// with this in place (docs/BENCHMARKS.md).
///
/// Jobs run one at a time, in submission order. The thread ends when this object is released.
/// Thread-safe: the job list is under `condition`.
final class ApplyThread: Sendable {
    /// The nice value the thread sets for itself (0 is the process default; higher is lower).
    static let niceIncrement: Int32 = 10

    private final class Worker: @unchecked Sendable {
        let condition = NSCondition()
        var jobs: [@Sendable () -> Void] = []
        var stopped = false

        func run(name: String, onExit: (@Sendable () -> Void)?) {
            // Named for `top -H`, perf and /proc (Linux keeps the first 15 bytes).
            Thread.current.name = name
            #if os(Linux)
                // who = 0: the calling thread (Linux keeps the nice value per thread).
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, ApplyThread.niceIncrement)
            #endif
            while let job = next() { job() }
            onExit?()
        }

        private func next() -> (@Sendable () -> Void)? {
            condition.lock()
            defer { condition.unlock() }
            while jobs.isEmpty && !stopped { condition.wait() }
            return jobs.isEmpty ? nil : jobs.removeFirst()
        }
    }

    private let worker = Worker()

    /// `onExit` runs on the thread as its last act, after the owner released it (tests).
    init(name: String, onExit: (@Sendable () -> Void)? = nil) {
        let worker = worker
        Thread { worker.run(name: name, onExit: onExit) }.start()
    }

    deinit {
        worker.condition.lock()
        worker.stopped = true
        worker.condition.signal()
        worker.condition.unlock()
    }

    /// Runs `body` on the thread and suspends until it finishes.
    func result<T: Sendable, E: Error>(of body: @escaping @Sendable () throws(E) -> T) async -> Result<T, E> {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: Result { () throws(E) in try body() }) }
        }
    }

    /// Queues `job` without waiting for it (tests use it to fix the submission order).
    func submit(_ job: @escaping @Sendable () -> Void) {
        worker.condition.lock()
        worker.jobs.append(job)
        worker.condition.signal()
        worker.condition.unlock()
    }
}
