import Foundation

/// `lead.received`: an email lead was parsed (PRODUCT.md Flow 1, INTAKE.md "Email leads").
/// Stream `lead/<leadId>`, key `lead.received:<leadId>`, actor `imap-poller` (or `system` for
/// Maildir/upload/CLI intake), occurredAt = receivedAt.
///
/// Recorded even when the store, the phone or both are unknown (storeId null; phone null with
/// a parse warning); projections make a contact, a task and a timeline entry only when
/// `isRoutable`.
public struct LeadReceived: EventPayload {
    public static var eventType: EventType { .leadReceived }

    /// The dedup key, `LeadID.derive(email:phone:receivedAt:)`.
    public var leadId: LeadID
    public var storeId: StoreID?
    public var franchiseId: FranchiseID?
    public var accountId: AccountID?
    /// `Web Lead`, `Online Intro`, … (open set, from the body or the subject).
    public var leadType: String
    public var firstName: String?
    public var lastName: String?
    /// E.164; nil when absent or not a valid number (then `parseWarnings` says why).
    public var phone: PhoneNumber?
    /// The lead's address: the body's Email field, else the sender's address.
    public var email: EmailAddress?
    /// As written in the email (`2026-03-05`, `6:15 AM`); not interpreted.
    public var bookedDate: String?
    public var bookedTime: String?
    public var subject: String
    /// The raw `From` header.
    public var from: String
    /// The recipient header the tracking id was found in (or `To`).
    public var recipient: String
    /// From `lead-tracking+{ID}@…`.
    public var trackingId: TrackingID?
    /// The decoded text body (debugging and audit).
    public var rawBody: String
    public var isForwarded: Bool
    public var forwardedOriginalFrom: String?
    public var forwardedOriginalTo: String?
    /// Raw, as the forwarded block wrote it (`Wed, Mar 4, 2026 at 9:31 AM`).
    public var forwardedOriginalDate: String?
    public var receivedAt: Date
    /// Human-readable notes on what could not be parsed (e.g. `phone: '555-01' is not a valid number`).
    public var parseWarnings: [String]

    public init(
        leadId: LeadID, storeId: StoreID? = nil, franchiseId: FranchiseID? = nil, accountId: AccountID? = nil,
        leadType: String, firstName: String? = nil, lastName: String? = nil, phone: PhoneNumber? = nil,
        email: EmailAddress? = nil, bookedDate: String? = nil, bookedTime: String? = nil, subject: String, from: String,
        recipient: String, trackingId: TrackingID? = nil, rawBody: String, isForwarded: Bool = false,
        forwardedOriginalFrom: String? = nil, forwardedOriginalTo: String? = nil, forwardedOriginalDate: String? = nil,
        receivedAt: Date, parseWarnings: [String] = []
    ) {
        self.leadId = leadId
        self.storeId = storeId
        self.franchiseId = franchiseId
        self.accountId = accountId
        self.leadType = Text.clean(leadType) ?? "Unknown"
        self.firstName = Text.clean(firstName)
        self.lastName = Text.clean(lastName)
        self.phone = phone
        self.email = email
        self.bookedDate = Text.clean(bookedDate)
        self.bookedTime = Text.clean(bookedTime)
        self.subject = subject
        self.from = from
        self.recipient = recipient
        self.trackingId = trackingId
        self.rawBody = rawBody
        self.isForwarded = isForwarded
        self.forwardedOriginalFrom = Text.clean(forwardedOriginalFrom)
        self.forwardedOriginalTo = Text.clean(forwardedOriginalTo)
        self.forwardedOriginalDate = Text.clean(forwardedOriginalDate)
        self.receivedAt = receivedAt
        self.parseWarnings = Text.clean(parseWarnings)
    }

    /// Flow 1 step 5: contact, task and timeline only when phone, franchise, account and
    /// store are all known.
    public var isRoutable: Bool { phone != nil && franchiseId != nil && accountId != nil && storeId != nil }

    /// `New {leadType} from {firstName or 'unknown'} {lastName}`, trimmed (seed 000 step ④).
    public var outreachReason: String {
        "New \(leadType) from \(firstName ?? "unknown") \(lastName ?? "")".trimmingWhitespace()
    }

    public var stream: String { Streams.lead(leadId) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.leadReceived(leadId) }
    public var sourceOccurredAt: Date? { receivedAt }
    public var domainPayload: DomainPayload { .leadReceived(self) }
}
