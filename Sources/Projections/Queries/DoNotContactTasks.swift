import Domain
import GRDB

/// An open outreach task of a contact under Do-Not-Contact, as the read model sees it: what
/// the outreach sweep cancels (issue 15, "Do-Not-Contact ends outreach"). Thread-safe (a value).
public struct DoNotContactTask: Sendable, Equatable {
    public var taskId: String
    public var storeId: String
    public var contactPhone: String
    public var taskType: TaskType
}

extension ReadModel {
    /// Pending or snoozed outreach tasks (`TaskType.isOutreach`) whose contact has a
    /// Do-Not-Contact in force in the tasks projection's view (`task_contact_dnc`), at most
    /// `limit`, in a stable order. Reads through `tasks_by_contact` from the (few) DNC rows.
    public func doNotContactTasks(limit: Int = 1_000) throws -> [DoNotContactTask] {
        let types = TaskType.outreach
        let placeholders = Array(repeating: "?", count: types.count).joined(separator: ", ")
        var arguments = StatementArguments(types.map(\.rawValue))
        arguments += [limit]
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.taskId, t.storeId, t.contactPhone, t.taskType
                    FROM task_contact_dnc d
                    JOIN tasks t ON t.storeId = d.storeId AND t.contactPhone = d.contactPhone
                        AND t.status IN ('pending', 'snoozed')
                    WHERE t.taskType IN (\(placeholders))
                    ORDER BY t.storeId, t.contactPhone, t.taskId LIMIT ?
                    """, arguments: arguments
            ).compactMap { row in
                guard let type = TaskType(rawValue: row["taskType"]) else { return nil }
                return DoNotContactTask(taskId: row["taskId"], storeId: row["storeId"], contactPhone: row["contactPhone"], taskType: type)
            }
        }
    }
}
