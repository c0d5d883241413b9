import Foundation

// Task events (READMODELS.md tasks). Stream `task/<taskId>`, key by request id
// (`IdempotencyKeys.request(type, scope: storeId, requestId)`), actor staff.
// Lead-outreach tasks are not events: projections derive them from `lead.received`
// with `DeterministicIDs.leadOutreachTask(leadId:)`.

/// `task.created`: a manual task. The handler computes `dueAt` with the store's calendar
/// (`StoreCalendar.dueAt(from:priority:)`) unless staff gave one.
public struct TaskCreated: EventPayload {
    public static var eventType: EventType { .taskCreated }

    /// `DeterministicIDs.task(idempotencyKey:)` of this event's key.
    public var taskId: TaskID
    public var storeId: StoreID
    public var franchiseId: FranchiseID?
    public var accountId: AccountID?
    public var contactPhone: PhoneNumber?
    public var taskType: TaskType
    public var sourceType: TaskSource
    public var sourceLeadId: LeadID?
    public var priority: TaskPriority
    public var actionNeeded: Bool
    public var actionNeededReason: String?
    public var suggestedActions: [SuggestedAction]
    public var dueAt: Date
    public var createdAt: Date
    /// The staff user the task is assigned to.
    public var assignee: String?

    public init(
        taskId: TaskID, storeId: StoreID, franchiseId: FranchiseID? = nil, accountId: AccountID? = nil,
        contactPhone: PhoneNumber? = nil, taskType: TaskType, sourceType: TaskSource = .manual, sourceLeadId: LeadID? = nil,
        priority: TaskPriority, actionNeeded: Bool = true, actionNeededReason: String? = nil,
        suggestedActions: [SuggestedAction] = [], dueAt: Date, createdAt: Date, assignee: String? = nil
    ) {
        self.taskId = taskId
        self.storeId = storeId
        self.franchiseId = franchiseId
        self.accountId = accountId
        self.contactPhone = contactPhone
        self.taskType = taskType
        self.sourceType = sourceType
        self.sourceLeadId = sourceLeadId
        self.priority = priority
        self.actionNeeded = actionNeeded
        self.actionNeededReason = Text.clean(actionNeededReason)
        self.suggestedActions = suggestedActions
        self.dueAt = dueAt
        self.createdAt = createdAt
        self.assignee = Text.clean(assignee)
    }

    public var stream: String { Streams.task(taskId) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .taskCreated(self) }
}

/// `task.completed`.
public struct TaskCompleted: EventPayload {
    public static var eventType: EventType { .taskCompleted }
    public var taskId: TaskID
    public var storeId: StoreID
    public var completedAt: Date
    public var note: String?

    public init(taskId: TaskID, storeId: StoreID, completedAt: Date, note: String? = nil) {
        self.taskId = taskId
        self.storeId = storeId
        self.completedAt = completedAt
        self.note = Text.clean(note)
    }

    public var stream: String { Streams.task(taskId) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .taskCompleted(self) }
}

/// `task.snoozed`: status snoozed until `snoozedUntil` (then pending again, on read).
public struct TaskSnoozed: EventPayload {
    public static var eventType: EventType { .taskSnoozed }
    public var taskId: TaskID
    public var storeId: StoreID
    public var snoozedUntil: Date
    public var note: String?

    public init(taskId: TaskID, storeId: StoreID, snoozedUntil: Date, note: String? = nil) {
        self.taskId = taskId
        self.storeId = storeId
        self.snoozedUntil = snoozedUntil
        self.note = Text.clean(note)
    }

    public var stream: String { Streams.task(taskId) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .taskSnoozed(self) }
}

/// `task.reassigned`: a new assignee (nil: unassigned).
public struct TaskReassigned: EventPayload {
    public static var eventType: EventType { .taskReassigned }
    public var taskId: TaskID
    public var storeId: StoreID
    public var assignee: String?

    public init(taskId: TaskID, storeId: StoreID, assignee: String?) {
        self.taskId = taskId
        self.storeId = storeId
        self.assignee = Text.clean(assignee)
    }

    public var stream: String { Streams.task(taskId) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .taskReassigned(self) }
}

/// `task.cancelled`.
public struct TaskCancelled: EventPayload {
    public static var eventType: EventType { .taskCancelled }
    public var taskId: TaskID
    public var storeId: StoreID
    public var reason: String?

    public init(taskId: TaskID, storeId: StoreID, reason: String? = nil) {
        self.taskId = taskId
        self.storeId = storeId
        self.reason = Text.clean(reason)
    }

    public var stream: String { Streams.task(taskId) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .taskCancelled(self) }
}
