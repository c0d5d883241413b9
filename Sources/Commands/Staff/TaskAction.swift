/// A staff action on a task (PRODUCT.md "Staff actions"; API.md task routes). Values are the
/// raw request fields; `TaskCommandHandler` validates them and names the field.
public enum TaskAction: Hashable, Sendable {
    /// `POST /v1/stores/{storeId}/tasks` → `task.created` (task id derived from the request key).
    case create(NewTask)
    /// `…/tasks/{taskId}/complete` → `task.completed`.
    case complete(taskId: String, note: String?)
    /// `…/snooze {"until"}` (ISO-8601 with zone, in the future) → `task.snoozed`.
    case snooze(taskId: String, until: String, note: String?)
    /// `…/reassign {"assignee"}` (nil or blank: unassigned) → `task.reassigned`.
    case reassign(taskId: String, assignee: String?)
    /// `…/cancel {"reason"}` → `task.cancelled`.
    case cancel(taskId: String, reason: String?)
}

/// The body of a manual task (READMODELS.md tasks). Thread-safe (a value).
public struct NewTask: Hashable, Sendable {
    /// `follow_up`, `callback`, `complaint`, `other` (`lead_outreach` is the lead flow's own).
    public var taskType: String
    /// `high`, `medium`, `low`.
    public var priority: String
    public var contactPhone: String?
    public var actionNeeded: Bool
    public var actionNeededReason: String?
    /// ISO-8601 with zone; absent: now plus the priority's SLA in the store's open time.
    public var dueAt: String?
    public var assignee: String?

    public init(
        taskType: String, priority: String, contactPhone: String? = nil, actionNeeded: Bool = true,
        actionNeededReason: String? = nil, dueAt: String? = nil, assignee: String? = nil
    ) {
        self.taskType = taskType
        self.priority = priority
        self.contactPhone = contactPhone
        self.actionNeeded = actionNeeded
        self.actionNeededReason = actionNeededReason
        self.dueAt = dueAt
        self.assignee = assignee
    }
}
