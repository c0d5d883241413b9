import Domain
import EventStore
import Foundation
import GRDB

/// tasks (READMODELS.md; seed 000 step ④). A routable lead makes one high-priority
/// `lead_outreach` task due `receivedAt + 5 open minutes` (quiet hours excluded, in the
/// store's zone) — unless the lead already has its task (uq sourceLeadId: a redelivery) or
/// the contact already has an open one (uq pending per contact and category): both are
/// skipped, as the source's `ON CONFLICT DO NOTHING`. Staff tasks and task actions come
/// from `task.*` events; an action names the store, and a task of another store is not
/// touched. A lead for a contact under Do-Not-Contact makes no task (issue 15: no outreach
/// while DNC is in force; `TasksProjection+DoNotContact`). The store calendars the due times need are this projection's own copy of the
/// registry (`task_store_calendars`), so the projection reads no other projection's tables.
/// Stateless (thread-safe).
struct TasksProjection: Projection {
    var name: ProjectionName { .tasks }

    /// seed 000 step ④: "one high-priority action: call the new lead back inside the
    /// 5-minute golden window".
    static let leadOutreachAction = SuggestedAction(
        action: "Call the new lead back within the 5-minute golden window", priority: .high,
        reason: "New leads contacted within 5 minutes are far more likely to book",
        priorityReason: "Speed to lead")

    func apply(_ event: ProjectedEvent, in db: Database) throws {
        if try applyDoNotContact(event, db: db) { return }
        switch event.payload {
        case .storeRegistered(let registered):
            try saveCalendar(registered.profile, db: db)
        case .storeUpdated(let updated):
            try saveCalendar(updated.profile, db: db)
        case .leadReceived(let lead):
            try leadOutreach(lead, event: event, db: db)
        case .taskCreated(let task):
            try insert(
                taskId: task.taskId.rawValue, storeId: task.storeId.rawValue, franchiseId: task.franchiseId?.rawValue,
                accountId: task.accountId?.rawValue, phone: task.contactPhone?.e164, type: task.taskType,
                source: task.sourceType, sourceLeadId: task.sourceLeadId?.rawValue, priority: task.priority,
                actionNeeded: task.actionNeeded, reason: task.actionNeededReason,
                actionsJSON: task.suggestedActions.canonicalJSONText,
                dueAt: task.dueAt.micros, createdAt: task.createdAt.micros, assignee: task.assignee,
                updatedAt: event.recordedAt.micros, db: db)
        case .taskCompleted(let completed):
            try update(
                "status = 'completed', completedAt = ?, snoozedUntil = NULL", [completed.completedAt.micros],
                taskId: completed.taskId, storeId: completed.storeId, openOnly: true, event: event, db: db)
        case .taskSnoozed(let snoozed):
            try update(
                "status = 'snoozed', snoozedUntil = ?", [snoozed.snoozedUntil.micros],
                taskId: snoozed.taskId, storeId: snoozed.storeId, openOnly: true, event: event, db: db)
        case .taskReassigned(let reassigned):
            try update(
                "assignee = ?", [reassigned.assignee], taskId: reassigned.taskId, storeId: reassigned.storeId,
                openOnly: false, event: event, db: db)
        case .taskCancelled(let cancelled):
            try update(
                "status = 'cancelled', snoozedUntil = NULL", [], taskId: cancelled.taskId, storeId: cancelled.storeId,
                openOnly: true, event: event, db: db)
        default:
            break
        }
    }

    private func saveCalendar(_ profile: StoreProfile, db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO task_store_calendars (storeId, profile) VALUES (?, ?)
                ON CONFLICT (storeId) DO UPDATE SET profile = excluded.profile
                """
        ).execute(arguments: [profile.storeId.rawValue, String(decoding: EventCodec.canonicalJSON(profile), as: UTF8.self)])
    }

    private func calendar(storeId: String, db: Database) throws -> StoreCalendar {
        let statement = try db.cachedStatement(sql: "SELECT profile FROM task_store_calendars WHERE storeId = ?")
        guard let json = try String.fetchOne(statement, arguments: [storeId]) else {
            // A routable lead names a registered store; this is a log written without one.
            return StoreCalendar(timeZone: TimeZone(identifier: "UTC")!)
        }
        return try Self.calendars.calendar(profileJSON: json)
    }

    /// Store calendars by their profile's JSON text: a lead's dueAt needs its store's calendar,
    /// and decoding the profile and its time zone for every lead was a tenth of this
    /// projection's time. Keyed by the text, so an updated profile is a new entry.
    private static let calendars = CalendarCache()

    private final class CalendarCache: @unchecked Sendable {
        private let lock = NSLock()
        private var calendars: [String: StoreCalendar] = [:]

        func calendar(profileJSON json: String) throws -> StoreCalendar {
            if let calendar = lock.withLock({ calendars[json] }) { return calendar }
            let calendar = try StoreProfile(json: Array(json.utf8)).calendar
            lock.withLock {
                if calendars.count >= 10_000 { calendars.removeAll() }
                calendars[json] = calendar
            }
            return calendar
        }
    }

    /// `[leadOutreachAction]` as stored in `suggestedActions` (encoded once).
    private static let leadOutreachActionsJSON = [leadOutreachAction].canonicalJSONText

    private func leadOutreach(_ lead: LeadReceived, event: ProjectedEvent, db: Database) throws {
        guard lead.isRoutable, let storeId = lead.storeId, let phone = lead.phone else { return }
        if try doNotContact(storeId: storeId.rawValue, phone: phone.e164, db: db) != nil { return }
        let open = try db.cachedStatement(
            sql: """
                SELECT 1 FROM tasks WHERE sourceLeadId = ?
                   OR (storeId = ? AND contactPhone = ? AND typeCategory = ? AND sourceType = 'lead'
                       AND status IN ('pending', 'snoozed'))
                LIMIT 1
                """)
        let type = TaskType.leadOutreach
        let exists = try open.fetchFirst(binding: { bindings in
            bindings.add(lead.leadId.rawValue)
            bindings.add(storeId.rawValue)
            bindings.add(phone.e164)
            bindings.add(type.category)
        }, { _ in true })
        if exists != nil { return }
        let receivedAt = Timestamp(lead.receivedAt)
        let dueAt = try calendar(storeId: storeId.rawValue, db: db).dueAt(from: receivedAt, priority: .high)
        try insert(
            taskId: DeterministicIDs.leadOutreachTask(leadId: lead.leadId).rawValue, storeId: storeId.rawValue,
            franchiseId: lead.franchiseId?.rawValue, accountId: lead.accountId?.rawValue, phone: phone.e164, type: type,
            source: .lead, sourceLeadId: lead.leadId.rawValue, priority: .high, actionNeeded: true,
            reason: lead.outreachReason, actionsJSON: Self.leadOutreachActionsJSON, dueAt: dueAt.micros, createdAt: receivedAt.micros,
            assignee: nil, updatedAt: event.recordedAt.micros, db: db)
    }

    private func insert(
        taskId: String, storeId: String, franchiseId: String?, accountId: String?, phone: String?, type: TaskType,
        source: TaskSource, sourceLeadId: String?, priority: TaskPriority, actionNeeded: Bool, reason: String?,
        actionsJSON: String, dueAt: Int64, createdAt: Int64, assignee: String?, updatedAt: Int64, db: Database
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO tasks (taskId, storeId, franchiseId, accountId, contactPhone, taskType, typeCategory,
                    sourceType, sourceLeadId, status, priority, actionNeeded, actionNeededReason, suggestedActions,
                    dueAt, createdAt, assignee, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (taskId) DO NOTHING
                """
        ).execute { bindings in
            bindings.add(taskId)
            bindings.add(storeId)
            bindings.add(franchiseId)
            bindings.add(accountId)
            bindings.add(phone)
            bindings.add(type.rawValue)
            bindings.add(type.category)
            bindings.add(source.rawValue)
            bindings.add(sourceLeadId)
            bindings.add(priority.rawValue)
            bindings.add(actionNeeded)
            bindings.add(reason)
            bindings.add(actionsJSON)
            bindings.add(dueAt)
            bindings.add(createdAt)
            bindings.add(assignee)
            bindings.add(updatedAt)
        }
    }

    private func update(
        _ assignments: String, _ values: [(any DatabaseValueConvertible)?], taskId: TaskID, storeId: StoreID,
        openOnly: Bool, event: ProjectedEvent, db: Database
    ) throws {
        let condition = openOnly ? " AND status IN ('pending', 'snoozed')" : ""
        try db.cachedStatement(
            sql: "UPDATE tasks SET \(assignments), updatedAt = ? WHERE taskId = ? AND storeId = ?\(condition)"
        ).execute(arguments: StatementArguments(values + [event.recordedAt.micros, taskId.rawValue, storeId.rawValue]))
    }
}
