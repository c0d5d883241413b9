import Domain
import EventStore

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
/// Thread-safe: a `LogFold`.
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

    static let keyPrefix = EventType.callLogged.rawValue + ":"

    /// Call id → entry; the first `call.logged` of a call wins.
    private let fold: LogFold<[String: Entry], Entry>

    /// Scans nothing yet: the first lookup builds the index.
    public init(store: EventStore) {
        fold = LogFold(store: store, types: [EventType.callLogged.rawValue], initial: [:], extract: Self.entry) { calls, entry, _ in
            if calls[entry.callId.rawValue] == nil { calls[entry.callId.rawValue] = entry }
        }
    }

    /// The call's entry, catching up with the log first when it is not known yet.
    public func call(_ callId: RingCentralID) throws(CommandError) -> Entry? {
        if let entry = fold.read({ $0[callId.rawValue] }) { return entry }
        try fold.catchUp()
        return fold.read { $0[callId.rawValue] }
    }

    /// Applies `call.logged` events appended since the last catch-up.
    public func catchUp() throws(CommandError) { try fold.catchUp() }

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
