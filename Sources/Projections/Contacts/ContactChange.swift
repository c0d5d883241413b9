import Domain
import EventStore
import GRDB

/// The contact writers, one per event kind (PRODUCT.md flows; READMODELS.md writer column).
/// Every writer goes through `Context.change`, which loads the row (or starts one) from the
/// batch's `ContactRowCache`, lets the writer change it, stamps version/updatedAt, puts it
/// back, and returns before and after so the writer can add timeline entries. Stateless (thread-safe).
enum ContactChange {
    struct Context {
        let event: ProjectedEvent
        let db: Database
        /// The batch's contact rows (read and written through it, never directly).
        let rows: ContactRowCache

        init(event: ProjectedEvent, db: Database, rows: ContactRowCache) {
            self.event = event
            self.db = db
            self.rows = rows
        }

        /// Loads (or, unless `createIfMissing` is false, creates) the contact, applies
        /// `body`, and saves it when anything changed. `body` gets the row and whether it is
        /// new. Returns (before, after); nil when the contact does not exist and is not created.
        @discardableResult
        func change(
            storeId: String, phone: String, createdAt: Int64? = nil, createIfMissing: Bool = true,
            _ body: (inout ContactRow, _ isNew: Bool) throws -> Void
        ) throws -> (before: ContactRow?, after: ContactRow)? {
            let before = try rows.row(storeId: storeId, phone: phone, in: db)
            if before == nil && !createIfMissing { return nil }
            var row =
                before
                ?? {
                    var row = ContactRow(
                        storeId: storeId, phone: phone, createdAt: createdAt ?? event.occurredAt.micros,
                        updatedAt: event.recordedAt.micros)
                    row.lifecycleStage = LifecycleStage.unknown.rawValue
                    return row
                }()
            try body(&row, before == nil)
            if Streams.isContact(event.event.stream, storeId: storeId, phone: phone) {
                row.version = Int64(event.version) + 1  // the client's version: events in the stream
            }
            guard row != before else { return (before, row) }
            row.updatedAt = event.recordedAt.micros
            rows.update(row)
            return (before, row)
        }

        func timeline(
            _ type: TimelineEntryType, key: String, contact: ContactRow, entity: (String, String)? = nil,
            occurredAt: Int64? = nil, actor: EventActor? = nil, old: String? = nil, new: String? = nil
        ) throws {
            let entry = ContactTimeline.Entry(
                type: type, key: key, storeId: contact.storeId, phone: contact.phone, franchiseId: contact.franchiseId,
                accountId: contact.accountId, entityType: entity?.0 ?? "contact", entityId: entity?.1 ?? contact.phone,
                occurredAt: occurredAt ?? event.occurredAt.micros, actor: actor ?? event.actor, oldValue: old, newValue: new)
            try ContactTimeline.insert(entry, position: event.position, in: db)
        }

        /// An entry that mirrors this event (its key is the event's key).
        func mirror(_ type: TimelineEntryType, contact: ContactRow, old: String? = nil, new: String? = nil) throws {
            try timeline(type, key: TimelineKeys.mirroring(eventKey: event.idempotencyKey), contact: contact, old: old, new: new)
        }
    }

    /// Flow 1 step ⑤: only routable leads make a contact; insert sets lifecycle lead / status
    /// new; an existing contact changes only lastActivityAt (forward), names (fill), accountId.
    static func leadReceived(_ lead: LeadReceived, _ context: inout Context) throws {
        guard lead.isRoutable, let storeId = lead.storeId, let phone = lead.phone else { return }
        let receivedAt = lead.receivedAt.micros
        guard
            let (_, contact) = try context.change(storeId: storeId.rawValue, phone: phone.e164, createdAt: receivedAt, { row, isNew in
                if isNew {
                    row.lifecycleStage = LifecycleStage.lead.rawValue
                    row.leadStatus = LeadStatus.new.rawValue
                    row.leadId = lead.leadId.rawValue
                }
                row.franchiseId = row.franchiseId ?? lead.franchiseId?.rawValue
                row.accountId = lead.accountId?.rawValue ?? row.accountId
                row.lastActivityAt = ReadModelRules.lastActivityAtForward(row.lastActivityAt, receivedAt)
                row.firstName = ReadModelRules.fillOnly(row.firstName, lead.firstName)
                row.lastName = ReadModelRules.fillOnly(row.lastName, lead.lastName)
                row.email = ReadModelRules.fillOnly(row.email, lead.email?.rawValue)
                row.leadId = row.leadId ?? lead.leadId.rawValue
            })
        else { return }
        try mapTask(
            DeterministicIDs.leadOutreachTask(leadId: lead.leadId).rawValue, storeId: storeId.rawValue, phone: phone.e164,
            db: context.db)
        try context.timeline(
            .leadCreated, key: TimelineKeys.leadCreated(lead.leadId), contact: contact, entity: ("lead", lead.leadId.rawValue),
            occurredAt: receivedAt, actor: .leadWebhook,
            new: ContactTimeline.json(["leadType": lead.leadType, "firstName": lead.firstName, "lastName": lead.lastName]))
    }

    /// Flow 5 step ④: a light upsert (lastActivityAt forward, accountId refreshed) and a
    /// timeline entry; short codes (no customer phone) touch no contact.
    static func messageLogged(_ message: MessageLogged, _ context: inout Context) throws {
        guard let phone = message.customerPhone else { return }
        let time = message.creationTime.micros
        guard
            let (_, contact) = try context.change(storeId: message.storeId.rawValue, phone: phone.e164, createdAt: time, { row, _ in
                row.franchiseId = row.franchiseId ?? message.franchiseId?.rawValue
                row.accountId = message.accountId?.rawValue ?? row.accountId
                row.lastActivityAt = ReadModelRules.lastActivityAtForward(row.lastActivityAt, time)
            })
        else { return }
        try context.timeline(
            .messageCreated, key: TimelineKeys.messageCreated(message.messageId), contact: contact,
            entity: ("message", message.messageId.rawValue), occurredAt: time, actor: .system,
            new: ContactTimeline.json(["direction": message.direction.rawValue, "messageType": message.messageType.rawValue]))
    }

    /// Calls: lastActivityAt forward from startTime and a `call.created` entry.
    static func callLogged(_ call: CallLogged, _ context: inout Context) throws {
        guard let phone = call.customerPhone else { return }
        let time = call.startTime.micros
        guard
            let (_, contact) = try context.change(storeId: call.storeId.rawValue, phone: phone.e164, createdAt: time, { row, _ in
                row.franchiseId = row.franchiseId ?? call.franchiseId?.rawValue
                row.accountId = call.accountId?.rawValue ?? row.accountId
                row.lastActivityAt = ReadModelRules.lastActivityAtForward(row.lastActivityAt, time)
            })
        else { return }
        try context.timeline(
            .callCreated, key: TimelineKeys.callCreated(call.callId), contact: contact, entity: ("call", call.callId.rawValue),
            occurredAt: time, actor: .system,
            new: ContactTimeline.json([
                "direction": call.direction.rawValue, "result": call.result, "durationSeconds": String(call.durationSeconds),
            ]))
    }

    /// Pipeline 2: the AI's fields, each only when the analysis carries it; DNC through the
    /// precedence rule (the AI may set, never clear a staff or system DNC).
    static func contactAnalyzed(_ analysis: ContactAnalyzed, _ context: inout Context) throws {
        let key = context.event.idempotencyKey
        guard
            let (before, after) = try context.change(storeId: analysis.storeId.rawValue, phone: analysis.phone.e164, { row, _ in
                row.lifecycleStage = analysis.lifecycleStage?.rawValue ?? row.lifecycleStage
                row.lifecycleState = analysis.lifecycleState?.rawValue ?? row.lifecycleState
                row.leadStatus = analysis.leadStatus?.rawValue ?? row.leadStatus
                row.leadStatusReason = analysis.leadStatusReason ?? row.leadStatusReason
                row.leadObjections = analysis.leadObjections?.canonicalJSONText ?? row.leadObjections
                row.leadRejectionReasons = analysis.leadRejectionReasons?.canonicalJSONText ?? row.leadRejectionReasons
                row.purchaseIntent = analysis.purchaseIntent?.rawValue ?? row.purchaseIntent
                row.purchaseIntentReason = analysis.purchaseIntentReason ?? row.purchaseIntentReason
                row.goals = analysis.goals?.canonicalJSONText ?? row.goals
                row.customerSummary = analysis.customerSummary ?? row.customerSummary
                row.actionNeeded = analysis.actionNeeded ?? row.actionNeeded
                row.actionNeededReason = analysis.actionNeededReason ?? row.actionNeededReason
                if let actions = analysis.suggestedActions {
                    row.suggestedActions = actions.canonicalJSONText
                    let highest = analysis.highestPriority
                    row.priority = highest?.rawValue
                    row.priorityRank = highest.map { Int64($0.rank) } ?? -1
                }
                row.hasOpenComplaint = analysis.hasOpenComplaint ?? row.hasOpenComplaint
                row.lastContactAnalysisAt = analysis.analyzedAt.micros
                if let flag = analysis.doNotContact {
                    apply(flag ? .set(.ai) : .clear(.ai), to: &row)
                }
            })
        else { return }
        if before?.leadStatus != after.leadStatus, after.leadStatus != nil {
            try context.timeline(
                .leadStatusChanged, key: TimelineKeys.leadStatusChanged(causedBy: key), contact: after,
                old: ContactTimeline.json(["leadStatus": before?.leadStatus]),
                new: ContactTimeline.json(["leadStatus": after.leadStatus, "reason": analysis.leadStatusReason]))
        }
        if before?.hasOpenComplaint != true, after.hasOpenComplaint {
            try context.timeline(.complaintOpened, key: TimelineKeys.complaintOpened(analysis.analysisId), contact: after)
        }
        if before?.doNotContact != after.doNotContact {
            let type: TimelineEntryType = after.doNotContact ? .dncSet : .dncCleared
            try context.timeline(
                type, key: ContactTimeline.derivedKey(type, causedBy: key), contact: after,
                new: ContactTimeline.json(["doNotContactUpdatedBy": after.doNotContactUpdatedBy]))
        }
    }

    /// Opt-out/opt-in keywords (system), staff DNC set/clear, AI DNC: the precedence rule
    /// decides; the timeline mirrors the event whether or not it changed the flag (the
    /// request is a fact an auditor wants to see).
    static func doNotContact(
        _ request: DoNotContactRequest, entry: TimelineEntryType, storeId: StoreID, phone: PhoneNumber, _ context: inout Context
    ) throws {
        guard
            let (before, after) = try context.change(storeId: storeId.rawValue, phone: phone.e164, { row, _ in
                apply(request, to: &row)
            })
        else { return }
        try context.mirror(
            entry, contact: after, old: ContactTimeline.json(["doNotContact": String(before?.doNotContact ?? false)]),
            new: ContactTimeline.json([
                "doNotContact": String(after.doNotContact), "doNotContactUpdatedBy": after.doNotContactUpdatedBy,
            ]))
    }

    static func apply(_ request: DoNotContactRequest, to row: inout ContactRow) {
        guard let change = ReadModelRules.doNotContact(current: row.doNotContactSource, request: request) else { return }
        row.doNotContact = change.inForce != nil
        row.doNotContactUpdatedBy = change.updatedBy.rawValue
    }

    static func notesUpdated(_ notes: ContactNotesUpdated, _ context: inout Context) throws {
        guard
            let (before, after) = try context.change(storeId: notes.storeId.rawValue, phone: notes.phone.e164, { row, _ in
                row.notes = notes.notes.isEmpty ? nil : notes.notes
            })
        else { return }
        try context.mirror(
            .notesUpdated, contact: after, old: ContactTimeline.json(["notes": before?.notes]),
            new: ContactTimeline.json(["notes": after.notes]))
    }

    static func complaintResolved(_ resolved: ContactComplaintResolved, _ context: inout Context) throws {
        guard
            let (_, after) = try context.change(storeId: resolved.storeId.rawValue, phone: resolved.phone.e164, { row, _ in
                row.hasOpenComplaint = false
            })
        else { return }
        try context.mirror(.complaintResolved, contact: after, new: ContactTimeline.json(["resolution": resolved.resolution]))
    }

    /// Staff or an integration marks a lead converted: it becomes a member.
    static func converted(_ converted: ContactConverted, _ context: inout Context) throws {
        guard
            let (before, after) = try context.change(storeId: converted.storeId.rawValue, phone: converted.phone.e164, { row, _ in
                row.lifecycleStage = LifecycleStage.member.rawValue
                row.leadStatus = LeadStatus.converted.rawValue
            })
        else { return }
        if before?.leadStatus != after.leadStatus {
            try context.timeline(
                .leadStatusChanged, key: TimelineKeys.leadStatusChanged(causedBy: context.event.idempotencyKey),
                contact: after, old: ContactTimeline.json(["leadStatus": before?.leadStatus]),
                new: ContactTimeline.json(["leadStatus": after.leadStatus]))
        }
    }

    /// The sweeper's `lead.cooled`: applies only while the status is still the one it cooled
    /// (a concurrent change wins; the command's expected version normally prevents this).
    static func leadCooled(_ cooled: LeadCooled, _ context: inout Context) throws {
        guard
            let (before, after) = try context.change(
                storeId: cooled.storeId.rawValue, phone: cooled.phone.e164, createIfMissing: false, { row, _ in
                    if row.leadStatus == cooled.fromStatus.rawValue { row.leadStatus = cooled.toStatus.rawValue }
                })
        else { return }
        try context.mirror(
            .leadCooled, contact: after, old: ContactTimeline.json(["leadStatus": before?.leadStatus]),
            new: ContactTimeline.json(["leadStatus": after.leadStatus]))
    }

    /// Staff merged two contacts: the target keeps the strictest DNC of both, fills names and
    /// email from the source and takes the later lastActivityAt; both sides get an entry.
    static func merged(_ merged: ContactMerged, _ context: inout Context) throws {
        let storeId = merged.storeId.rawValue
        let phone = merged.recordedOn == .target ? merged.targetPhone.e164 : merged.sourcePhone.e164
        let source =
            merged.recordedOn == .target ? try context.rows.row(storeId: storeId, phone: merged.sourcePhone.e164, in: context.db) : nil
        guard
            let (_, after) = try context.change(storeId: storeId, phone: phone, { row, _ in
                guard let source else { return }
                row.firstName = ReadModelRules.fillOnly(row.firstName, source.firstName)
                row.lastName = ReadModelRules.fillOnly(row.lastName, source.lastName)
                row.email = ReadModelRules.fillOnly(row.email, source.email)
                if let time = source.lastActivityAt {
                    row.lastActivityAt = ReadModelRules.lastActivityAtForward(row.lastActivityAt, time)
                }
                let strongest = DoNotContactRule.strongest(row.doNotContactSource, source.doNotContactSource)
                if strongest != row.doNotContactSource, let strongest {
                    row.doNotContact = true
                    row.doNotContactUpdatedBy = strongest.rawValue
                }
            })
        else { return }
        try context.mirror(
            .merged, contact: after,
            new: ContactTimeline.json([
                "sourcePhone": merged.sourcePhone.e164, "targetPhone": merged.targetPhone.e164, "side": merged.recordedOn.rawValue,
            ]))
    }

    static func taskCompleted(_ completed: TaskCompleted, _ context: inout Context) throws {
        let statement = try context.db.cachedStatement(
            sql: "SELECT contactPhone FROM timeline_task_contacts WHERE taskId = ? AND storeId = ?")
        guard let phone = try String.fetchOne(statement, arguments: [completed.taskId.rawValue, completed.storeId.rawValue]),
            let contact = try context.rows.row(storeId: completed.storeId.rawValue, phone: phone, in: context.db)
        else { return }
        try context.timeline(
            .taskCompleted, key: TimelineKeys.mirroring(eventKey: context.event.idempotencyKey), contact: contact,
            entity: ("task", completed.taskId.rawValue), new: ContactTimeline.json(["note": completed.note]))
    }

    /// Remembers which contact a task belongs to, for its `task.completed` entry.
    static func mapTask(_ taskId: String, storeId: String, phone: String, db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO timeline_task_contacts (taskId, storeId, contactPhone) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
        ).execute(arguments: [taskId, storeId, phone])
    }
}
