import Domain
import EventStore

/// One RingCentral call-log record, validated, with the customer side derived (INTAKE.md
/// "RingCentral call-log records"; PRODUCT.md "Calls").
///
/// Raw fields keep RingCentral's values; `customerPhone` and `storePhone` are normalised to
/// E.164. A call whose far side is an internal extension is still a call (it is recorded),
/// it just has no customer. Thread-safe (a value).
public struct RingCentralCall: Hashable, Sendable {
    public var shape: RingCentralPayloadShape
    public var notification: RingCentralNotification?

    public var id: String
    public var sessionId: String?
    public var telephonySessionId: String?
    public var startTime: Timestamp
    public var durationSeconds: Int
    public var type: CallTypeValue?
    public var direction: Direction
    /// Verbatim (`Phone Call`, `VoIP Call`, `RingOut Web`, …).
    public var action: String?
    /// Open set, unknown values kept verbatim.
    public var result: CallResultValue?
    public var reason: String?
    public var from: RingCentralCallParty?
    public var to: RingCentralCallParty?
    public var recording: RingCentralRecording?
    /// The detailed view's legs; empty in the simple view.
    public var legs: [RingCentralCallLeg]

    // MARK: Derived

    /// `_account_id`, else the envelope's `ownerId`.
    public var accountId: String?
    /// The far side (outbound → to, inbound → from) as E.164; nil when that side is an
    /// internal extension or withheld.
    public var customerPhone: PhoneNumber?
    /// The near side's number when it parses (helps resolve the store).
    public var storePhone: PhoneNumber?

    /// PRODUCT.md: a call log's "recording flag".
    public var hasRecording: Bool { recording != nil }
}

/// `from` / `to` of a call or a leg. `phoneNumber` is as sent (`(415) 555-0100`).
public struct RingCentralCallParty: Hashable, Sendable {
    public var phoneNumber: String?
    public var extensionNumber: String?
    public var name: String?
    public var location: String?
    /// The number normalised to E.164, nil when absent or not a NANP number.
    public var phone: PhoneNumber?
}

/// `recording {id, uri, type, contentUri}`.
public struct RingCentralRecording: Hashable, Sendable {
    public var id: String
    public var uri: String?
    /// Verbatim (`Automatic`, `OnDemand`).
    public var type: String?
    public var contentUri: String?
}

/// One `legs[]` entry of the detailed call-log view. Every field is optional: legs are
/// informational and RingCentral varies what it fills per leg type.
public struct RingCentralCallLeg: Hashable, Sendable {
    public var startTime: Timestamp?
    public var durationSeconds: Int?
    public var type: CallTypeValue?
    public var direction: Direction?
    public var action: String?
    public var result: CallResultValue?
    public var reason: String?
    /// Verbatim (`SipForwarding`, `ServiceMinus2`, `PstnToSip`, …).
    public var legType: String?
    public var from: RingCentralCallParty?
    public var to: RingCentralCallParty?
    public var recording: RingCentralRecording?
}
