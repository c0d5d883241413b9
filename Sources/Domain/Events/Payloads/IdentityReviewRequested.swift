import Foundation

/// How identity resolution matched (phone, then email, then external channel id).
public enum IdentityMatchKind: String, DomainEnum {
    case phone
    case email
    case externalId = "external_id"

    public static var fieldName: String { "matchedBy" }
}

/// `identity.review_requested`: identity resolution found several contacts for one incoming
/// identity; a person must choose (never an automatic merge). Stream `review/<reviewId>`,
/// reviewId = `DeterministicIDs.reviewID(triggeringIdempotencyKey:)`, key
/// `identity.review_requested:<triggering key>`, actor `system`, occurredAt = the triggering
/// event's occurredAt (`requestedAt`).
public struct IdentityReviewRequested: EventPayload {
    public static var eventType: EventType { .identityReviewRequested }

    public var reviewId: SourceID
    public var storeId: StoreID
    public var triggeringEventType: EventType
    public var triggeringIdempotencyKey: String
    public var matchedBy: IdentityMatchKind
    /// The contacts that matched (at least two).
    public var candidatePhones: [PhoneNumber]
    public var email: EmailAddress?
    public var externalId: ExternalIdentity?
    public var requestedAt: Date

    public init(
        storeId: StoreID, triggeringEventType: EventType, triggeringIdempotencyKey: String, matchedBy: IdentityMatchKind,
        candidatePhones: [PhoneNumber], email: EmailAddress? = nil, externalId: ExternalIdentity? = nil, requestedAt: Date
    ) throws(DomainError) {
        guard !triggeringIdempotencyKey.isEmpty else { throw .missingField(field: "triggeringIdempotencyKey") }
        guard Set(candidatePhones).count >= 2 else {
            throw .invalidField(field: "candidatePhones", reason: "a review needs at least two distinct candidates")
        }
        self.reviewId = SourceID(stringLiteral: DeterministicIDs.reviewID(triggeringIdempotencyKey: triggeringIdempotencyKey))
        self.storeId = storeId
        self.triggeringEventType = triggeringEventType
        self.triggeringIdempotencyKey = triggeringIdempotencyKey
        self.matchedBy = matchedBy
        self.candidatePhones = candidatePhones
        self.email = email
        self.externalId = externalId
        self.requestedAt = requestedAt
    }

    public var stream: String { Streams.review(reviewId) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? {
        IdempotencyKeys.identityReviewRequested(triggeringIdempotencyKey: triggeringIdempotencyKey)
    }
    public var sourceOccurredAt: Date? { requestedAt }
    public var domainPayload: DomainPayload { .identityReviewRequested(self) }
}

/// What staff decided on a review.
public enum IdentityReviewDecision: String, DomainEnum {
    /// The identity belongs to `chosenPhone`.
    case link
    /// None of the candidates: make a new contact.
    case newContact = "new_contact"
    /// Nothing to do (e.g. test data).
    case dismiss

    public static var fieldName: String { "decision" }
}

/// `identity.review_resolved`: staff resolved a review. Stream `review/<reviewId>`, key by
/// request id, actor staff.
public struct IdentityReviewResolved: EventPayload {
    public static var eventType: EventType { .identityReviewResolved }

    public var reviewId: SourceID
    public var storeId: StoreID
    public var decision: IdentityReviewDecision
    public var chosenPhone: PhoneNumber?
    public var note: String?

    public init(
        reviewId: SourceID, storeId: StoreID, decision: IdentityReviewDecision, chosenPhone: PhoneNumber? = nil,
        note: String? = nil
    ) throws(DomainError) {
        if decision == .link, chosenPhone == nil { throw .missingField(field: "chosenPhone") }
        self.reviewId = reviewId
        self.storeId = storeId
        self.decision = decision
        self.chosenPhone = chosenPhone
        self.note = Text.clean(note)
    }

    public var stream: String { Streams.review(reviewId) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .identityReviewResolved(self) }
}
