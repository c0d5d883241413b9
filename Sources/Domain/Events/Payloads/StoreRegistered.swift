import Foundation

/// `store.registered`: a store joins the registry. Stream `store/<storeId>`, key
/// `store.registered:<storeId>`, actor staff (admin API) or system (CLI).
public struct StoreRegistered: EventPayload {
    public static var eventType: EventType { .storeRegistered }
    /// The whole registry record.
    public var profile: StoreProfile

    public init(profile: StoreProfile) { self.profile = profile }

    public var stream: String { Streams.store(profile.storeId) }
    public var isolationStoreId: StoreID? { profile.storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.storeRegistered(profile.storeId) }
    public var domainPayload: DomainPayload { .storeRegistered(self) }
}

/// `store.updated`: the registry record changed; the payload is the whole new record (not a
/// diff), so the latest event alone gives the current record. Key
/// `store.updated:<storeId>:<hash of the record>`: re-sending the same record is a no-op.
public struct StoreUpdated: EventPayload {
    public static var eventType: EventType { .storeUpdated }
    public var profile: StoreProfile

    public init(profile: StoreProfile) { self.profile = profile }

    public var stream: String { Streams.store(profile.storeId) }
    public var isolationStoreId: StoreID? { profile.storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.storeUpdated(profile) }
    public var domainPayload: DomainPayload { .storeUpdated(self) }
}
