import Domain
import EventStore

/// One RingCentral message-store record (SMS, pager message, voicemail or fax), validated,
/// with the facts the message handler needs already derived (INTAKE.md, PRODUCT.md Flow 5).
///
/// Raw fields keep RingCentral's values (phone numbers as sent); derived fields hold the
/// normalised ones. Nothing here needs the store registry: the store is resolved later from
/// `storePhone` or `accountId`. Thread-safe (a value).
public struct RingCentralMessage: Hashable, Sendable {
    public var shape: RingCentralPayloadShape
    /// The envelope's fields; nil for a bare record.
    public var notification: RingCentralNotification?

    public var id: String
    public var conversationId: String?
    public var type: MessageType
    public var direction: Direction
    public var from: RingCentralMessageParty?
    public var to: [RingCentralMessageParty]
    /// The SMS text.
    public var subject: String?
    public var creationTime: Timestamp
    public var lastModifiedTime: Timestamp?
    public var readStatus: ReadStatus?
    public var messageStatus: MessageStatus?
    public var attachments: [RingCentralAttachment]
    /// Kept verbatim (`NotAvailable`, `InProgress`, `Completed`, …): informational only.
    public var vmTranscriptionStatus: String?

    // MARK: Derived

    /// The injected `_client_id` as sent (`orangeTheory-193365026`).
    public var clientId: String?
    /// The brand from `_client_id` (`orangeTheory`); nil when `_client_id` is absent, in
    /// which case the store registry's franchise for the account applies.
    public var franchiseId: String?
    /// `_account_id`, else the envelope's `ownerId`.
    public var accountId: String?
    /// The far side: the customer, a short code, or nobody known.
    public var customer: RingCentralCustomer
    /// The store's own number (the near side), when RingCentral sent one that parses. A
    /// voicemail's `to[]` often has none: the store then comes from `accountId`.
    public var storePhone: PhoneNumber?
    /// An opt-out / opt-in keyword (PRODUCT.md Flow 5 step 5); only for an inbound SMS from a
    /// customer phone (never outbound, voicemail, pager or a short code).
    public var consentKeyword: ConsentKeyword?

    /// The customer's phone, nil for a short code or an unknown far side.
    public var customerPhone: PhoneNumber? {
        if case .phone(let phone) = customer { return phone }
        return nil
    }

    /// Short-code messages are recorded but make no contact and no timeline entry.
    public var isShortCode: Bool {
        if case .shortCode = customer { return true }
        return false
    }

    /// The time that orders notifications of this message: `lastModifiedTime`, else
    /// `creationTime`. A later notification is `message.updated` only when this is newer.
    public var revisionTime: Timestamp { lastModifiedTime ?? creationTime }
}

/// Who is on the far side of a message.
public enum RingCentralCustomer: Hashable, Sendable {
    case phone(PhoneNumber)
    /// 5–6 digits (about 0.3 % of traffic, source 001): no customer entity.
    case shortCode(ShortCode)
    /// No number on the far side: an anonymous voicemail caller, an internal pager message.
    case unknown
}

/// `from` or one `to[]` entry of a message.
public struct RingCentralMessageParty: Hashable, Sendable {
    /// As sent; see the message's derived fields for the normalised number.
    public var phoneNumber: String?
    public var extensionNumber: String?
    public var name: String?
    public var location: String?
    /// `to[]` only: RingCentral marks the addressed party of an outbound message.
    public var target: Bool?
}

/// One `attachments[]` entry (the SMS text itself, an MMS image, a voicemail recording).
public struct RingCentralAttachment: Hashable, Sendable {
    public var id: String?
    /// Verbatim: `Text`, `AudioRecording`, `AudioTranscription`, `MmsAttachment`, …
    public var type: String?
    public var contentType: String?
    public var sizeBytes: Int?
    public var vmDurationSeconds: Int?
}

/// An inbound SMS that is exactly an opt-out or opt-in keyword.
public struct ConsentKeyword: Hashable, Sendable {
    public enum Intent: String, Hashable, Sendable {
        /// Records `contact.opted_out`: doNotContact, set by `system`.
        case optOut = "opt_out"
        /// Records `contact.opted_in`: clears a system opt-out, never a staff DNC.
        case optIn = "opt_in"
    }

    public var intent: Intent
    /// The keyword matched, canonical upper case (`STOP`, `OPT OUT`, `START`).
    public var keyword: String
}
