import Domain
import EventStore

/// Staff actions on tasks (PRODUCT.md "Staff actions"; EVENTS.md `task.*`): create a manual
/// task, complete, snooze, reassign, cancel. Stream `task/<taskId>`, key by request id, actor
/// the staff user, occurredAt the handler's clock.
///
/// Task payloads carry times taken from the clock (createdAt, dueAt, completedAt), so a retry
/// would not be byte-identical; the handler therefore folds the task's stream first and
/// answers a request id it already holds with the original positions — when the retry asks
/// for the same thing (the clock's times aside; `sameRequest`), else 409, as the contact
/// routes answer a reused key. It also refuses, from the same fold, an action on a task of
/// another store or on no task at all (404, nothing appended) and an action on a task that
/// was completed or cancelled (422), and an outreach task for a contact under
/// Do-Not-Contact (422, `refuseOutreachUnderDoNotContact`). A task with no stream — a lead's `lead_outreach` task,
/// which projections derive from `lead.received` — can still be completed, snoozed, reassigned
/// or cancelled: `LeadTaskIndex` knows which lead of which store made it.
///
/// Thread-safe: holds only thread-safe references.
public struct TaskCommandHandler: Sendable {
    let registry: StoreRegistry
    let appender: EventAppender
    let leadTasks: LeadTaskIndex
    let clock: any StoreClock

    static let assigneeLengthMax = 200

    public init(store: EventStore, registry: StoreRegistry, clock: any StoreClock = SystemClock()) {
        self.registry = registry
        self.appender = EventAppender(store: store)
        self.leadTasks = LeadTaskIndex(store: store)
        self.clock = clock
    }

    /// `storeId` as in the route (`/v1/stores/{storeId}/tasks…`).
    public func handle(storeId rawStore: String, action: TaskAction, request: StaffRequest) async throws(CommandError) -> CommandOutcome {
        let (requestId, actor) = try request.validated()
        let storeId = try checked("storeId") { () throws(DomainError) in try StoreID(rawStore) }
        let profile = try registry.requireStore(storeId)
        let now = clock.now()
        let payload = try self.payload(for: action, store: profile, requestId: requestId, now: now)
        let event = DomainEvent(payload, requestId: requestId, actor: actor, occurredAt: now)
        let taskId = payload.taskId
        let ids = ["storeId": storeId.rawValue, "taskId": taskId.rawValue]
        if let created = payload as? TaskCreated { try await refuseOutreachUnderDoNotContact(created, key: event.idempotencyKey) }
        return try await appender.decideAndAppend(stream: event.stream, clientVersion: request.expectedVersion) {
            (state) throws(CommandError) -> EventAppender.Decision in
            if let position = state.position(ofKey: event.idempotencyKey) {
                guard Self.sameRequest(event.payload, as: state.task.payloadByKey[event.idempotencyKey], action: action) else {
                    throw CommandError(
                        .conflict, field: "Idempotency-Key",
                        reason: "this Idempotency-Key was used for a different request (position \(position)); use a new key")
                }
                return .recorded(EventAppender.recorded([(event.type, event.idempotencyKey, position)], stream: event.stream, ids: ids))
            }
            let owner = state.task.created ? state.task.storeId : try leadTasks.store(ofTask: taskId)?.rawValue
            if event.type != .taskCreated, owner != storeId.rawValue {
                throw CommandError(.notFound, field: "taskId", reason: "no task \(taskId) in store \(storeId)")
            }
            if let ended = state.task.ended {
                throw CommandError(
                    .unprocessable, field: "taskId", reason: "task \(taskId) is \(ended.rawValue) and takes no further action")
            }
            return .append([event], ids: ids)
        }
    }

    /// No new outreach task while Do-Not-Contact is in force (issue 15; TCPA.md): a
    /// `follow_up` or `callback` for a contact whose stream has a DNC in force is refused (422
    /// naming `contactPhone`). A retry of a request recorded before the DNC is still answered
    /// with its original positions (the key is looked up first).
    private func refuseOutreachUnderDoNotContact(_ task: TaskCreated, key: String) async throws(CommandError) {
        guard task.taskType.isOutreach, let phone = task.contactPhone else { return }
        guard try await appender.settledState(task.stream).position(ofKey: key) == nil else { return }
        let contact = try await appender.settledState(Streams.contact(store: task.storeId, phone: phone))
        guard let source = contact.doNotContact else { return }
        throw CommandError(
            .unprocessable, field: "contactPhone",
            reason: "\(phone) is under Do-Not-Contact (set by \(source.rawValue)): no \(task.taskType.rawValue) task may be created")
    }

    private func payload(
        for action: TaskAction, store: StoreProfile, requestId: RequestID, now: Timestamp
    )
        throws(CommandError) -> any TaskPayload
    {
        let storeId = store.storeId
        switch action {
        case .create(let task):
            return try created(task, store: store, requestId: requestId, now: now)
        case .complete(let raw, let note):
            return TaskCompleted(
                taskId: try taskId(raw), storeId: storeId, completedAt: now.date, note: try optionalText(note, field: "note"))
        case .snooze(let raw, let rawUntil, let note):
            let until = try time(rawUntil, field: "until")
            guard until > now else { throw CommandError.invalid("until", "must be in the future (now is \(ISOTime.string(now)))") }
            return TaskSnoozed(
                taskId: try taskId(raw), storeId: storeId, snoozedUntil: until.date, note: try optionalText(note, field: "note"))
        case .reassign(let raw, let assignee):
            let assignee = try optionalText(assignee, field: "assignee", lengthMax: Self.assigneeLengthMax, layout: .singleLine)
            return TaskReassigned(taskId: try taskId(raw), storeId: storeId, assignee: assignee)
        case .cancel(let raw, let reason):
            return TaskCancelled(taskId: try taskId(raw), storeId: storeId, reason: try optionalText(reason, field: "reason"))
        }
    }

    private func created(_ task: NewTask, store: StoreProfile, requestId: RequestID, now: Timestamp) throws(CommandError) -> TaskCreated {
        let type = try checked("taskType") { () throws(DomainError) in try TaskType(parsing: task.taskType, field: "taskType") }
        guard type != .leadOutreach else {
            throw CommandError.invalid(
                "taskType", "lead_outreach tasks are made by the lead flow; use follow_up, callback, complaint or other")
        }
        let priority = try checked("priority") { () throws(DomainError) in try TaskPriority(parsing: task.priority, field: "priority") }
        let phone = try task.contactPhone.flatMap { $0.intakeTrimmed.isEmpty ? nil : $0 }.map { raw throws(CommandError) in
            guard let phone = PhoneNumber(raw) else {
                throw CommandError.invalid("contactPhone", "'\(raw.prefix(40))' is not a valid US/Canada phone number")
            }
            return phone
        }
        let dueAt =
            try task.dueAt.map { raw throws(CommandError) in try time(raw, field: "dueAt") }
            ?? store.calendar.dueAt(from: now, priority: priority)
        let key = IdempotencyKeys.request(.taskCreated, scope: store.storeId.rawValue, requestId: requestId)
        return TaskCreated(
            taskId: DeterministicIDs.task(idempotencyKey: key), storeId: store.storeId, franchiseId: store.franchiseId,
            accountId: store.accountId, contactPhone: phone, taskType: type, sourceType: .manual, priority: priority,
            actionNeeded: task.actionNeeded,
            actionNeededReason: try optionalText(task.actionNeededReason, field: "actionNeededReason", layout: .singleLine),
            dueAt: dueAt.date, createdAt: now.date,
            assignee: try optionalText(task.assignee, field: "assignee", lengthMax: Self.assigneeLengthMax, layout: .singleLine))
    }

    /// Whether a retry asks for what the event its key recorded holds: the payloads equal once
    /// the times the handler took from its clock are the recorded ones (`createdAt`,
    /// `completedAt`, and `dueAt` when the request named none). A recorded payload that could
    /// not be read counts as the same (the key alone decided before).
    static func sameRequest(_ new: DomainPayload, as recorded: DomainPayload?, action: TaskAction) -> Bool {
        guard let recorded else { return true }
        switch (new, recorded) {
        case (.taskCreated(var created), .taskCreated(let original)):
            created.createdAt = original.createdAt
            if case .create(let task) = action, task.dueAt == nil { created.dueAt = original.dueAt }
            return DomainPayload.taskCreated(created) == recorded
        case (.taskCompleted(var completed), .taskCompleted(let original)):
            completed.completedAt = original.completedAt
            return DomainPayload.taskCompleted(completed) == recorded
        default:
            return new == recorded
        }
    }

    private func taskId(_ raw: String) throws(CommandError) -> TaskID {
        try checked("taskId") { () throws(DomainError) in try TaskID(raw, field: "taskId") }
    }

    private func time(_ raw: String, field: String) throws(CommandError) -> Timestamp {
        do {
            return try ISOTime.timestamp(raw.intakeTrimmed, profile: .rfc3339)
        } catch {
            throw CommandError.invalid(field, error.reason)
        }
    }
}

/// The task payloads, for their common `taskId`.
protocol TaskPayload: EventPayload {
    var taskId: TaskID { get }
}

extension TaskCreated: TaskPayload {}
extension TaskCompleted: TaskPayload {}
extension TaskSnoozed: TaskPayload {}
extension TaskReassigned: TaskPayload {}
extension TaskCancelled: TaskPayload {}
