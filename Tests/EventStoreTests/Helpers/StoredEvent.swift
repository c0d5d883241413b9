import EventStore

/// Every field of an event as the log should hold it. `RecordedEvent` has no public
/// initializer (only the store makes one), so the model and the expectations build these and
/// compare them with what the store returns, converted by `init(_:)`.
struct StoredEvent: Equatable, Sendable, CustomStringConvertible {
    var position: UInt64
    var id: EventID
    var type: String
    var stream: String
    var version: UInt64
    var storeId: String?
    var occurredAt: Timestamp
    var recordedAt: Timestamp
    var idempotencyKey: String
    var actor: Actor
    var schemaVersion: UInt16
    var payload: [UInt8]
    var previousInStream: UInt64

    init(_ event: RecordedEvent) {
        position = event.position
        id = event.id
        type = event.type
        stream = event.stream
        version = event.version
        storeId = event.storeId
        occurredAt = event.occurredAt
        recordedAt = event.recordedAt
        idempotencyKey = event.idempotencyKey
        actor = event.actor
        schemaVersion = event.schemaVersion
        payload = event.payload
        previousInStream = event.previousInStream
    }

    /// The event the store should record for `proposed`.
    init(_ proposed: ProposedEvent, position: UInt64, version: UInt64, previousInStream: UInt64, recordedAt: Timestamp) {
        self.position = position
        id = proposed.id
        type = proposed.type
        stream = proposed.stream
        self.version = version
        storeId = proposed.storeId
        occurredAt = proposed.occurredAt
        self.recordedAt = recordedAt
        idempotencyKey = proposed.idempotencyKey
        actor = proposed.actor
        schemaVersion = proposed.schemaVersion
        payload = proposed.payload
        self.previousInStream = previousInStream
    }

    var description: String {
        "#\(position) \(stream)@\(version) \(type) key=\(idempotencyKey) prev=\(previousInStream) "
            + "recordedAt=\(recordedAt.microsecondsSinceEpoch) payload=\(payload.count)B"
    }
}

extension EventStore {
    /// Every durable event, in log order.
    func readAll(filter: EventFilter = .all) throws -> [StoredEvent] {
        try read(from: 1, maxCount: .max, filter: filter).map(StoredEvent.init)
    }

    func readAllStream(_ stream: String, fromVersion: UInt64 = 0) throws -> [StoredEvent] {
        try readStream(stream, fromVersion: fromVersion).map(StoredEvent.init)
    }
}

/// The first place two event lists differ, as a short message; nil when they are equal.
/// (A failing `#expect(a == b)` over hundreds of events prints both lists in full.)
func firstDifference(actual: [StoredEvent], expected: [StoredEvent]) -> String? {
    for (i, (a, e)) in zip(actual, expected).enumerated() where a != e {
        return "element \(i) differs:\n  actual   \(a)\n  expected \(e)"
    }
    if actual.count != expected.count {
        return "actual has \(actual.count) events, expected \(expected.count); first extra: "
            + "\((actual.count > expected.count ? actual[expected.count] : expected[actual.count]))"
    }
    return nil
}
