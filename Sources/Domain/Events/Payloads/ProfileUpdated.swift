import Foundation

/// A channel identity in another system (the CDP documents' external ids), e.g.
/// `{system: "mindbody", id: "c-1042"}`.
public struct ExternalIdentity: Codable, Hashable, Sendable {
    public var system: String
    public var id: String

    public init(system: String, id: String) {
        self.system = system.trimmingWhitespace()
        self.id = id.trimmingWhitespace()
    }
}

/// `profile.updated`: a CRM/POS integration's view of a customer (email, card on file,
/// external ids), linked to a contact by identity resolution (phone, then email, then
/// external id). Absent fields are unchanged. Stream `contact/<storeId>/<phone>` of the
/// resolved contact; key `profile.updated:<integration>:<externalId>:<version or hash>`;
/// actor `integration` (the integration's name); occurredAt = `updatedAt`.
public struct ProfileUpdated: EventPayload {
    public static var eventType: EventType { .profileUpdated }

    /// The integration's name (also the actor id).
    public var integration: SourceID
    /// The customer's id in that integration.
    public var externalId: SourceID
    /// The integration's record version; when absent the key uses the payload's hash.
    public var version: SourceID?
    public var storeId: StoreID
    /// The resolved contact.
    public var phone: PhoneNumber
    public var email: EmailAddress?
    public var hasCardOnFile: Bool?
    public var firstName: String?
    public var lastName: String?
    public var externalIds: [ExternalIdentity]?
    /// The integration's update time.
    public var updatedAt: Date

    public init(
        integration: SourceID, externalId: SourceID, version: SourceID? = nil, storeId: StoreID, phone: PhoneNumber,
        email: EmailAddress? = nil, hasCardOnFile: Bool? = nil, firstName: String? = nil, lastName: String? = nil,
        externalIds: [ExternalIdentity]? = nil, updatedAt: Date
    ) {
        self.integration = integration
        self.externalId = externalId
        self.version = version
        self.storeId = storeId
        self.phone = phone
        self.email = email
        self.hasCardOnFile = hasCardOnFile
        self.firstName = Text.clean(firstName)
        self.lastName = Text.clean(lastName)
        self.externalIds = externalIds
        self.updatedAt = updatedAt
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.profileUpdated(self) }
    public var sourceOccurredAt: Date? { updatedAt }
    public var domainPayload: DomainPayload { .profileUpdated(self) }
}
