import Foundation

/// `contact.tagged`: a manual tag added by staff (stream and key as the other staff commands).
public struct ContactTagged: EventPayload {
    public static var eventType: EventType { .contactTagged }
    public var storeId: StoreID
    public var phone: PhoneNumber
    /// A tag defined by `tag.defined`.
    public var tagId: SourceID

    public init(storeId: StoreID, phone: PhoneNumber, tagId: SourceID) {
        self.storeId = storeId
        self.phone = phone
        self.tagId = tagId
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactTagged(self) }
}

/// `contact.untagged`: a manual tag removed by staff.
public struct ContactUntagged: EventPayload {
    public static var eventType: EventType { .contactUntagged }
    public var storeId: StoreID
    public var phone: PhoneNumber
    public var tagId: SourceID

    public init(storeId: StoreID, phone: PhoneNumber, tagId: SourceID) {
        self.storeId = storeId
        self.phone = phone
        self.tagId = tagId
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactUntagged(self) }
}

/// Which contact stream a `contact.merged` event is written to: EVENTS.md appends it to
/// both contacts, as two events with the same fields and keys differing by side.
public enum MergeSide: String, DomainEnum {
    /// The contact whose history moves (it ends merged away).
    case source
    /// The contact that absorbs it.
    case target

    public static var fieldName: String { "side" }
}

/// `contact.merged`: staff merged two contacts of one store after review; the source's
/// history moves to the target. Written twice — once per side (`recordedOn`) — with keys
/// `IdempotencyKeys.request(.contactMerged, scope: "<storeId>:<side>", requestId)`.
public struct ContactMerged: EventPayload {
    public static var eventType: EventType { .contactMerged }
    public var storeId: StoreID
    public var sourcePhone: PhoneNumber
    public var targetPhone: PhoneNumber
    /// The stream this copy is on.
    public var recordedOn: MergeSide
    /// The identity review that led to the merge, if any.
    public var reviewId: SourceID?

    public init(
        storeId: StoreID, sourcePhone: PhoneNumber, targetPhone: PhoneNumber, recordedOn: MergeSide, reviewId: SourceID? = nil
    ) throws(DomainError) {
        guard sourcePhone != targetPhone else {
            throw .invalidField(field: "targetPhone", reason: "a contact cannot be merged into itself")
        }
        self.storeId = storeId
        self.sourcePhone = sourcePhone
        self.targetPhone = targetPhone
        self.recordedOn = recordedOn
        self.reviewId = reviewId
    }

    public var stream: String {
        Streams.contact(store: storeId, phone: recordedOn == .source ? sourcePhone : targetPhone)
    }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactMerged(self) }
}
