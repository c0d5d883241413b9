import EventStore
import Foundation

/// A catalog event with its envelope: what a command handler appends and what a projection
/// folds. The envelope is derived from the payload wherever EVENTS.md fixes it — the stream
/// always, the store always, the key and occurredAt for events from a source record — so no
/// caller spells a stream or a key.
///
/// `proposed()` gives the event store's `ProposedEvent`: the id is the UUIDv5 of the
/// idempotency key (`DeterministicIDs.eventID`), the payload canonical JSON at the type's
/// current schema version. `init(recorded:)` reads one back, upcasting older versions.
/// Thread-safe (a value).
public struct DomainEvent: Hashable, Sendable {
    public var payload: DomainPayload
    public var stream: String
    public var storeId: StoreID?
    public var occurredAt: Timestamp
    public var idempotencyKey: String
    public var actor: EventActor

    public var type: EventType { payload.type }

    /// An event from a source record (lead, message, call, analysis, opt-out, store registry,
    /// profile, review request): key and occurredAt come from the payload.
    public init(_ payload: some EventPayload, actor: EventActor) {
        guard let key = payload.sourceIdempotencyKey, let time = payload.sourceOccurredAt else {
            preconditionFailure("\(payload.domainPayload.type.rawValue) is a staff command: pass its request id")
        }
        self.init(payload: payload.domainPayload, stream: payload.stream, storeId: payload.isolationStoreId,
                  occurredAt: Timestamp(time), idempotencyKey: key, actor: actor)
    }

    /// A source-record event whose registry-side time is not in the payload (store.registered,
    /// store.updated): `occurredAt` is the command's time.
    public init(_ payload: some EventPayload, actor: EventActor, occurredAt: Timestamp) {
        guard let key = payload.sourceIdempotencyKey else {
            preconditionFailure("\(payload.domainPayload.type.rawValue) is a staff command: pass its request id")
        }
        self.init(payload: payload.domainPayload, stream: payload.stream, storeId: payload.isolationStoreId,
                  occurredAt: occurredAt, idempotencyKey: key, actor: actor)
    }

    /// A staff (or integration) command, keyed by the client's request id
    /// (`IdempotencyKeys.request`, scoped by the payload's store, or `scope` when given).
    public init(_ payload: some EventPayload, requestId: RequestID, actor: EventActor, occurredAt: Timestamp, scope: String? = nil) {
        let type = payload.domainPayload.type
        let keyScope = scope ?? Self.requestScope(payload.domainPayload)
        self.init(payload: payload.domainPayload, stream: payload.stream, storeId: payload.isolationStoreId,
                  occurredAt: occurredAt, idempotencyKey: IdempotencyKeys.request(type, scope: keyScope, requestId: requestId),
                  actor: actor)
    }

    /// The full envelope, for tests and tools; prefer the initialisers above.
    public init(payload: DomainPayload, stream: String, storeId: StoreID?, occurredAt: Timestamp, idempotencyKey: String, actor: EventActor) {
        self.payload = payload
        self.stream = stream
        self.storeId = storeId
        self.occurredAt = occurredAt
        self.idempotencyKey = idempotencyKey
        self.actor = actor
    }

    /// The store id, plus the side for `contact.merged` (its two copies need two keys), or
    /// the definition scope for tags and segments.
    static func requestScope(_ payload: DomainPayload) -> String {
        switch payload {
        case .contactMerged(let merged): "\(merged.storeId.rawValue):\(merged.recordedOn.rawValue)"
        case .tagDefined(let tag): tag.scope.keyScope
        case .segmentDefined(let segment): segment.scope.keyScope
        case .segmentSnapshotTaken(let snapshot): snapshot.scope.keyScope
        default: payload.payload.isolationStoreId?.rawValue ?? "global"
        }
    }

    /// The event store's form: deterministic id, canonical payload, current schema version.
    public func proposed() -> ProposedEvent {
        ProposedEvent(
            id: DeterministicIDs.eventID(idempotencyKey: idempotencyKey), type: type.rawValue, stream: stream,
            storeId: storeId?.rawValue, occurredAt: occurredAt, idempotencyKey: idempotencyKey, actor: actor.storeActor,
            schemaVersion: type.currentSchemaVersion, payload: EventCodec.canonicalJSON(AnyPayload(payload.payload)))
    }

    /// Reads a recorded event back (upcasting its payload to the current version).
    public init(recorded: RecordedEvent) throws(DomainError) {
        try self.init(
            type: recorded.type, schemaVersion: recorded.schemaVersion, payload: recorded.payload, stream: recorded.stream,
            storeId: recorded.storeId, occurredAt: recorded.occurredAt, idempotencyKey: recorded.idempotencyKey,
            actor: recorded.actor)
    }

    /// Reads a proposed event back (e.g. to check what a handler would append).
    public init(proposed: ProposedEvent) throws(DomainError) {
        try self.init(
            type: proposed.type, schemaVersion: proposed.schemaVersion, payload: proposed.payload, stream: proposed.stream,
            storeId: proposed.storeId, occurredAt: proposed.occurredAt, idempotencyKey: proposed.idempotencyKey,
            actor: proposed.actor)
    }

    private init(
        type: String, schemaVersion: UInt16, payload: [UInt8], stream: String, storeId: String?, occurredAt: Timestamp,
        idempotencyKey: String, actor: Actor
    ) throws(DomainError) {
        let decoded = try EventCodec.decode(type: type, schemaVersion: schemaVersion, payload: payload)
        let store = try storeId.map { (raw) throws(DomainError) in try StoreID(raw) }
        self.init(payload: decoded, stream: stream, storeId: store, occurredAt: occurredAt, idempotencyKey: idempotencyKey,
                  actor: try EventActor(actor))
    }
}

/// Encodes an existential payload with its concrete type's coding.
struct AnyPayload: Encodable {
    let base: any EventPayload
    init(_ base: any EventPayload) { self.base = base }
    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }
}
