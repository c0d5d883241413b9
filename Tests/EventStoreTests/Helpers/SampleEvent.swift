import EventStore

/// Builds `ProposedEvent`s with realistic defaults, so a test states only what it is about.
///
/// Everything not given is derived from the idempotency key (id, default payload), so proposing
/// the same key twice proposes the same event: a retry, not a conflict.
enum SampleEvent {
    /// 2023-11-14T22:13:20Z, in µs.
    static let baseMicroseconds: Int64 = 1_700_000_000_000_000

    static func make(
        key: String,
        stream: String = "lead/L-1",
        type: String = "lead.received",
        storeId: String? = "store-1",
        payload: [UInt8]? = nil,
        occurredAt: Int64 = baseMicroseconds,
        actor: Actor = Actor(type: "system"),
        schemaVersion: UInt16 = 1
    ) -> ProposedEvent {
        ProposedEvent(
            id: id(forKey: key), type: type, stream: stream, storeId: storeId,
            occurredAt: Timestamp(microsecondsSinceEpoch: occurredAt), idempotencyKey: key, actor: actor,
            schemaVersion: schemaVersion, payload: payload ?? defaultPayload(forKey: key))
    }

    static func defaultPayload(forKey key: String) -> [UInt8] {
        Array(#"{"key":"\#(key)"}"#.utf8)
    }

    /// A stable id per key (FNV-1a 64 of the key, twice with different offsets), as Domain
    /// derives ids from idempotency keys so rebuilds reproduce them.
    static func id(forKey key: String) -> EventID {
        func fnv1a(_ basis: UInt64) -> UInt64 {
            var hash = basis
            for byte in key.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
            return hash
        }
        return EventID(high: fnv1a(0xCBF2_9CE4_8422_2325), low: fnv1a(0x84222325_CBF29CE4))
    }
}
