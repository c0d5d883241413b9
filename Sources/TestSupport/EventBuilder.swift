import EventStore

/// Builds `ProposedEvent`s whose every field follows from a number, so tests and golden files
/// are reproducible: event `n` has id `namespace:n`, key `key-n`, stream `stream/<n % streams>`,
/// occurredAt `base + n` seconds, and a small JSON payload naming `n`.
///
/// Thread-safe: a value type with immutable configuration.
public struct EventBuilder: Sendable {
    /// The high half of every id, so two builders never produce the same ids.
    public var namespace: UInt64
    public var streamCount: Int
    public var type: String
    public var occurredAtBase: Timestamp
    public var actor: Actor

    public init(
        namespace: UInt64 = 0x0C1E_D6E4, streamCount: Int = 3, type: String = "test.happened",
        occurredAtBase: Timestamp = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000),
        actor: Actor = Actor(type: "system", id: "tests")
    ) {
        precondition(streamCount > 0, "need at least one stream")
        self.namespace = namespace
        self.streamCount = streamCount
        self.type = type
        self.occurredAtBase = occurredAtBase
        self.actor = actor
    }

    /// Event number `n`. `paddingBytes` grows the payload (to fill segments or exceed a
    /// preallocation step) without changing anything else.
    public func event(_ n: Int, stream: String? = nil, storeId: String? = nil, paddingBytes: Int = 0) -> ProposedEvent {
        precondition(n >= 0 && paddingBytes >= 0, "event numbers and padding are non-negative")
        var payload = "{\"n\":\(n)"
        if paddingBytes > 0 { payload += ",\"pad\":\"" + String(repeating: "x", count: paddingBytes) + "\"" }
        payload += "}"
        return ProposedEvent(
            id: EventID(high: namespace, low: UInt64(n)), type: type, stream: stream ?? "stream/\(n % streamCount)",
            storeId: storeId, occurredAt: Timestamp(microsecondsSinceEpoch: occurredAtBase.microsecondsSinceEpoch + Int64(n) * 1_000_000),
            idempotencyKey: key(n), actor: actor, payload: Array(payload.utf8))
    }

    /// Events `range`, in order: one batch.
    public func batch(_ range: Range<Int>, paddingBytes: Int = 0) -> [ProposedEvent] {
        range.map { event($0, paddingBytes: paddingBytes) }
    }

    public func key(_ n: Int) -> String { "key-\(n)" }
}
