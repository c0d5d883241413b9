import Domain
import EventStore

/// The small fold behind `ContactStateAudit`: applies one event at a time to a `ContactState`
/// with the read model's rules (READMODELS.md contacts; PRODUCT.md Flow 1 step 5, Flow 5):
/// names fill-only, lifecycle/leadStatus set on the first lead and by analyses, cooling and
/// conversion, DNC by `DoNotContactRule`, tasks from leads and task events. Not thread-safe.
struct StateFold {
    var state: ContactState
    let storeId: StoreID
    let phone: PhoneNumber
    let calendar: StoreCalendar
    private var doNotContact: DoNotContactSource?
    private var tasks: [String: ContactState.OpenTask] = [:]
    private var taskOrder: [String] = []

    init(state: ContactState, storeId: StoreID, phone: PhoneNumber, calendar: StoreCalendar) {
        self.state = state
        self.storeId = storeId
        self.phone = phone
        self.calendar = calendar
    }

    mutating func apply(_ event: DomainEvent, position: UInt64, recordedAt: Timestamp, mergedSource: DoNotContactSource?) {
        state.eventsApplied += 1
        state.lastPosition = max(state.lastPosition, position)
        let change = ContactState.Change(
            position: position, eventType: event.type.rawValue, occurredAt: ISOTime.string(event.occurredAt),
            recordedAt: ISOTime.string(recordedAt), actor: event.actor.description)
        switch event.payload {
        case .leadReceived(let lead):
            guard lead.isRoutable, lead.storeId == storeId else { return }
            if !state.exists {
                state.exists = true
                state.lifecycleStage = LifecycleStage.lead.rawValue
                state.leadStatus = LeadStatus.new.rawValue
            }
            fillNames(lead.firstName, lead.lastName)
            let taskId = DeterministicIDs.leadOutreachTask(leadId: lead.leadId).rawValue
            let hasPendingOutreach = tasks.values.contains { $0.taskType == TaskType.leadOutreach.rawValue && $0.status == TaskStatus.pending.rawValue }
            guard tasks[taskId] == nil, !hasPendingOutreach else { return }
            let received = Timestamp(lead.receivedAt)
            addTask(ContactState.OpenTask(
                taskId: taskId, taskType: TaskType.leadOutreach.rawValue, sourceType: "lead", sourceLeadId: lead.leadId.rawValue,
                priority: TaskPriority.high.rawValue, status: TaskStatus.pending.rawValue,
                dueAt: ISOTime.string(calendar.dueAt(from: received, priority: .high)), createdAt: ISOTime.string(received),
                assignee: nil, position: position))
        case .taskCreated(let task):
            addTask(ContactState.OpenTask(
                taskId: task.taskId.rawValue, taskType: task.taskType.rawValue, sourceType: task.sourceType.rawValue,
                sourceLeadId: task.sourceLeadId?.rawValue, priority: task.priority.rawValue, status: TaskStatus.pending.rawValue,
                dueAt: ISOTime.string(task.dueAt), createdAt: ISOTime.string(task.createdAt), assignee: task.assignee, position: position))
        case .taskCompleted(let done): tasks[done.taskId.rawValue]?.status = TaskStatus.completed.rawValue
        case .taskCancelled(let cancelled): tasks[cancelled.taskId.rawValue]?.status = TaskStatus.cancelled.rawValue
        case .taskSnoozed(let snoozed): tasks[snoozed.taskId.rawValue]?.status = TaskStatus.snoozed.rawValue
        case .taskReassigned(let reassigned): tasks[reassigned.taskId.rawValue]?.assignee = reassigned.assignee
        default:
            // Everything else is on the contact's own stream: the contact exists from its first event.
            if !state.exists {
                state.exists = true
                state.lifecycleStage = LifecycleStage.unknown.rawValue
            }
            applyContactEvent(event, change: change, mergedSource: mergedSource)
        }
    }

    private mutating func applyContactEvent(_ event: DomainEvent, change: ContactState.Change, mergedSource: DoNotContactSource?) {
        switch event.payload {
        case .callAnalyzed(let analysis): fillNames(analysis.firstName, analysis.lastName)
        case .profileUpdated(let profile): fillNames(profile.firstName, profile.lastName)
        case .contactAnalyzed(let analysis):
            if let stage = analysis.lifecycleStage { state.lifecycleStage = stage.rawValue }
            if let lifecycle = analysis.lifecycleState { state.lifecycleState = lifecycle.rawValue }
            if let status = analysis.leadStatus { state.leadStatus = status.rawValue }
            if let flag = analysis.doNotContact {
                updateDNC(flag ? DoNotContactRule.set(doNotContact, by: .ai) : DoNotContactRule.clear(doNotContact, by: .ai), change)
            }
        case .leadCooled(let cooled): state.leadStatus = cooled.toStatus.rawValue
        case .contactConverted:
            state.lifecycleStage = LifecycleStage.member.rawValue
            state.leadStatus = LeadStatus.converted.rawValue
        case .contactOptedOut: updateDNC(DoNotContactRule.set(doNotContact, by: .system), change)
        case .contactOptedIn: updateDNC(DoNotContactRule.clear(doNotContact, by: .system), change)
        case .contactDNCSet: updateDNC(DoNotContactRule.set(doNotContact, by: event.actor.type == .ai ? .ai : .staff), change)
        case .contactDNCCleared: updateDNC(DoNotContactRule.clear(doNotContact, by: event.actor.type == .ai ? .ai : .staff), change)
        case .contactMerged: updateDNC(DoNotContactRule.strongest(doNotContact, mergedSource), change)
        default: break
        }
    }

    private mutating func updateDNC(_ after: DoNotContactSource?, _ change: ContactState.Change) {
        if after != doNotContact { state.doNotContactSetBy = after == nil ? nil : change }
        doNotContact = after
    }

    private mutating func fillNames(_ first: String?, _ last: String?) {
        if state.firstName == nil { state.firstName = first }
        if state.lastName == nil { state.lastName = last }
    }

    private mutating func addTask(_ task: ContactState.OpenTask) {
        if tasks[task.taskId] == nil { taskOrder.append(task.taskId) }
        tasks[task.taskId] = task
    }

    func finish() -> ContactState {
        var result = state
        result.doNotContact = doNotContact != nil
        result.doNotContactUpdatedBy = doNotContact?.rawValue
        result.openTasks = taskOrder.compactMap { tasks[$0] }.filter {
            $0.status == TaskStatus.pending.rawValue || $0.status == TaskStatus.snoozed.rawValue
        }
        return result
    }
}
