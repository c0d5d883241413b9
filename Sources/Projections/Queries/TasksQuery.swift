import Domain
import EventStore
import Foundation
import GRDB

/// A task as the API shows it; `status` is the status as of `now` (a snoozed task whose
/// snooze has passed is pending again) and `overdue` is pending with dueAt before `now`
/// (READMODELS.md: computed on read). Thread-safe (a value).
public struct TaskView: Codable, Sendable, Equatable {
    public var taskId: String
    public var storeId: String
    public var franchiseId: String?
    public var accountId: String?
    public var contactPhone: String?
    public var taskType: String
    public var typeCategory: String
    public var sourceType: String
    public var sourceLeadId: String?
    public var status: String
    public var priority: String
    public var actionNeeded: Bool
    public var actionNeededReason: String?
    public var suggestedActions: [SuggestedAction]
    public var dueAt: String
    public var createdAt: String
    public var completedAt: String?
    public var snoozedUntil: String?
    public var assignee: String?
    public var overdue: Bool
}

/// Filters of `GET /v1/stores/{storeId}/tasks`. Thread-safe (a value).
public struct TasksQuery: Sendable, Equatable {
    public var storeId: String
    public var status: TaskStatus?
    public var overdue: Bool?
    public var priority: TaskPriority?
    public var assignee: String?
    public var contactPhone: String?
    public var limit: Int
    public var cursor: String?
    public var now: Timestamp

    public init(
        storeId: String, status: TaskStatus? = nil, overdue: Bool? = nil, priority: TaskPriority? = nil,
        assignee: String? = nil, contactPhone: String? = nil, limit: Int = 50, cursor: String? = nil, now: Timestamp
    ) {
        self.storeId = storeId
        self.status = status
        self.overdue = overdue
        self.priority = priority
        self.assignee = assignee
        self.contactPhone = contactPhone
        self.limit = limit
        self.cursor = cursor
        self.now = now
    }
}

public struct TasksPage: Codable, Sendable, Equatable {
    public var tasks: [TaskView]
    public var nextCursor: String?
}

extension ReadModel {
    /// Tasks of a store, soonest due first (dueAt, then taskId).
    public func tasks(_ query: TasksQuery) throws -> TasksPage {
        try PageCursor.checkLimit(query.limit)
        let now = query.now.microsecondsSinceEpoch
        // The status as of now: a snooze that has passed is pending again.
        let effectiveStatus = "(CASE WHEN status = 'snoozed' AND snoozedUntil <= ?1 THEN 'pending' ELSE status END)"
        var conditions = ["storeId = ?2"]
        var arguments: [(any DatabaseValueConvertible)?] = [now, query.storeId]
        /// `condition` names its parameter `?P`; it gets the next free number.
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            conditions.append(condition.replacingOccurrences(of: "?P", with: "?\(arguments.count + 1)"))
            arguments.append(value)
        }
        if let status = query.status { add("\(effectiveStatus) = ?P", status.rawValue) }
        if let overdue = query.overdue {
            conditions.append("(\(effectiveStatus) = 'pending' AND dueAt < ?1) = \(overdue ? 1 : 0)")
        }
        if let priority = query.priority { add("priority = ?P", priority.rawValue) }
        if let assignee = query.assignee { add("assignee = ?P", assignee) }
        if let phone = query.contactPhone { add("contactPhone = ?P", phone) }
        if let cursor = query.cursor {
            let parts = cursor.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let due = Int64(parts[0]) else {
                throw QueryError(field: "cursor", reason: "is not a cursor this API returned")
            }
            conditions.append("(dueAt > ?\(arguments.count + 1) OR (dueAt = ?\(arguments.count + 1) AND taskId > ?\(arguments.count + 2)))")
            arguments += [due, String(parts[1])]
        }
        let sql = """
            SELECT *, \(effectiveStatus) AS effectiveStatus FROM tasks
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY dueAt ASC, taskId ASC LIMIT \(query.limit + 1)
            """
        return try read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
            let tasks = rows.prefix(query.limit).map { TaskView(row: $0, now: now) }
            let next = rows.count > query.limit ? rows.prefix(query.limit).last.map { "\($0["dueAt"] as Int64).\($0["taskId"] as String)" } : nil
            return TasksPage(tasks: Array(tasks), nextCursor: next)
        }
    }
}

extension TaskView {
    init(row: Row, now: Int64) {
        let status: String = row["effectiveStatus"]
        let due: Int64 = row["dueAt"]
        taskId = row["taskId"]
        storeId = row["storeId"]
        franchiseId = row["franchiseId"]
        accountId = row["accountId"]
        contactPhone = row["contactPhone"]
        taskType = row["taskType"]
        typeCategory = row["typeCategory"]
        sourceType = row["sourceType"]
        sourceLeadId = row["sourceLeadId"]
        self.status = status
        priority = row["priority"]
        actionNeeded = row["actionNeeded"]
        actionNeededReason = row["actionNeededReason"]
        suggestedActions = JSONColumn.array(row["suggestedActions"] as String)
        dueAt = ISO.string(due)!
        createdAt = ISO.string(row["createdAt"])!
        completedAt = ISO.string(row["completedAt"])
        snoozedUntil = status == "snoozed" ? ISO.string(row["snoozedUntil"]) : nil
        assignee = row["assignee"]
        overdue = status == "pending" && due < now
    }
}
