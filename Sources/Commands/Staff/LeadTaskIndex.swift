import Domain
import EventStore

/// The `lead_outreach` tasks the lead flow makes: task id → the lead's store. Such a task has
/// no `task/…` events until staff act on it (the projection derives it from `lead.received`,
/// with the id `DeterministicIDs.leadOutreachTask(leadId:)`), so `TaskCommandHandler` asks
/// here whether a task id it finds no `task.created` for is a lead's task of the store the
/// request names — otherwise the action is a 404 and nothing is appended.
///
/// Why an index and not a per-request read: the task id is a hash of the lead id and cannot be
/// turned back into it. The index is a fold of the log like `CallIndex`: built on first use
/// by one scan of `lead.received` and `lead.updated` (envelope only — the lead id is the
/// stream's `lead/<leadId>`, the store the event's store, the latest one winning; no payload
/// is decoded), caught up with the log's tail whenever a lookup misses. A lead event without a
/// store is skipped; a lead routed later (`lead.updated` with its store) counts from then.
/// Memory: about 100 bytes per routed lead.
///
/// Thread-safe: a `LogFold`.
public final class LeadTaskIndex: Sendable {
    static let streamPrefix = "lead/"

    /// Outreach task id → its lead's store; the latest lead event with a store wins.
    private let fold: LogFold<[String: String], (task: String, store: String)>

    /// Scans nothing yet: the first lookup builds the index.
    public init(store: EventStore) {
        fold = LogFold(
            store: store, types: [EventType.leadReceived.rawValue, EventType.leadUpdated.rawValue], initial: [:],
            extract: { view in
                let stream = view.stream
                guard let storeId = view.storeId, stream.hasPrefix(Self.streamPrefix),
                    let leadId = try? LeadID(String(stream.dropFirst(Self.streamPrefix.count)))
                else { return nil }
                return (DeterministicIDs.leadOutreachTask(leadId: leadId).rawValue, storeId)
            },
            apply: { storeByTask, entry, _ in storeByTask[entry.task] = entry.store })
    }

    /// The store of the lead whose outreach task is `taskId`, nil when no recorded lead made it.
    public func store(ofTask taskId: TaskID) throws(CommandError) -> StoreID? {
        if let known = fold.read({ $0[taskId.rawValue] }) { return try? StoreID(known) }
        try fold.catchUp()
        return fold.read { $0[taskId.rawValue] }.flatMap { try? StoreID($0) }
    }
}
