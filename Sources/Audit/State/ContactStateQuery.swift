import Domain
import EventStore

/// `audit state --store S --phone P --at T [--known-at T2]` / `GET /v1/audit/state?storeId=&phone=&at=&knownAt=`
/// (TCPA.md "Time"): which instant to reconstruct a contact at.
///
/// - `at` alone: what was true in the world at T — every event with occurredAt ≤ T, applied in
///   event-time order (ties by position).
/// - with `knownAt`: what the system knew at T2 about T — only events recorded by T2
///   (recordedAt ≤ T2) and with occurredAt ≤ T, applied in log order, as the read model and
///   the command handlers applied them.
/// Thread-safe (a value).
public struct ContactStateQuery: Sendable, Hashable {
    public var storeId: StoreID
    public var phone: PhoneNumber
    public var at: Timestamp
    public var knownAt: Timestamp?

    public init(storeId: StoreID, phone: PhoneNumber, at: Timestamp, knownAt: Timestamp? = nil) {
        self.storeId = storeId
        self.phone = phone
        self.at = at
        self.knownAt = knownAt
    }

    /// From text; a missing or bad value is an `.invalidField` naming it.
    public init(storeId: String?, phone: String?, at: String?, knownAt: String?) throws(AuditError) {
        guard let storeId, !storeId.isEmpty else { throw .invalidField(field: "storeId", reason: "is required") }
        guard let store = try? StoreID(storeId) else { throw .invalidField(field: "storeId", reason: "'\(storeId.prefix(60))' is not a store id (a UUID)") }
        guard let phone, !phone.isEmpty else { throw .invalidField(field: "phone", reason: "is required") }
        guard let number = PhoneNumber(phone) else { throw .invalidField(field: "phone", reason: "'\(phone.prefix(40))' is not a NANP phone number") }
        guard let at = try TCPAAuditOptions.instant(at, field: "at") else { throw .invalidField(field: "at", reason: "is required") }
        self.init(storeId: store, phone: number, at: at, knownAt: try TCPAAuditOptions.instant(knownAt, field: "knownAt"))
    }
}

/// A contact as of an instant, reconstructed from the log alone. Field names are the JSON
/// contract (docs/AUDIT.md). Thread-safe (a value).
public struct ContactState: Sendable, Hashable, Codable {
    public struct Change: Sendable, Hashable, Codable {
        public var position: UInt64
        public var eventType: String
        public var occurredAt: String
        public var recordedAt: String
        public var actor: String
    }

    public struct OpenTask: Sendable, Hashable, Codable {
        public var taskId: String
        public var taskType: String
        public var sourceType: String
        public var sourceLeadId: String?
        public var priority: String
        public var status: String
        public var dueAt: String
        public var createdAt: String
        public var assignee: String?
        public var position: UInt64
    }

    public var storeId: String
    public var phone: String
    public var at: String
    public var knownAt: String?
    /// `event_time` (at only) or `log_order` (with knownAt).
    public var order: String
    /// The last log position applied (0 when none).
    public var lastPosition: UInt64 = 0
    public var eventsApplied = 0
    /// Whether the contact existed at that instant.
    public var exists = false
    public var doNotContact = false
    public var doNotContactUpdatedBy: String?
    /// The event that set the DNC in force (its owner).
    public var doNotContactSetBy: Change?
    public var lifecycleStage: String?
    public var lifecycleState: String?
    public var leadStatus: String?
    public var firstName: String?
    public var lastName: String?
    public var openTasks: [OpenTask] = []
}
