import Foundation

/// One side of a RingCentral message (INTAKE.md: from {phoneNumber, name, location},
/// to[] {phoneNumber, name, location, target}). `phoneNumber` is kept raw as received; the
/// normalised customer number is `MessageLogged.customerPhone`.
public struct MessageParty: Codable, Hashable, Sendable {
    public var phoneNumber: String?
    public var name: String?
    public var location: String?
    public var target: Bool?

    public init(phoneNumber: String? = nil, name: String? = nil, location: String? = nil, target: Bool? = nil) {
        self.phoneNumber = Text.clean(phoneNumber)
        self.name = Text.clean(name)
        self.location = Text.clean(location)
        self.target = target
    }
}

/// A message attachment (INTAKE.md attachments[]).
public struct MessageAttachment: Codable, Hashable, Sendable {
    public var id: String
    public var type: String
    public var contentType: String?
    public var size: Int?
    /// Voicemail length in seconds.
    public var vmDuration: Int?

    public init(id: String, type: String, contentType: String? = nil, size: Int? = nil, vmDuration: Int? = nil) {
        self.id = id
        self.type = type
        self.contentType = Text.clean(contentType)
        self.size = size
        self.vmDuration = vmDuration
    }
}

/// `message.logged`: a RingCentral SMS, pager message, voicemail or fax, first seen
/// (PRODUCT.md Flow 5, INTAKE.md "RingCentral message notifications"). Stream
/// `contact/<storeId>/<customerPhone>`, or `message/<rcId>` when the customer side is a short
/// code; key `message.logged:<rcMessageId>`; actor `ringcentral`; occurredAt = creationTime.
///
/// Schema v2. v1 named the account `siteId` (the documents' old name); the upcaster renames
/// it to `accountId` on read (docs/EVENTS.md).
public struct MessageLogged: EventPayload {
    public static var eventType: EventType { .messageLogged }

    public var messageId: RingCentralID
    public var conversationId: String?
    public var storeId: StoreID
    /// The brand from `_client_id` (or the registry's when absent).
    public var franchiseId: FranchiseID?
    /// `_account_id`.
    public var accountId: AccountID?
    public var messageType: MessageType
    public var direction: Direction
    public var from: MessageParty
    public var to: [MessageParty]
    /// The far side (inbound: from; outbound: the `to` with target, else the first), E.164;
    /// nil for a short code or when the far side has no number.
    public var customerPhone: PhoneNumber?
    /// The far side's digits when it is a 5–6 digit short code.
    public var shortCode: String?
    /// The SMS text.
    public var subject: String?
    public var creationTime: Date
    public var lastModifiedTime: Date
    public var messageStatus: MessageStatus?
    public var readStatus: ReadStatus?
    public var attachments: [MessageAttachment]
    public var vmTranscriptionStatus: String?

    public init(
        messageId: RingCentralID, conversationId: String? = nil, storeId: StoreID, franchiseId: FranchiseID? = nil,
        accountId: AccountID? = nil, messageType: MessageType, direction: Direction, from: MessageParty,
        to: [MessageParty], customerPhone: PhoneNumber?, shortCode: String? = nil, subject: String? = nil,
        creationTime: Date, lastModifiedTime: Date, messageStatus: MessageStatus? = nil, readStatus: ReadStatus? = nil,
        attachments: [MessageAttachment] = [], vmTranscriptionStatus: String? = nil
    ) {
        self.messageId = messageId
        self.conversationId = Text.clean(conversationId)
        self.storeId = storeId
        self.franchiseId = franchiseId
        self.accountId = accountId
        self.messageType = messageType
        self.direction = direction
        self.from = from
        self.to = to
        self.customerPhone = customerPhone
        self.shortCode = Text.clean(shortCode)
        self.subject = subject
        self.creationTime = creationTime
        self.lastModifiedTime = lastModifiedTime
        self.messageStatus = messageStatus
        self.readStatus = readStatus
        self.attachments = attachments
        self.vmTranscriptionStatus = Text.clean(vmTranscriptionStatus)
    }

    public var stream: String { Streams.contactOrMessage(store: storeId, phone: customerPhone, rcMessageId: messageId) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.messageLogged(messageId) }
    public var sourceOccurredAt: Date? { creationTime }
    public var domainPayload: DomainPayload { .messageLogged(self) }
}

/// `message.updated`: a later notification for the same message with a newer
/// lastModifiedTime (status or read changes). Same stream as its `message.logged`; key
/// `message.updated:<rcMessageId>:<lastModifiedTime>`; occurredAt = lastModifiedTime.
/// Absent fields are unchanged.
public struct MessageUpdated: EventPayload {
    public static var eventType: EventType { .messageUpdated }

    public var messageId: RingCentralID
    public var storeId: StoreID
    /// As in the `message.logged` (decides the stream).
    public var customerPhone: PhoneNumber?
    public var lastModifiedTime: Date
    public var messageStatus: MessageStatus?
    public var readStatus: ReadStatus?
    public var vmTranscriptionStatus: String?

    public init(
        messageId: RingCentralID, storeId: StoreID, customerPhone: PhoneNumber?, lastModifiedTime: Date,
        messageStatus: MessageStatus? = nil, readStatus: ReadStatus? = nil, vmTranscriptionStatus: String? = nil
    ) {
        self.messageId = messageId
        self.storeId = storeId
        self.customerPhone = customerPhone
        self.lastModifiedTime = lastModifiedTime
        self.messageStatus = messageStatus
        self.readStatus = readStatus
        self.vmTranscriptionStatus = Text.clean(vmTranscriptionStatus)
    }

    public var stream: String { Streams.contactOrMessage(store: storeId, phone: customerPhone, rcMessageId: messageId) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.messageUpdated(messageId, lastModifiedTime: lastModifiedTime) }
    public var sourceOccurredAt: Date? { lastModifiedTime }
    public var domainPayload: DomainPayload { .messageUpdated(self) }
}
