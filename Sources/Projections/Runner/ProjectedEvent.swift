import Domain
import EventStore

/// One event as the projections see it: its place in the log (position, stream version,
/// recordedAt) and its decoded, upcast envelope. Thread-safe (a value).
public struct ProjectedEvent: Sendable {
    public let position: UInt64
    /// The event's version in its stream (contact streams: the contact's `version`).
    public let version: UInt64
    public let recordedAt: Timestamp
    public let event: DomainEvent

    public init(recorded: RecordedEvent) throws(ProjectionError) {
        do {
            event = try DomainEvent(recorded: recorded)
        } catch {
            throw ProjectionError.undecodable(position: recorded.position, type: recorded.type, reason: "\(error)")
        }
        position = recorded.position
        version = recorded.version
        recordedAt = recorded.recordedAt
    }

    public var payload: DomainPayload { event.payload }
    public var occurredAt: Timestamp { event.occurredAt }
    public var actor: EventActor { event.actor }
    public var idempotencyKey: String { event.idempotencyKey }
}
