import Foundation

/// One event type's payload. Each conformer says, from its own fields, where the event goes
/// (EVENTS.md's stream) and — for events from a source record — its idempotency key and
/// source time, so that `DomainEvent` can build the whole envelope without any caller
/// spelling a stream or key.
public protocol EventPayload: Codable, Hashable, Sendable {
    static var eventType: EventType { get }
    /// The stream the event is appended to.
    var stream: String { get }
    /// The store the event belongs to (the log's isolation field); nil for a lead whose
    /// store is not known yet and for franchise-wide definitions.
    var isolationStoreId: StoreID? { get }
    /// The key derived from the source record; nil for staff commands (client request id).
    var sourceIdempotencyKey: String? { get }
    /// The source's time for `occurredAt` (receivedAt, creationTime, startTime, analyzedAt);
    /// nil for staff commands, whose handler supplies the time.
    var sourceOccurredAt: Date? { get }
    /// The payload as the catalog's sum type.
    var domainPayload: DomainPayload { get }
}

extension EventPayload {
    public var sourceIdempotencyKey: String? { nil }
    public var sourceOccurredAt: Date? { nil }
}

/// Trims text fields on the way in; empty text is absent (PRODUCT.md "Cleansing": names
/// trimmed). Used by payload initialisers so that an optional string is never `""`.
enum Text {
    static func clean(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func clean(_ values: [String]) -> [String] {
        values.compactMap { clean($0) }
    }
}
