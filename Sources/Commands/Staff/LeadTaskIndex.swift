import Domain
import EventStore
import Synchronization

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
/// Thread-safe: state in a `Mutex`; scans run outside it and apply only positions past the
/// last applied one.
public final class LeadTaskIndex: Sendable {
    struct State {
        var appliedThrough: UInt64 = 0
        var storeByTask: [String: String] = [:]
    }

    static let streamPrefix = "lead/"

    let store: EventStore
    private let state = Mutex(State())

    /// Scans nothing yet: the first lookup builds the index.
    public init(store: EventStore) {
        self.store = store
    }

    /// The store of the lead whose outreach task is `taskId`, nil when no recorded lead made it.
    public func store(ofTask taskId: TaskID) throws(CommandError) -> StoreID? {
        if let known = state.withLock({ $0.storeByTask[taskId.rawValue] }) { return try? StoreID(known) }
        try catchUp()
        return state.withLock { $0.storeByTask[taskId.rawValue] }.flatMap { try? StoreID($0) }
    }

    /// Applies lead events appended since the last catch-up, in log order.
    func catchUp() throws(CommandError) {
        let from = state.withLock { $0.appliedThrough } + 1
        let end = store.durablePosition
        guard from <= end else { return }
        var found: [(task: String, store: String)] = []
        do {
            let types: Set<String> = [EventType.leadReceived.rawValue, EventType.leadUpdated.rawValue]
            try store.scan(from: from, through: end, filter: EventFilter(types: types)) { view in
                let stream = view.stream
                guard let storeId = view.storeId, stream.hasPrefix(Self.streamPrefix),
                    let leadId = try? LeadID(String(stream.dropFirst(Self.streamPrefix.count)))
                else { return true }
                found.append((DeterministicIDs.leadOutreachTask(leadId: leadId).rawValue, storeId))
                return true
            }
        } catch {
            throw CommandError.fromStore(error)
        }
        state.withLock { state in
            guard end > state.appliedThrough else { return }
            for entry in found { state.storeByTask[entry.task] = entry.store }
            state.appliedThrough = end
        }
    }
}
