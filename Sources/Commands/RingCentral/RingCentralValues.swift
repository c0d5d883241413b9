// RingCentral value sets that Domain has no enum for (INTAKE.md, API.md); message type,
// direction, message status and read status are Domain's (`MessageType`, `Direction`, …).
// Raw values are RingCentral's canonical spellings, so a parsed value written back out reads
// as RingCentral wrote it.

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
