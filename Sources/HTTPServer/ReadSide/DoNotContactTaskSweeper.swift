import Commands
import Domain
import EventStore
import Projections

/// Do-Not-Contact ends outreach (issue 15; TCPA.md), composed from both sides (STYLE.md: what
/// needs the read model and an append lives here): the read model lists the open outreach
/// tasks of contacts under Do-Not-Contact (`ReadModel.doNotContactTasks`); Commands cancels
/// each (`DoNotContactTaskHandler`: `task.cancelled`, reason `do_not_contact`, actor system),
/// deciding from the log, so a DNC cleared or a task ended since the read model saw it is
/// left alone. Used by the server's `OutreachService` and by `contactledger sweep`.
/// Thread-safe (a value over thread-safe references).
public struct DoNotContactTaskSweeper: Sendable {
    public let store: EventStore
    public let readModel: ReadModel
    let handler: DoNotContactTaskHandler
    /// Tasks cancelled per sweep at most; the rest wait for the next one.
    public static let batchMax = 10_000

    /// `clock` stamps the cancellations' occurredAt.
    public init(store: EventStore, readModel: ReadModel, clock: any StoreClock = SystemClock()) {
        self.store = store
        self.readModel = readModel
        handler = DoNotContactTaskHandler(store: store, clock: clock)
    }

    public struct Result: Sendable, Equatable {
        public var cancelled = 0
        public var alreadyCancelled = 0
        /// The read model showed a DNC the log no longer has in force.
        public var notInForce = 0
        /// Completed or cancelled by staff since the read model saw the task.
        public var ended = 0
        public var failures: [String] = []
        /// The highest position appended or found (0 when nothing was): a reader waiting
        /// for it sees the cancellations.
        public var lastPosition: UInt64 = 0
        public init() {}

        /// Whether anything was listed.
        public var isEmpty: Bool { cancelled + alreadyCancelled + notInForce + ended + failures.count == 0 }
    }

    public func sweep() async throws -> Result {
        var result = Result()
        for task in try readModel.doNotContactTasks(limit: Self.batchMax) {
            let request = DoNotContactTaskHandler.Request(storeId: task.storeId, phone: task.contactPhone, taskId: task.taskId)
            do {
                switch try await handler.cancel(request) {
                case .cancelled(let outcome):
                    if outcome.deduplicated { result.alreadyCancelled += 1 } else { result.cancelled += 1 }
                    result.lastPosition = max(result.lastPosition, outcome.position)
                case .notInForce:
                    result.notInForce += 1
                case .ended:
                    result.ended += 1
                }
            } catch {
                result.failures.append("task \(task.taskId) of \(task.storeId) \(task.contactPhone): \(error)")
            }
        }
        return result
    }

    /// The event types after which a sweep may find work: a Do-Not-Contact coming into force
    /// (and a merge that carries one over), and a task made for a contact. A lead for a
    /// contact under DNC makes no task (the tasks projection), so leads are not among them.
    public static let triggeringTypes: Set<String> = Set(
        [EventType.contactOptedOut, .contactDNCSet, .contactAnalyzed, .contactMerged, .taskCreated].map(\.rawValue))

    /// Whether the log holds a triggering event in `positions`.
    public func hasWork(in positions: ClosedRange<UInt64>) throws -> Bool {
        var found = false
        try store.scan(from: positions.lowerBound, through: positions.upperBound, filter: EventFilter(types: Self.triggeringTypes)) {
            _ in
            found = true
            return false
        }
        return found
    }
}
