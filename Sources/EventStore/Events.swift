/// Who caused an event: `system`, `staff` (with the user id), `ai`, `ringcentral`, ...
/// The store treats both fields as opaque strings; Domain gives them meaning.
public struct Actor: Hashable, Sendable, Codable {
    public var type: String
    public var id: String

    public init(type: String, id: String = "") {
        self.type = type
        self.id = id
    }
}

/// A point in time as the log stores it: microseconds since 1970-01-01T00:00:00Z.
public struct Timestamp: Hashable, Comparable, Sendable, Codable {
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.microsecondsSinceEpoch < b.microsecondsSinceEpoch
    }
}

/// A 128-bit event id in RFC 4122 byte order. The store does not generate ids (Domain derives
/// them from idempotency keys so rebuilds reproduce them); it only stores and returns them.
public struct EventID: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Canonical 8-4-4-4-12 lowercase hex.
    public var uuidString: String {
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let s = String(value, radix: 16)
            return String(repeating: "0", count: digits - s.count) + s
        }
        return "\(hex(high >> 32, 8))-\(hex((high >> 16) & 0xFFFF, 4))-\(hex(high & 0xFFFF, 4))-"
            + "\(hex(low >> 48, 4))-\(hex(low & 0xFFFF_FFFF_FFFF, 12))"
    }

    /// Parses the canonical form (hyphens optional, either case).
    public init?(uuidString: String) {
        let hexDigits = uuidString.filter { $0 != "-" }
        guard hexDigits.count == 32, let high = UInt64(hexDigits.prefix(16), radix: 16),
              let low = UInt64(hexDigits.suffix(16), radix: 16) else { return nil }
        self.init(high: high, low: low)
    }
}

/// An event as a command handler proposes it. The store assigns position, version and recordedAt.
public struct ProposedEvent: Sendable, Equatable {
    public var id: EventID
    public var type: String
    public var stream: String
    public var storeId: String?
    public var occurredAt: Timestamp
    public var idempotencyKey: String
    public var actor: Actor
    public var schemaVersion: UInt16
    /// The JSON payload, as bytes.
    public var payload: [UInt8]

    public init(
        id: EventID, type: String, stream: String, storeId: String? = nil, occurredAt: Timestamp,
        idempotencyKey: String, actor: Actor, schemaVersion: UInt16 = 1, payload: [UInt8]
    ) {
        self.id = id
        self.type = type
        self.stream = stream
        self.storeId = storeId
        self.occurredAt = occurredAt
        self.idempotencyKey = idempotencyKey
        self.actor = actor
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}

/// An event read back from the log.
public struct RecordedEvent: Sendable, Equatable {
    public var position: UInt64
    public var id: EventID
    public var type: String
    public var stream: String
    public var version: UInt64
    public var storeId: String?
    public var occurredAt: Timestamp
    public var recordedAt: Timestamp
    public var idempotencyKey: String
    public var actor: Actor
    public var schemaVersion: UInt16
    public var payload: [UInt8]
    /// Position of the previous event of the same stream; 0 when `version` is 0.
    public var previousInStream: UInt64
}

/// What an append expects of a stream's current version (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream's last event must have exactly this version.
    case exact(UInt64)

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .exact(let version): "\(version)"
        }
    }
}

/// The outcome of one event of an append. Idempotency is an outcome, not an error.
public enum AppendOutcome: Hashable, Sendable {
    case appended(position: UInt64, version: UInt64)
    /// The idempotency key was already in the log; nothing was appended for this event.
    case duplicate(originalPosition: UInt64)

    public var position: UInt64 {
        switch self {
        case .appended(let position, _): position
        case .duplicate(let position): position
        }
    }

    public var isDuplicate: Bool {
        if case .duplicate = self { return true }
        return false
    }
}

public struct AppendResult: Hashable, Sendable {
    /// One outcome per proposed event, in order.
    public var outcomes: [AppendOutcome]

    /// The highest position the append touched; a reader that waits for it reads its own write.
    public var position: UInt64 { outcomes.map(\.position).max() ?? 0 }

    /// True when every event was already in the log.
    public var deduplicated: Bool { outcomes.allSatisfy(\.isDuplicate) }
}
