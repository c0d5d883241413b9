import Foundation

/// `contact.opted_out`: an inbound SMS whose text is an opt-out keyword (PRODUCT.md Flow 5
/// step 5; keyword detection lives in Commands). The contact becomes
/// doNotContact=true, doNotContactUpdatedBy=`system`. Stream `contact/<storeId>/<phone>`, key
/// `contact.opted_out:<rcMessageId>`, actor `system`, occurredAt = the SMS creationTime.
public struct ContactOptedOut: EventPayload {
    public static var eventType: EventType { .contactOptedOut }

    public var storeId: StoreID
    public var phone: PhoneNumber
    /// The inbound SMS that carried the keyword.
    public var messageId: RingCentralID
    /// The normalised keyword (`STOP`, `OPT OUT`, …).
    public var keyword: String
    public var receivedAt: Date

    public init(storeId: StoreID, phone: PhoneNumber, messageId: RingCentralID, keyword: String, receivedAt: Date) {
        self.storeId = storeId
        self.phone = phone
        self.messageId = messageId
        self.keyword = keyword
        self.receivedAt = receivedAt
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.contactOptedOut(messageId) }
    public var sourceOccurredAt: Date? { receivedAt }
    public var domainPayload: DomainPayload { .contactOptedOut(self) }
}

/// `contact.opted_in`: an inbound START/UNSTOP. Clears a `system` opt-out, never a staff DNC
/// (a projection rule). Stream as above, key `contact.opted_in:<rcMessageId>`, actor `system`.
public struct ContactOptedIn: EventPayload {
    public static var eventType: EventType { .contactOptedIn }

    public var storeId: StoreID
    public var phone: PhoneNumber
    public var messageId: RingCentralID
    public var keyword: String
    public var receivedAt: Date

    public init(storeId: StoreID, phone: PhoneNumber, messageId: RingCentralID, keyword: String, receivedAt: Date) {
        self.storeId = storeId
        self.phone = phone
        self.messageId = messageId
        self.keyword = keyword
        self.receivedAt = receivedAt
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.contactOptedIn(messageId) }
    public var sourceOccurredAt: Date? { receivedAt }
    public var domainPayload: DomainPayload { .contactOptedIn(self) }
}
