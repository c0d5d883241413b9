import Domain
import EventStore
import Foundation

/// One kept `input.unrouted` as the log holds it: the payload, where it is, who sent it, and
/// whether (and where) it was re-routed. Thread-safe (a value).
public struct UnroutedInput: Hashable, Sendable {
    public var position: UInt64
    public var idempotencyKey: String
    public var stream: String
    public var actor: EventActor
    public var recordedAt: Timestamp
    public var payload: InputUnrouted
    /// The `input.rerouted` that settled it and the store it went to; nil while it is kept.
    public var reroutedPosition: UInt64?
    public var reroutedStoreId: StoreID?

    /// Whether a store registered as `profile` is asked to take it: it names one of the
    /// store's numbers, its account, one of its tracking ids or lead senders.
    public func mayBelong(to profile: StoreProfile) -> Bool {
        if let phone = payload.storePhone, profile.phoneNumbers.contains(phone) { return true }
        if let account = payload.accountId, account == profile.accountId { return true }
        if let tracking = payload.trackingId, profile.trackingIds.contains(tracking) { return true }
        if let sender = payload.leadSender, profile.leadSenders.contains(sender) { return true }
        return false
    }
}

/// A handler working on a kept input rather than a fresh one: what it routes goes into the
/// same atomic batch as this input's `input.rerouted` (CDP.md §8 "each re-routed input is
/// recorded once"), and an input that still has no store is refused (it stays kept) instead
/// of being recorded unrouted a second time. Thread-safe (a value).
struct Rerouting: Sendable {
    let input: UnroutedInput
    /// The re-route's time (the store registration's command time).
    let at: Timestamp

    /// The `input.rerouted` for `storeId`: payload from the kept input alone, so a retry
    /// proposes the same bytes and is a duplicate.
    func settled(in storeId: StoreID) -> [DomainEvent] {
        let payload = InputRerouted(
            kind: input.payload.kind, sourceId: input.payload.sourceId, unroutedKey: input.idempotencyKey,
            unroutedPosition: input.position, storeId: storeId)
        return [DomainEvent(payload, actor: .system, occurredAt: at)]
    }

    /// Thrown when the kept input still has no store; `RegisterStoreHandler` leaves it kept.
    static func stillUnrouted(_ reason: String) -> CommandError {
        CommandError(.unprocessable, field: "", reason: "still unrouted: \(reason)")
    }
}

/// Records an input no store owns as `input.unrouted` on its `unrouted/…` stream (CDP.md §8)
/// and answers `routed: false`. The same bytes again (a RingCentral retry, a re-sent file)
/// are answered from the log (the stream is folded first), also when the reason changed in
/// between. Thread-safe: holds only thread-safe references.
struct UnroutedRecorder: Sendable {
    let appender: EventAppender

    func record(_ input: InputUnrouted, actor: EventActor, ids: [String: String]) async throws(CommandError) -> CommandOutcome {
        let event = DomainEvent(input, actor: actor)
        var ids = ids
        ids["unroutedStream"] = event.stream
        let notes = ["unrouted: \(input.reason)"]
        var outcome = try await appender.decideAndAppend(stream: event.stream) { (state) throws(CommandError) -> EventAppender.Decision in
            if let position = state.position(ofKey: event.idempotencyKey) {
                return .recorded(
                    EventAppender.recorded([(.inputUnrouted, event.idempotencyKey, position)], stream: event.stream, ids: ids, notes: notes))
            }
            return .append([event], ids: ids, notes: notes)
        }
        outcome.routed = false
        return outcome
    }
}

extension UnroutedInput: Encodable {
    /// The JSON `GET /v1/unrouted` and `contactledger unrouted list` show (canonical: sorted
    /// keys, instants as ISO-8601 UTC, absent facts omitted); never the input's bytes.
    public func encode(to encoder: any Encoder) throws {
        try Listed(self).encode(to: encoder)
    }

    private struct Listed: Encodable {
        struct Actor: Encodable {
            var type: String
            var id: String
        }

        var position: UInt64
        var stream: String
        var idempotencyKey: String
        var kind: String
        var sourceId: String
        var reason: String
        var occurredAt: Date
        var recordedAt: Date
        var actor: Actor
        var accountId: String?
        var storePhone: String?
        var trackingId: String?
        var leadSender: String?
        /// `pending` (kept) or `rerouted`.
        var status: String
        var reroutedPosition: UInt64?
        var reroutedStoreId: String?

        init(_ input: UnroutedInput) {
            let payload = input.payload
            position = input.position
            stream = input.stream
            idempotencyKey = input.idempotencyKey
            kind = payload.kind.rawValue
            sourceId = payload.sourceId
            reason = payload.reason
            occurredAt = payload.occurredAt
            recordedAt = input.recordedAt.date
            actor = Actor(type: input.actor.storeActor.type, id: input.actor.storeActor.id)
            accountId = payload.accountId?.rawValue
            storePhone = payload.storePhone?.e164
            trackingId = payload.trackingId?.rawValue
            leadSender = payload.leadSender?.rawValue
            status = input.reroutedPosition == nil ? "pending" : "rerouted"
            reroutedPosition = input.reroutedPosition
            reroutedStoreId = input.reroutedStoreId?.rawValue
        }
    }
}
