// RingCentral value sets (INTAKE.md, API.md). Local to the RingCentral adapter until Domain
// publishes its enums; the lead will unify them. Raw values are RingCentral's canonical
// spellings, so a parsed value written back out reads as RingCentral wrote it.

/// `type` of a message-store record. RingCentral is inconsistent about case
/// (`VoiceMail` and `Voicemail`, API.md), so matching ignores case.
public enum MessageTypeValue: String, CaseIterable, Hashable, Sendable, Codable {
    case sms = "SMS"
    case pager = "Pager"
    case voiceMail = "VoiceMail"
    case fax = "Fax"
}

/// `direction` of a message or a call.
public enum DirectionValue: String, CaseIterable, Hashable, Sendable, Codable {
    case inbound = "Inbound"
    case outbound = "Outbound"
}

/// `messageStatus` of a message-store record (INTAKE.md lists the full set).
public enum MessageStatusValue: String, CaseIterable, Hashable, Sendable, Codable {
    case queued = "Queued"
    case sent = "Sent"
    case delivered = "Delivered"
    case deliveryFailed = "DeliveryFailed"
    case sendingFailed = "SendingFailed"
    case received = "Received"
}

/// `readStatus` of a message-store record.
public enum ReadStatusValue: String, CaseIterable, Hashable, Sendable, Codable {
    case read = "Read"
    case unread = "Unread"
}

/// `type` of a call-log record.
public enum CallTypeValue: String, CaseIterable, Hashable, Sendable, Codable {
    case voice = "Voice"
    case fax = "Fax"
}

/// `result` of a call-log record: an open set (API.md: "result values beyond any fixed list
/// (keep unknown values verbatim)"). The constants are the documented values; anything else
/// is kept exactly as sent, so a new RingCentral result never makes a call unrecordable.
public struct CallResultValue: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let accepted = CallResultValue(rawValue: "Accepted")
    public static let callConnected = CallResultValue(rawValue: "Call connected")
    public static let missed = CallResultValue(rawValue: "Missed")
    public static let voicemail = CallResultValue(rawValue: "Voicemail")
    public static let noAnswer = CallResultValue(rawValue: "No Answer")
    public static let hangUp = CallResultValue(rawValue: "Hang Up")
    public static let busy = CallResultValue(rawValue: "Busy")
    public static let rejected = CallResultValue(rawValue: "Rejected")

    public static let documented: [CallResultValue] = [
        .accepted, .callConnected, .missed, .voicemail, .noAnswer, .hangUp, .busy, .rejected,
    ]

    /// Whether this is one of the values INTAKE.md lists (exact spelling).
    public var isDocumented: Bool { Self.documented.contains(self) }

    public var description: String { rawValue }
}
