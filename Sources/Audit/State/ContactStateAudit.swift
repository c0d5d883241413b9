import Domain
import EventStore

/// Reconstructs one contact as of an instant from the log (TCPA.md `audit state`): DNC and who
/// set it, lifecycle, leadStatus, names and open tasks, with the last position applied.
///
/// Reads the contact's stream (`readStream`), its store's profile, and the lead and task events
/// that name its phone (one filtered scan; only payloads containing the phone are decoded).
/// Lead-outreach tasks are not events: as the read model does (PRODUCT.md Flow 1 step 5), a
/// routable `lead.received` creates one, id `DeterministicIDs.leadOutreachTask`, due
/// `StoreCalendar.dueAt(from: receivedAt, priority: .high)`, unless the contact already has a
/// pending one. Pure (no clock). Thread-safe: stateless.
public enum ContactStateAudit {
    public static func reconstruct(store: EventStore, query: ContactStateQuery) throws(AuditError) -> ContactState {
        try reconstruct(store: store, query: query, phone: query.phone, depth: 0)
    }

    private struct Item {
        var event: DomainEvent
        var position: UInt64
        var recordedAt: Timestamp
    }

    private static func reconstruct(store: EventStore, query: ContactStateQuery, phone: PhoneNumber, depth: Int) throws(AuditError) -> ContactState {
        let items = try collect(store: store, storeId: query.storeId, phone: phone)
            .filter { item in item.event.occurredAt <= query.at && (query.knownAt.map { item.recordedAt <= $0 } ?? true) }
        let ordered = query.knownAt == nil
            ? items.sorted { ($0.event.occurredAt, $0.position) < ($1.event.occurredAt, $1.position) }
            : items.sorted { $0.position < $1.position }
        let calendar = try profile(store: store, storeId: query.storeId)?.calendar ?? StoreCalendar(timeZone: .gmt)
        var fold = StateFold(
            state: ContactState(
                storeId: query.storeId.rawValue, phone: phone.e164, at: ISOTime.string(query.at), knownAt: query.knownAt.map(ISOTime.string),
                order: query.knownAt == nil ? "event_time" : "log_order"),
            storeId: query.storeId, phone: phone, calendar: calendar)
        for item in ordered {
            var mergedSource: DoNotContactSource?
            if case .contactMerged(let merged) = item.event.payload, merged.recordedOn == MergeSide.target, depth < 4 {
                var sourceQuery = query
                sourceQuery.phone = merged.sourcePhone
                // The source as of the merge: events before it in the same order.
                sourceQuery.at = min(query.at, item.event.occurredAt)
                let source = try reconstruct(store: store, query: sourceQuery, phone: merged.sourcePhone, depth: depth + 1)
                mergedSource = source.doNotContactUpdatedBy.flatMap(DoNotContactSource.init(rawValue:))
            }
            fold.apply(item.event, position: item.position, recordedAt: item.recordedAt, mergedSource: mergedSource)
        }
        return fold.finish()
    }

    /// The contact stream's events, and lead/task events that mention the phone.
    private static func collect(store: EventStore, storeId: StoreID, phone: PhoneNumber) throws(AuditError) -> [Item] {
        var items: [Item] = []
        var taskStreams: Set<String> = []
        let needle = Array(phone.e164.utf8)
        let types: Set<String> = [
            EventType.leadReceived, .taskCreated, .taskCompleted, .taskSnoozed, .taskReassigned, .taskCancelled,
        ].reduce(into: []) { $0.insert($1.rawValue) }
        var failure: AuditError?
        do {
            for recorded in try store.readStream(Streams.contact(store: storeId, phone: phone)) {
                items.append(Item(event: try decode(recorded), position: recorded.position, recordedAt: recorded.recordedAt))
            }
            try store.scan(filter: EventFilter(types: types, storeId: storeId.rawValue)) { view in
                let mentions = view.payloadBytes.withMemoryRebound(to: UInt8.self) { $0.firstRange(of: needle) != nil }
                let isTaskFollowUp = !view.type.hasSuffix(".created") && view.type.hasPrefix("task.") && taskStreams.contains(view.stream)
                guard mentions || isTaskFollowUp else { return true }
                let recorded = view.materialize()
                do {
                    let event = try decode(recorded)
                    if case .taskCreated(let task) = event.payload {
                        guard task.contactPhone == phone else { return true }
                        taskStreams.insert(recorded.stream)
                    }
                    if case .leadReceived(let lead) = event.payload {
                        guard lead.phone == phone else { return true }
                        // Its derived outreach task can be completed or cancelled by staff.
                        taskStreams.insert(Streams.task(DeterministicIDs.leadOutreachTask(leadId: lead.leadId)))
                    }
                    items.append(Item(event: event, position: recorded.position, recordedAt: recorded.recordedAt))
                } catch {
                    failure = AuditError.wrap(error)
                    return false
                }
                return true
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError.wrap(error)
        }
        if let failure { throw failure }
        return items
    }

    private static func profile(store: EventStore, storeId: StoreID) throws(AuditError) -> StoreProfile? {
        var latest: StoreProfile?
        do {
            for recorded in try store.readStream(Streams.store(storeId)) {
                switch try decode(recorded).payload {
                case .storeRegistered(let registered): latest = registered.profile
                case .storeUpdated(let updated): latest = updated.profile
                default: break
                }
            }
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError.wrap(error)
        }
        return latest
    }

    private static func decode(_ recorded: RecordedEvent) throws(AuditError) -> DomainEvent {
        do {
            return try DomainEvent(recorded: recorded)
        } catch {
            throw .undecodableEvent(position: recorded.position, type: recorded.type, reason: "\(error)")
        }
    }
}
