import Domain

/// The read side's response types, member by member in declaration order: what their
/// `Encodable` conformances write (see `ContactJSON`). A property added to one of these types
/// must be added here too; ContactJSONTests build every type with its memberwise initializer,
/// so they stop compiling until it is.
extension JSONWriter {
    mutating func page(_ page: ContactsPage) {
        beginObject()
        key("contacts")
        beginArray()
        for contact in page.contacts { self.contact(contact) }
        endArray()
        present("nextCursor", page.nextCursor)
        endObject()
    }

    mutating func profile(_ profile: ContactProfile) {
        beginObject()
        key("contact")
        contact(profile.contact)
        key("timeline")
        timeline(profile.timeline)
        key("communications")
        communications(profile.communications)
        key("openTasks")
        beginArray()
        for task in profile.openTasks { self.task(task) }
        endArray()
        key("leads")
        beginArray()
        for lead in profile.leads { self.lead(lead) }
        endArray()
        endObject()
    }

    /// Every member, absent values as null (`ContactView.encode(to:)`).
    mutating func contact(_ c: ContactView) {
        beginObject()
        field("storeId", c.storeId)
        field("phone", c.phone)
        field("franchiseId", c.franchiseId)
        field("accountId", c.accountId)
        field("firstName", c.firstName)
        field("lastName", c.lastName)
        field("email", c.email)
        field("lifecycleStage", c.lifecycleStage)
        field("lifecycleState", c.lifecycleState)
        field("notes", c.notes)
        field("doNotContact", c.doNotContact)
        field("doNotContactUpdatedBy", c.doNotContactUpdatedBy)
        field("hasCardOnFile", c.hasCardOnFile)
        field("lastActivityAt", c.lastActivityAt)
        field("actionNeeded", c.actionNeeded)
        field("actionNeededReason", c.actionNeededReason)
        key("suggestedActions")
        suggestedActions(c.suggestedActions)
        field("priority", c.priority)
        field("leadStatus", c.leadStatus)
        field("leadStatusReason", c.leadStatusReason)
        key("leadObjections")
        value(c.leadObjections)
        key("leadRejectionReasons")
        value(c.leadRejectionReasons)
        field("purchaseIntent", c.purchaseIntent)
        field("purchaseIntentReason", c.purchaseIntentReason)
        key("goals")
        beginArray()
        for goal in c.goals {
            beginObject()
            field("goal", goal.goal)
            present("reason", goal.reason)
            endObject()
        }
        endArray()
        field("customerSummary", c.customerSummary)
        field("lastContactAnalysisAt", c.lastContactAnalysisAt)
        field("hasOpenComplaint", c.hasOpenComplaint)
        field("createdAt", c.createdAt)
        field("updatedAt", c.updatedAt)
        field("version", c.version)
        field("lastComplaintAt", c.lastComplaintAt)
        field("firstAttemptedAt", c.firstAttemptedAt)
        field("firstConnectedAt", c.firstConnectedAt)
        field("callCount", c.callCount)
        field("smsCount", c.smsCount)
        field("leadTemperature", c.leadTemperature)
        key("leadPipeline")
        if let pipeline = c.leadPipeline {
            beginObject()
            key("steps")
            value(pipeline.steps)
            present("current", pipeline.current)
            endObject()
        } else {
            null()
        }
        endObject()
    }

    mutating func suggestedActions(_ actions: [SuggestedAction]) {
        beginArray()
        for action in actions {
            beginObject()
            field("action", action.action)
            field("priority", action.priority.rawValue)
            present("reason", action.reason)
            present("priorityReason", action.priorityReason)
            endObject()
        }
        endArray()
    }

    mutating func timeline(_ page: TimelinePage) {
        beginObject()
        key("entries")
        beginArray()
        for entry in page.entries {
            beginObject()
            field("timelineId", entry.timelineId)
            field("eventType", entry.eventType)
            field("eventCategory", entry.eventCategory)
            field("entityType", entry.entityType)
            field("entityId", entry.entityId)
            field("occurredAt", entry.occurredAt)
            field("actorType", entry.actorType)
            field("actorId", entry.actorId)
            if let old = entry.oldValue {
                key("oldValue")
                json(old)
            }
            if let new = entry.newValue {
                key("newValue")
                json(new)
            }
            key("logPosition")
            value(entry.logPosition)
            endObject()
        }
        endArray()
        present("nextCursor", page.nextCursor)
        endObject()
    }

    mutating func communications(_ page: CommunicationsPage) {
        beginObject()
        key("items")
        beginArray()
        for item in page.items {
            beginObject()
            field("kind", item.kind)
            field("id", item.id)
            field("time", item.time)
            field("direction", item.direction)
            field("type", item.type)
            present("result", item.result)
            present("callState", item.callState)
            present("durationSeconds", item.durationSeconds)
            present("subject", item.subject)
            present("messageStatus", item.messageStatus)
            present("readStatus", item.readStatus)
            present("hasRecording", item.hasRecording)
            key("logPosition")
            value(item.logPosition)
            endObject()
        }
        endArray()
        present("nextCursor", page.nextCursor)
        endObject()
    }

    mutating func task(_ task: TaskView) {
        beginObject()
        field("taskId", task.taskId)
        field("storeId", task.storeId)
        present("franchiseId", task.franchiseId)
        present("accountId", task.accountId)
        present("contactPhone", task.contactPhone)
        field("taskType", task.taskType)
        field("typeCategory", task.typeCategory)
        field("sourceType", task.sourceType)
        present("sourceLeadId", task.sourceLeadId)
        field("status", task.status)
        field("priority", task.priority)
        field("actionNeeded", task.actionNeeded)
        present("actionNeededReason", task.actionNeededReason)
        key("suggestedActions")
        suggestedActions(task.suggestedActions)
        field("dueAt", task.dueAt)
        field("createdAt", task.createdAt)
        present("completedAt", task.completedAt)
        present("snoozedUntil", task.snoozedUntil)
        present("assignee", task.assignee)
        field("overdue", task.overdue)
        endObject()
    }

    mutating func lead(_ lead: LeadView) {
        beginObject()
        field("leadId", lead.leadId)
        field("leadType", lead.leadType)
        field("receivedAt", lead.receivedAt)
        present("firstName", lead.firstName)
        present("lastName", lead.lastName)
        present("email", lead.email)
        present("bookedDate", lead.bookedDate)
        present("bookedTime", lead.bookedTime)
        field("subject", lead.subject)
        field("isForwarded", lead.isForwarded)
        endObject()
    }

    /// A JSON value (timeline old/new values), as `JSONValue.encode(to:)` writes it.
    mutating func json(_ json: JSONValue) {
        switch json {
        case .null: null()
        case .bool(let flag): value(flag)
        case .int(let number): value(number)
        case .double(let number): value(number)
        case .string(let string): value(string)
        case .array(let items):
            beginArray()
            for item in items { self.json(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (name, member) in members {
                key(escaping: name)
                self.json(member)
            }
            endObject()
        }
    }
}
