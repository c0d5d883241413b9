import Domain
import EventStore

/// Cancels an open outreach task of a contact under Do-Not-Contact (issue 15, "Do-Not-Contact
/// ends outreach"; TCPA.md): `task.cancelled` with reason `do_not_contact`, actor `system`,
/// key `task.cancelled:do_not_contact:<taskId>` (`IdempotencyKeys.taskCancelledForDoNotContact`),
/// so a task is cancelled for this reason at most once however often the sweep runs.
///
/// The read model proposes the task (`ReadModel.doNotContactTasks`, composed in Server by
/// `DoNotContactTaskSweeper`); this handler decides from the log, which the read model may
/// trail: it folds the contact's stream and appends only while a Do-Not-Contact is in force
/// there (a DNC cleared since is left alone), and folds the task's stream and appends only
/// while the task is open (staff may have completed or cancelled it since). Clearing the
/// DNC later does not reopen the task: nothing ever appends its reopening.
///
/// Thread-safe: holds only thread-safe references.
public struct DoNotContactTaskHandler: Sendable {
    let appender: EventAppender
    let clock: any StoreClock

    /// The reason every cancellation of this handler carries.
    public static let reason = "do_not_contact"

    public init(store: EventStore, clock: any StoreClock = SystemClock()) {
        appender = EventAppender(store: store)
        self.clock = clock
    }

    /// One task the read model lists.
    public struct Request: Sendable, Equatable {
        public var storeId: String
        public var phone: String
        public var taskId: String

        public init(storeId: String, phone: String, taskId: String) {
            self.storeId = storeId
            self.phone = phone
            self.taskId = taskId
        }
    }

    /// What became of a request.
    public enum Result: Sendable, Equatable {
        /// Appended now, or found appended before (`outcome.deduplicated`).
        case cancelled(CommandOutcome)
        /// The contact's Do-Not-Contact is no longer in force in the log: nothing appended.
        case notInForce
        /// The task was completed or cancelled meanwhile: nothing appended.
        case ended(TaskStatus)
    }

    public func cancel(_ request: Request) async throws(CommandError) -> Result {
        let storeId = try checked("storeId") { () throws(DomainError) in try StoreID(request.storeId) }
        guard let phone = PhoneNumber(request.phone) else {
            throw CommandError.invalid("phone", "'\(request.phone.prefix(40))' is not a valid US/Canada phone number")
        }
        let taskId = try checked("taskId") { () throws(DomainError) in try TaskID(request.taskId, field: "taskId") }
        let contact = try await appender.settledState(Streams.contact(store: storeId, phone: phone))
        guard contact.doNotContact != nil else { return .notInForce }

        let payload = TaskCancelled(taskId: taskId, storeId: storeId, reason: Self.reason)
        let event = DomainEvent(
            payload: payload.domainPayload, stream: payload.stream, storeId: storeId, occurredAt: clock.now(),
            idempotencyKey: IdempotencyKeys.taskCancelledForDoNotContact(taskId), actor: .system)
        let ids = ["storeId": storeId.rawValue, "taskId": taskId.rawValue, "phone": phone.e164]
        var ended: TaskStatus?
        do {
            let outcome = try await appender.decideAndAppend(stream: event.stream) { (state) throws(CommandError) -> EventAppender.Decision in
                ended = nil
                if let position = state.position(ofKey: event.idempotencyKey) {
                    return .recorded(
                        EventAppender.recorded([(event.type, event.idempotencyKey, position)], stream: event.stream, ids: ids))
                }
                if let owner = state.task.storeId, owner != storeId.rawValue {
                    throw CommandError(.notFound, field: "taskId", reason: "no task \(taskId) in store \(storeId)")
                }
                if let status = state.task.ended {
                    ended = status
                    throw CommandError(.unprocessable, field: "taskId", reason: "task \(taskId) is \(status.rawValue)")
                }
                return .append([event], ids: ids)
            }
            return .cancelled(outcome)
        } catch {
            if let ended { return .ended(ended) }
            throw error
        }
    }
}
