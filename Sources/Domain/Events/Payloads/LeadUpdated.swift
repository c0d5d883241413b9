import Foundation
import EventStore

/// `lead.updated`: a redelivered email whose mapping changed (PRODUCT.md Flow 1 step 4; seed
/// 000 "ON CONFLICT (id) DO UPDATE"). Carries the new mapping fields; `storeId` is
/// forward-only — a projection never replaces a known storeId with null, so `storeId: nil`
/// here means "unchanged". Stream `lead/<leadId>`, key `lead.updated:<leadId>:<hash of the
/// changed fields>`, occurredAt = the redelivery's receivedAt.
public struct LeadUpdated: EventPayload {
    public static var eventType: EventType { .leadUpdated }

    public var leadId: LeadID
    public var leadType: String
    public var franchiseId: FranchiseID?
    public var accountId: AccountID?
    public var storeId: StoreID?
    /// When the redelivery was received.
    public var receivedAt: Date

    public init(
        leadId: LeadID, leadType: String, franchiseId: FranchiseID?, accountId: AccountID?, storeId: StoreID?,
        receivedAt: Date
    ) {
        self.leadId = leadId
        self.leadType = Text.clean(leadType) ?? "Unknown"
        self.franchiseId = franchiseId
        self.accountId = accountId
        self.storeId = storeId
        self.receivedAt = receivedAt
    }

    /// The update a redelivery implies, or nil when the mapping fields are unchanged.
    /// `storeId` counts as a change only when the redelivery knows one that differs.
    public static func changes(from original: LeadReceived, to redelivery: LeadReceived) -> LeadUpdated? {
        let storeChanged = redelivery.storeId != nil && redelivery.storeId != original.storeId
        guard original.leadType != redelivery.leadType || original.franchiseId != redelivery.franchiseId
            || original.accountId != redelivery.accountId || storeChanged
        else { return nil }
        return LeadUpdated(
            leadId: original.leadId, leadType: redelivery.leadType, franchiseId: redelivery.franchiseId,
            accountId: redelivery.accountId, storeId: redelivery.storeId, receivedAt: redelivery.receivedAt)
    }

    /// What the key's hash covers.
    struct ChangedFields: Encodable {
        var leadType: String
        var franchiseId: FranchiseID?
        var accountId: AccountID?
        var storeId: StoreID?
    }

    var changedFields: ChangedFields {
        ChangedFields(leadType: leadType, franchiseId: franchiseId, accountId: accountId, storeId: storeId)
    }

    public var stream: String { Streams.lead(leadId) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.leadUpdated(self) }
    public var sourceOccurredAt: Date? { receivedAt }
    public var domainPayload: DomainPayload { .leadUpdated(self) }
}

/// `lead.cooled`: the cooling sweeper found a lead still `new` (→ `neglected`) or `attempted`
/// (→ `unreachable`) 5 days after the contact's createdAt (PRODUCT.md "Lead cooling").
/// Stream `contact/<storeId>/<phone>`, key `lead.cooled:<storeId>:<phone>:<createdAt>`,
/// actor `system`, occurredAt = `dueAt` (createdAt + 5 days) — a fact of the log, not of the
/// sweeper's wall clock, so a late sweep records the same event.
public struct LeadCooled: EventPayload {
    public static var eventType: EventType { .leadCooled }
    /// How long a pre-contact lead stays warm (seed 002 §4: ≤ 5 days warm, then cold).
    public static let coolingPeriodSeconds: Int64 = 5 * 86_400

    public let storeId: StoreID
    public let phone: PhoneNumber
    public let fromStatus: LeadStatus
    public let toStatus: LeadStatus
    /// The contact's createdAt ("Acquired").
    public let contactCreatedAt: Date

    /// Throws when `fromStatus` does not cool (only `new` and `attempted` do).
    public init(storeId: StoreID, phone: PhoneNumber, fromStatus: LeadStatus, contactCreatedAt: Date) throws(DomainError) {
        guard let cooled = fromStatus.cooled else {
            throw .invalidField(field: "leadStatus", reason: "'\(fromStatus.rawValue)' does not cool (only new and attempted do)")
        }
        self.storeId = storeId
        self.phone = phone
        self.fromStatus = fromStatus
        self.toStatus = cooled
        self.contactCreatedAt = contactCreatedAt
    }

    /// createdAt + 5 days: the event's occurredAt.
    public var cooledAt: Date { Timestamp(contactCreatedAt).adding(seconds: Self.coolingPeriodSeconds).date }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? {
        IdempotencyKeys.leadCooled(store: storeId, phone: phone, contactCreatedAt: contactCreatedAt)
    }
    public var sourceOccurredAt: Date? { cooledAt }
    public var domainPayload: DomainPayload { .leadCooled(self) }
}
