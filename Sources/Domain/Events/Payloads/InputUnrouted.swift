import Foundation

/// Which intake an unrouted input came through; it says how to read `InputUnrouted.input`
/// and which handler re-routes it. Raw values appear in stream names and keys.
public enum UnroutedInputKind: String, DomainEnum {
    /// A RingCentral message-store notification (or bare message record).
    case ringCentralMessage = "ringcentral.message"
    /// A RingCentral call-log record.
    case ringCentralCall = "ringcentral.call"
    /// A RingCentral A2P opt-out notice (`/restapi/v1.0/account/{id}/a2p-sms/opt-outs`).
    case ringCentralOptOut = "ringcentral.opt_out"
    /// A lead email (RFC 822).
    case leadEmail = "lead.email"

    public static var fieldName: String { "kind" }
}

/// `input.unrouted`: a well-formed input that no registered store owns (CDP.md §8): a
/// RingCentral message, call or opt-out notice for an account and numbers no store owns, a
/// lead with no store mapping. The input is kept — its original bytes, the reason, the facts
/// that would route it (account, store number, tracking id, sender) and its source time —
/// so that registering the store that owns it re-routes it through the same handler, at its
/// original occurredAt. Stream `unrouted/<kind>/<sourceId>` (one per source record: several
/// revisions of one message share it), key `input.unrouted:<kind>:<sourceId>:<sha1 of the
/// input bytes>` (the same bytes redelivered are one event), actor the original input's,
/// occurredAt the source time, no storeId.
public struct InputUnrouted: EventPayload {
    public static var eventType: EventType { .inputUnrouted }

    public var kind: UnroutedInputKind
    /// The record's own id: RingCentral message or call id, the notice's uuid, the lead id.
    public var sourceId: String
    /// Why no store took it (which account / number / tracking id is unknown, or ambiguous).
    public var reason: String
    /// Routing facts: the RingCentral account, the store's own number (E.164), the lead's
    /// tracking id and sender. A store registered with any of them is asked to take it.
    public var accountId: AccountID?
    public var storePhone: PhoneNumber?
    public var trackingId: TrackingID?
    public var leadSender: EmailAddress?
    /// The source's time (creationTime, startTime, the notice's timestamp, receivedAt): the
    /// occurredAt the routed events will carry.
    public var occurredAt: Date
    /// The IMAP INTERNALDATE a lead email came with (it can decide receivedAt).
    public var internalDate: Date?
    /// The original bytes as text when they are UTF-8 (every JSON input, most emails) …
    public var input: String?
    /// … else base64 (an 8-bit email in another charset). Exactly one of the two is present.
    public var inputBase64: String?

    public init(
        kind: UnroutedInputKind, sourceId: String, reason: String, accountId: AccountID? = nil, storePhone: PhoneNumber? = nil,
        trackingId: TrackingID? = nil, leadSender: EmailAddress? = nil, occurredAt: Date, internalDate: Date? = nil,
        inputBytes: [UInt8]
    ) {
        self.kind = kind
        self.sourceId = sourceId
        self.reason = reason
        self.accountId = accountId
        self.storePhone = storePhone
        self.trackingId = trackingId
        self.leadSender = leadSender
        self.occurredAt = occurredAt
        self.internalDate = internalDate
        if let text = String(validating: inputBytes, as: UTF8.self), Array(text.utf8) == inputBytes {
            input = text
        } else {
            inputBase64 = Data(inputBytes).base64EncodedString()
        }
    }

    /// The original bytes.
    public var inputBytes: [UInt8] {
        if let input { return Array(input.utf8) }
        return inputBase64.flatMap { Data(base64Encoded: $0) }.map { Array($0) } ?? []
    }

    public var stream: String { Streams.unrouted(kind: kind, sourceId: sourceId) }
    public var isolationStoreId: StoreID? { nil }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.inputUnrouted(kind: kind, sourceId: sourceId, input: inputBytes) }
    public var sourceOccurredAt: Date? { occurredAt }
    public var domainPayload: DomainPayload { .inputUnrouted(self) }
}

/// `input.rerouted`: an `input.unrouted` was routed to a store, by the same handler a fresh
/// input goes through, in the same atomic batch as the events it produced (or alone when the
/// log already held them). Stream: the unrouted input's; key `input.rerouted:` + the rest of
/// the `input.unrouted` key, so each unrouted input is re-routed once. Actor system;
/// occurredAt the re-route's time (the store registration's command time).
public struct InputRerouted: EventPayload {
    public static var eventType: EventType { .inputRerouted }

    public var kind: UnroutedInputKind
    public var sourceId: String
    /// The idempotency key and position of the `input.unrouted` this settles.
    public var unroutedKey: String
    public var unroutedPosition: UInt64
    /// The store it went to.
    public var storeId: StoreID

    public init(kind: UnroutedInputKind, sourceId: String, unroutedKey: String, unroutedPosition: UInt64, storeId: StoreID) {
        self.kind = kind
        self.sourceId = sourceId
        self.unroutedKey = unroutedKey
        self.unroutedPosition = unroutedPosition
        self.storeId = storeId
    }

    public var stream: String { Streams.unrouted(kind: kind, sourceId: sourceId) }
    /// None: the unrouted stream belongs to no store (the routed events carry the store).
    public var isolationStoreId: StoreID? { nil }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.inputRerouted(unroutedKey: unroutedKey) }
    public var domainPayload: DomainPayload { .inputRerouted(self) }
}
