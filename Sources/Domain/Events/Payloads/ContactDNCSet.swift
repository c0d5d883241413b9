import Foundation

// Staff commands on one contact (PRODUCT.md "Staff actions"). Each: stream
// `contact/<storeId>/<phone>`, key `IdempotencyKeys.request(type, scope: storeId, requestId)`,
// actor `staff` with the user id (or as noted), occurredAt supplied by the handler. The
// handler may check the contact stream's expected version (If-Match).

/// `contact.dnc_set`: Do-Not-Contact set by staff, or by the AI (actor `ai`). Staff always
/// wins; the actor type becomes doNotContactUpdatedBy.
public struct ContactDNCSet: EventPayload {
    public static var eventType: EventType { .contactDNCSet }
    public var storeId: StoreID
    public var phone: PhoneNumber
    public var reason: String?

    public init(storeId: StoreID, phone: PhoneNumber, reason: String? = nil) {
        self.storeId = storeId
        self.phone = phone
        self.reason = Text.clean(reason)
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactDNCSet(self) }
}

/// `contact.dnc_cleared`: Do-Not-Contact cleared by staff (never by the AI).
public struct ContactDNCCleared: EventPayload {
    public static var eventType: EventType { .contactDNCCleared }
    public var storeId: StoreID
    public var phone: PhoneNumber
    public var reason: String?

    public init(storeId: StoreID, phone: PhoneNumber, reason: String? = nil) {
        self.storeId = storeId
        self.phone = phone
        self.reason = Text.clean(reason)
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactDNCCleared(self) }
}

/// `contact.notes_updated`: the whole new notes text (empty clears them).
public struct ContactNotesUpdated: EventPayload {
    public static var eventType: EventType { .contactNotesUpdated }
    public var storeId: StoreID
    public var phone: PhoneNumber
    public var notes: String

    public init(storeId: StoreID, phone: PhoneNumber, notes: String) {
        self.storeId = storeId
        self.phone = phone
        self.notes = notes.trimmingWhitespace()
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactNotesUpdated(self) }
}

/// `contact.complaint_resolved`: hasOpenComplaint=false and a timeline entry.
public struct ContactComplaintResolved: EventPayload {
    public static var eventType: EventType { .contactComplaintResolved }
    public var storeId: StoreID
    public var phone: PhoneNumber
    public var resolution: String?

    public init(storeId: StoreID, phone: PhoneNumber, resolution: String? = nil) {
        self.storeId = storeId
        self.phone = phone
        self.resolution = Text.clean(resolution)
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactComplaintResolved(self) }
}

/// `contact.converted`: lifecycleStage member, leadStatus converted. Actor staff, or
/// `integration` (a POS reporting a sale).
public struct ContactConverted: EventPayload {
    public static var eventType: EventType { .contactConverted }
    public var storeId: StoreID
    public var phone: PhoneNumber
    /// The lead that converted, when known.
    public var leadId: LeadID?
    public var note: String?

    public init(storeId: StoreID, phone: PhoneNumber, leadId: LeadID? = nil, note: String? = nil) {
        self.storeId = storeId
        self.phone = phone
        self.leadId = leadId
        self.note = Text.clean(note)
    }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var domainPayload: DomainPayload { .contactConverted(self) }
}
