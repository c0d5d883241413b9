import Foundation

/// `contact.opted_out`: an inbound SMS whose text is an opt-out keyword (PRODUCT.md Flow 5
/// step 5; keyword detection lives in Commands), or RingCentral's A2P opt-out notice with
/// `active: true` (key `contact.opted_out:notice:<uuid>`, occurredAt the notice's timestamp). The contact becomes
/// doNotContact=true, doNotContactUpdatedBy=`system`. Stream `contact/<storeId>/<phone>`, key
/// `contact.opted_out:<rcMessageId>`, actor `system`, occurredAt = the SMS creationTime.
public struct ContactOptedOut: EventPayload {
    public static var eventType: EventType { .contactOptedOut }

    public var storeId: StoreID
    public var phone: PhoneNumber
    /// The inbound SMS that carried the keyword; absent for a notice.
    public var messageId: RingCentralID?
    /// v2: the `uuid` of RingCentral's A2P opt-out notice (RingCentral handled the STOP itself
    /// and told us); absent for an SMS. Exactly one of `messageId` and `noticeId` is present.
    public var noticeId: SourceID?
    /// The normalised keyword (`STOP`, `OPT OUT`, …); absent for a notice (it names none).
    public var keyword: String?
    public var receivedAt: Date

    public init(storeId: StoreID, phone: PhoneNumber, messageId: RingCentralID, keyword: String, receivedAt: Date) {
        self.storeId = storeId
        self.phone = phone
        self.messageId = messageId
        self.keyword = keyword
        self.receivedAt = receivedAt
    }

    /// From an A2P opt-out notice: keyed by its uuid, at its timestamp.
    public init(storeId: StoreID, phone: PhoneNumber, noticeId: SourceID, receivedAt: Date) {
        self.storeId = storeId
        self.phone = phone
        self.noticeId = noticeId
        self.receivedAt = receivedAt
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? {
        if let noticeId { return IdempotencyKeys.contactOptedOut(noticeId: noticeId) }
        guard let messageId else { preconditionFailure("contact.opted_out needs a messageId or a noticeId") }
        return IdempotencyKeys.contactOptedOut(messageId)
    }
    public var sourceOccurredAt: Date? { receivedAt }
    public var domainPayload: DomainPayload { .contactOptedOut(self) }
}

/// `contact.opted_in`: an inbound START/UNSTOP. Clears a `system` opt-out, never a staff DNC
/// (a projection rule). Stream as above, key `contact.opted_in:<rcMessageId>`, actor `system`.
public struct ContactOptedIn: EventPayload {
    public static var eventType: EventType { .contactOptedIn }

    public var storeId: StoreID
    public var phone: PhoneNumber
    public var messageId: RingCentralID?
    /// v2: as in `contact.opted_out` (an A2P notice with `active: false`).
    public var noticeId: SourceID?
    public var keyword: String?
    public var receivedAt: Date

    public init(storeId: StoreID, phone: PhoneNumber, messageId: RingCentralID, keyword: String, receivedAt: Date) {
        self.storeId = storeId
        self.phone = phone
        self.messageId = messageId
        self.keyword = keyword
        self.receivedAt = receivedAt
    }

    public init(storeId: StoreID, phone: PhoneNumber, noticeId: SourceID, receivedAt: Date) {
        self.storeId = storeId
        self.phone = phone
        self.noticeId = noticeId
        self.receivedAt = receivedAt
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? {
        if let noticeId { return IdempotencyKeys.contactOptedIn(noticeId: noticeId) }
        guard let messageId else { preconditionFailure("contact.opted_in needs a messageId or a noticeId") }
        return IdempotencyKeys.contactOptedIn(messageId)
    }
    public var sourceOccurredAt: Date? { receivedAt }
    public var domainPayload: DomainPayload { .contactOptedIn(self) }
}
