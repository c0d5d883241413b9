import Domain
import EventStore
import Synchronization

/// Where each RingCentral call was recorded: call id → the `call.logged` event's store,
/// customer phone and stream. A call analysis names only the call (and maybe the store), but
/// its `call.analyzed` belongs on the call's contact stream (EVENTS.md), so the handler must
/// find that stream.
///
/// Why an index and not a per-request read: the log has no lookup by idempotency key outside
/// the store, the analysis carries no phone, and scanning the log per analysis is linear in
/// its size. The index is a fold of the log like `StoreRegistry`: built on first use by one
/// scan of `call.logged` (reading only each event's key, store and stream — no payload is
/// decoded: the key is `call.logged:<callId>` and the stream `contact/<storeId>/<phone>` or
/// `call/<callId>`), and caught up with the log's tail whenever a lookup misses, so calls
/// recorded by any handler (or `ingest events`) are found. Memory: about 150 bytes per call.
///
/// Thread-safe: state in a `Mutex`; scans run outside it and apply only positions past the
/// last applied one.
public final class CallIndex: Sendable {
    /// Where a call was recorded.
    public struct Entry: Hashable, Sendable {
        public var callId: RingCentralID
        public var storeId: StoreID
        /// Nil for a call without an external customer number (stream `call/<callId>`).
        public var customerPhone: PhoneNumber?
        public var stream: String
        public var position: UInt64
    }

    struct State {
        var appliedThrough: UInt64 = 0
        var calls: [String: Entry] = [:]
    }

    static let keyPrefix = EventType.callLogged.rawValue + ":"

    let store: EventStore
    private let state = Mutex(State())

    /// Scans nothing yet: the first lookup builds the index.
    public init(store: EventStore) {
        self.store = store
    }

    /// The call's entry, catching up with the log first when it is not known yet.
    public func call(_ callId: RingCentralID) throws(CommandError) -> Entry? {
        if let entry = state.withLock({ $0.calls[callId.rawValue] }) { return entry }
        try catchUp()
        return state.withLock { $0.calls[callId.rawValue] }
    }

    /// Applies `call.logged` events appended since the last catch-up.
    public func catchUp() throws(CommandError) {
        let from = state.withLock { $0.appliedThrough } + 1
        let end = store.durablePosition
        guard from <= end else { return }
        var found: [Entry] = []
        do {
            try store.scan(from: from, through: end, filter: EventFilter(types: [EventType.callLogged.rawValue])) { view in
                if let entry = try Self.entry(view) { found.append(entry) }
                return true
            }
        } catch {
            throw CommandError.fromStore(error)
        }
        state.withLock { state in
            for entry in found where entry.position > state.appliedThrough && state.calls[entry.callId.rawValue] == nil {
                state.calls[entry.callId.rawValue] = entry
            }
            state.appliedThrough = max(state.appliedThrough, end)
        }
    }

    /// The entry of one `call.logged`, from its envelope alone.
    static func entry(_ view: EventView) throws -> Entry? {
        let key = view.idempotencyKey
        let stream = view.stream
        guard key.hasPrefix(keyPrefix), let store = view.storeId else {
            throw CommandError(.storageFailure, field: "", reason: "call.logged at position \(view.position) has key \(key) and no store")
        }
        let callId = try RingCentralID(String(key.dropFirst(keyPrefix.count)))
        var phone: PhoneNumber?
        let parts = stream.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "contact" { phone = PhoneNumber(String(parts[2])) }
        return Entry(callId: callId, storeId: try StoreID(store), customerPhone: phone, stream: stream, position: view.position)
    }
}
