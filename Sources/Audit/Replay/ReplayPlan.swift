import Dispatch
import Domain
import EventStore
import Foundation
import Synchronization

/// How the scan is split: the log's positions in chunks of `chunkPositions`, read by up to
/// `workers` threads that each take the next unread chunk (so a worker slowed by a busy core
/// simply reads fewer). Every chunk's events are read by `EventStore.scan(from:through:)`,
/// which verifies each batch's checksum as a whole-log scan does. Thread-safe (a value).
struct ReplayPlan: Sendable {
    var workers: Int
    var chunkPositions: UInt64

    /// Below this many positions per chunk the split is not worth its merge.
    static let chunkPositionsMin: UInt64 = 131_072

    /// One worker per core (at most 8), about 16 chunks per worker, never chunks smaller than
    /// `chunkPositionsMin` (a log of a few hundred thousand events is read by one thread).
    static func automatic(lastPosition: UInt64) -> ReplayPlan {
        let cores = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let chunk = max(chunkPositionsMin, lastPosition / UInt64(cores * 16) + 1)
        return ReplayPlan(workers: cores, chunkPositions: chunk)
    }
}

extension TCPAAudit {
    /// Reads the log through `last` into one `AuditReplay`: the chunks of `plan` on its
    /// workers, then the join. `progress` is called (serially) as chunks complete.
    static func replay(
        store: EventStore, storeId: StoreID?, parameters: TCPAParameters, keepsEveryContact: Bool, foldsDoNotContact: Bool,
        plan requested: ReplayPlan? = nil, progress: Progress?
    ) throws(AuditError) -> AuditReplay {
        let last = store.durablePosition
        let plan = requested ?? ReplayPlan.automatic(lastPosition: last)
        precondition(plan.workers > 0 && plan.chunkPositions > 0, "a plan has workers and chunks")
        let chunkCount = last == 0 ? 0 : Int((last - 1) / plan.chunkPositions + 1)
        let workerCount = max(1, min(plan.workers, chunkCount))
        let filter = EventFilter(storeId: storeId?.rawValue)
        let keywords = OptOutKeywords(parameters.optOutKeywords)
        let shared = ReplayProgress(chunkCount: chunkCount, workerCount: workerCount, lastPosition: last, progress: progress)

        let work: @Sendable (Int) -> Void = { worker in
            var replayer = AuditReplayer(keywords: keywords, checksGaps: storeId == nil, keepsEveryContact: keepsEveryContact)
            while let index = shared.nextChunk() {
                let first = UInt64(index) * plan.chunkPositions + 1
                let through = last - first < plan.chunkPositions ? last : first + plan.chunkPositions - 1
                var chunk = ReplayChunk(index: index, worker: worker)
                var reported = first
                do {
                    try store.scan(from: first, through: through, filter: filter) { event in
                        try replayer.apply(event, to: &chunk)
                        if event.position & 0xFFFF == 0 {
                            shared.advance(by: event.position - reported)
                            reported = event.position
                        }
                        return true
                    }
                    shared.advance(by: through + 1 - reported)
                    shared.complete(chunk)
                } catch {
                    shared.fail(chunk: index, AuditError.wrap(error))
                }
            }
            shared.finish(worker: worker, replayer)
        }
        if workerCount == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workerCount, execute: work)
        }
        let (workers, chunks) = try shared.results()
        progress?(last, last)
        return AuditReplay(workers: workers, chunks: chunks, threads: workerCount, foldsDoNotContact: foldsDoNotContact)
    }
}

/// What the scan's workers share: the next chunk to read, completed chunks, the first failure
/// in log order, and progress. Thread-safe: everything sits in one `Mutex`, taken once per
/// chunk and once per 65,536 positions, never per event.
final class ReplayProgress: @unchecked Sendable {
    // @unchecked: `progress` is not Sendable; it is only called with the mutex held, so never
    // concurrently, which is all a progress bar needs.
    private struct State {
        var next = 0
        var done: UInt64 = 0
        var chunks: [ReplayChunk] = []
        var workers: [AuditReplayer?]
        /// The lowest failed chunk and its error: chunks after it are not started, chunks
        /// before it complete, so the error reported is the first in log order.
        var failure: (chunk: Int, error: AuditError)?
    }

    private let state: Mutex<State>
    private let chunkCount: Int
    private let lastPosition: UInt64
    private let progress: TCPAAudit.Progress?

    init(chunkCount: Int, workerCount: Int, lastPosition: UInt64, progress: TCPAAudit.Progress?) {
        self.state = Mutex(State(workers: Array(repeating: nil, count: workerCount)))
        self.chunkCount = chunkCount
        self.lastPosition = lastPosition
        self.progress = progress
    }

    func nextChunk() -> Int? {
        state.withLock { state in
            guard state.next < chunkCount, state.next < state.failure?.chunk ?? .max else { return nil }
            state.next += 1
            return state.next - 1
        }
    }

    func advance(by positions: UInt64) {
        state.withLock { state in
            state.done += positions
            progress?(min(state.done, lastPosition), lastPosition)
        }
    }

    func complete(_ chunk: ReplayChunk) { state.withLock { $0.chunks.append(chunk) } }

    func fail(chunk: Int, _ error: AuditError) {
        state.withLock { state in
            if chunk < state.failure?.chunk ?? .max { state.failure = (chunk, error) }
        }
    }

    func finish(worker: Int, _ replayer: AuditReplayer) { state.withLock { $0.workers[worker] = replayer } }

    /// The workers' tables and chunks, or the first error in log order.
    func results() throws(AuditError) -> (workers: [AuditReplayer], chunks: [ReplayChunk]) {
        let result: Result<([AuditReplayer], [ReplayChunk]), AuditError> = state.withLock { state in
            if let failure = state.failure { return .failure(failure.error) }
            let chunks = state.chunks
            state.chunks = []
            return .success((state.workers.map { $0! }, chunks))
        }
        return try result.get()
    }
}
