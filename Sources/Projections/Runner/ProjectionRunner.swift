import EventStore
import Foundation
import GRDB
import Logging

/// Keeps the read model current: applies the log's durable events to every projection in
/// batches (`ProjectionBatch`), then follows the log live — each durable append wakes it,
/// so a new event is visible within one batch commit (READMODELS.md: lag well under 100 ms).
///
/// A projection that fails stops the runner at that position and reports it (`status`,
/// the log line, and the server's health/metrics read `status`); it never skips. Restarting
/// the process retries from the checkpoint.
///
/// `rebuild` builds a new generation from position 1 (all projections, or one) while the
/// live generation keeps serving and following the log, then pauses the live runner, lets
/// the new generation catch up the last few events, and swaps it in.
///
/// Thread-safe: mutable state is under `lock`; batches are serialised by `applyLock`.
public final class ProjectionRunner: @unchecked Sendable {
    public struct Options: Sendable {
        /// Events per transaction. Larger batches amortise the commit; smaller ones lower lag.
        public var batchSizeMax: Int
        /// Events per transaction while a rebuild builds its private generation (nobody reads
        /// it, so only memory bounds the batch; a contact changed several times in a batch
        /// is written once).
        public var rebuildBatchSizeMax: Int
        /// The most contacts a full rebuild keeps in memory across its batches (about
        /// 0.5–1 kB each; `RebuildLoad`): a contact held is written once however many
        /// batches change it. When the cache is full, its rows are written and it starts again.
        public var rebuildContactsHeldMax: Int
        /// While following the log, the least time from one live batch's start to the next:
        /// events that arrive meanwhile join one transaction. Every commit writes each page it
        /// touched to the WAL (a new contact's row, its search entry and its indexes: ~10
        /// pages), so one commit per durable append wrote ~30 kB per event at 1,400 events/s
        /// and its checkpoints' fsyncs slowed the log's; the interval bounds commits to
        /// 1 s / interval and adds at most the interval to the lag.
        public var liveBatchInterval: Duration
        public init(
            batchSizeMax: Int = 2_000, rebuildBatchSizeMax: Int = 20_000, rebuildContactsHeldMax: Int = 250_000,
            liveBatchInterval: Duration = .milliseconds(10)
        ) {
            self.batchSizeMax = batchSizeMax
            self.rebuildBatchSizeMax = rebuildBatchSizeMax
            self.rebuildContactsHeldMax = rebuildContactsHeldMax
            self.liveBatchInterval = liveBatchInterval
        }
    }

    /// What the runner has done (for health, metrics and `projections status`).
    public struct Status: Sendable, Equatable {
        /// Every projection has applied the log up to here.
        public var appliedPosition: UInt64
        /// The failure that stopped the runner, if any.
        public var failure: ProjectionError?
    }

    public let store: EventStore
    public let readModel: ReadModel
    public let options: Options
    let logger: Logger
    private let lock = NSLock()
    private let applyLock = NSLock()
    private let applyThread = ApplyThread(name: "projections")
    private var state: Status
    private var waiters: [UInt64: (after: UInt64, continuation: CheckedContinuation<Void, Never>)] = [:]
    private var nextWaiterID: UInt64 = 0

    public init(store: EventStore, readModel: ReadModel, options: Options = Options(), logger: Logger = Logger(label: "projections")) throws {
        precondition(readModel.mode == .maintain, "the runner writes: open the read model with .maintain")
        self.store = store
        self.readModel = readModel
        self.options = options
        self.logger = logger
        state = Status(appliedPosition: try readModel.appliedPosition(), failure: nil)
    }

    public var status: Status { lock.withLock { state } }

    /// Applies every durable event up to `target` (default: the log's durable end) and
    /// returns the applied position. Throws the failure that stopped a projection.
    @discardableResult
    public func catchUp(through target: UInt64? = nil, progress: ((_ applied: UInt64, _ target: UInt64) -> Void)? = nil) throws(ProjectionError) -> UInt64 {
        if let failure = status.failure { throw failure }
        applyLock.lock()
        defer { applyLock.unlock() }
        do {
            let applied = try Self.catchUp(
                store: store, writer: readModel.writer, projections: Projections.all, through: target ?? store.durablePosition,
                batchSizeMax: options.batchSizeMax
            ) { [self] applied, target in
                publish(applied)
                progress?(applied, target)
            }
            publish(applied)
            return applied
        } catch {
            lock.withLock { state.failure = error }
            logger.error("projection stopped", metadata: ["error": "\(error)", "position": "\(error.position.map(String.init) ?? "-")"])
            resumeAllWaiters()
            throw error
        }
    }

    /// Follows the log until the task is cancelled or the store closes; throws the failure
    /// that stopped a projection.
    public func run() async throws(ProjectionError) {
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let started = clock.now
            // Batches run on the runner's own thread, below the request handlers' priority
            // (`ApplyThread`).
            let applied = try await applyThread.result { () throws(ProjectionError) in try self.catchUp() }.get()
            if store.durablePosition <= applied {
                await store.waitForDurable(after: applied)
                if store.durablePosition <= applied { return }  // closing or cancelled
            }
            // Let the events arriving now join the next batch (`Options.liveBatchInterval`).
            let next = started.advanced(by: options.liveBatchInterval)
            if clock.now < next { try? await Task.sleep(until: next, clock: clock) }
        }
    }

    /// Suspends until every projection has applied `position`, the runner has failed,
    /// `timeout` passes or the calling task is cancelled (a service stopping: it must not
    /// wait out a long timeout). Returns whether `position` was reached (read-your-writes).
    public func waitUntilApplied(_ position: UInt64, timeout: Duration) async -> Bool {
        if status.appliedPosition >= position { return true }
        let id = lock.withLock {
            nextWaiterID += 1
            return nextWaiterID
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.resume(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                // Checked under the lock: a cancellation before this point finds no waiter to
                // resume, so it must be seen here.
                if state.appliedPosition >= position || state.failure != nil || Task.isCancelled {
                    lock.unlock()
                    continuation.resume()
                } else {
                    waiters[id] = (position, continuation)
                    lock.unlock()
                }
            }
        } onCancel: {
            self.resume(id)
        }
        timer.cancel()
        return status.appliedPosition >= position
    }

    /// Runs `body` while no batch is being applied to the live generation.
    func withAppliesPaused<T>(_ body: () throws(ProjectionError) -> T) throws(ProjectionError) -> T {
        applyLock.lock()
        defer { applyLock.unlock() }
        return try body()
    }

    private func publish(_ applied: UInt64) {
        let ready: [CheckedContinuation<Void, Never>] = lock.withLock {
            state.appliedPosition = max(state.appliedPosition, applied)
            let done = waiters.filter { $0.value.after <= applied }
            for id in done.keys { waiters.removeValue(forKey: id) }
            return done.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    private func resume(_ id: UInt64) {
        let waiter = lock.withLock { waiters.removeValue(forKey: id) }
        waiter?.continuation.resume()
    }

    private func resumeAllWaiters() {
        let all = lock.withLock {
            let all = waiters.values.map(\.continuation)
            waiters.removeAll()
            return all
        }
        for continuation in all { continuation.resume() }
    }

    /// The catch-up loop shared by the live runner and rebuilds.
    static func catchUp(
        store: EventStore, writer: some DatabaseWriter, projections: [any Projection], through target: UInt64,
        batchSizeMax: Int, progress: (UInt64, UInt64) -> Void
    ) throws(ProjectionError) -> UInt64 {
        let checkpoints: [ProjectionName: UInt64]
        do {
            checkpoints = try writer.read { db in try ReadModel.checkpoints(db) }
        } catch {
            throw .storage(path: writer.path, reason: "\(error)")
        }
        let names = Set(projections.map(\.name))
        let relevant = checkpoints.filter { names.contains($0.key) }
        if let (name, position) = relevant.max(by: { $0.value < $1.value }), position > store.durablePosition {
            throw .aheadOfLog(projection: name, checkpoint: position, logEnd: store.durablePosition)
        }
        var applied = relevant.values.min() ?? 0
        guard applied < target else { return applied }
        // The next batch is read and decoded on another thread while this one is applied.
        var next = BatchPrefetch(from: applied + 1, through: target, countMax: batchSizeMax, store: store)
        defer { next.abandon() }
        // The batch applied last, freed by the next prefetch's worker (`BatchPrefetch`).
        var spent: [ProjectedEvent] = []
        while applied < target {
            let batch = try next.take()
            if batch.failure == nil, batch.last > applied, batch.last < target {
                next = BatchPrefetch(from: batch.last + 1, through: target, countMax: batchSizeMax, store: store, releasing: spent)
                spent = []
            }
            if batch.last > applied {
                try ProjectionBatch.apply(batch.events, through: batch.last, projections: projections, to: writer)
                applied = batch.last
                progress(applied, target)
                spent = batch.events
            }
            if let failure = batch.failure { throw failure }
            if batch.events.isEmpty && batch.last <= applied { break }  // the log ends before `target`
        }
        return applied
    }
}
