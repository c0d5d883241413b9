/// A task's status (READMODELS.md tasks).
public enum TaskStatus: String, DomainEnum {
    case pending
    case completed
    case snoozed
    case cancelled

    public static var fieldName: String { "status" }
}

/// A task's (or a suggested action's) priority; each has a default SLA (READMODELS.md
/// computeDueAt: high 5 minutes, medium 4 hours, low 24 hours — configurable per store,
/// see `SLAPolicy`). Ordered: `.low < .medium < .high`.
public enum TaskPriority: String, DomainEnum, Comparable {
    case high
    case medium
    case low

    public static var fieldName: String { "priority" }

    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (a: TaskPriority, b: TaskPriority) -> Bool { a.rank < b.rank }
}

/// What a task is for. `lead_outreach` is the one the lead flow makes (seed 000 step ④);
/// the others are staff-created kinds. The category equals the type for every kind today
/// (the uniqueness rule "one pending task per (store, phone, typeCategory)" reads it).
public enum TaskType: String, DomainEnum {
    case leadOutreach = "lead_outreach"
    case followUp = "follow_up"
    case callback
    case complaint
    case other

    public static var fieldName: String { "taskType" }

    public var category: String { rawValue }

    /// Whether the task's work is to call or text the contact (issue 15: Do-Not-Contact ends
    /// outreach). `complaint` and `other` are not: resolving a complaint or other staff work
    /// may be done without contacting the person, so Do-Not-Contact leaves them open.
    public var isOutreach: Bool {
        switch self {
        case .leadOutreach, .followUp, .callback: true
        case .complaint, .other: false
        }
    }

    /// The outreach types, for SQL (`taskType IN (…)`).
    public static var outreach: [TaskType] { allCases.filter(\.isOutreach) }
}

/// Where a task came from (seed 000: `sourceType 'lead'`).
public enum TaskSource: String, DomainEnum {
    case lead
    case manual
    case ai

    public static var fieldName: String { "sourceType" }
}
