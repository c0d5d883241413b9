/// Why a raw email was rejected outright. Everything short of these is parsed as far as it
/// is sound and reported as an ``EmailParseWarning`` instead (INTAKE.md, "Limits").
///
/// The intake quarantines a rejected message with ``description`` as the reason, so each case
/// names the limit or the property that failed. Thread-safe (a value).
public enum EmailParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The raw message is larger than ``EmailLimits/messageSizeBytesMax``.
    case messageTooLarge(sizeBytes: Int, limitBytes: Int)
    /// A header block (the message's, or a MIME part's at `part`) has more physical lines
    /// than ``EmailLimits/headerLinesMax``. `part` is "" for the message header.
    case tooManyHeaderLines(part: String, lineCount: Int, limit: Int)
    /// Zero bytes, or only blank lines.
    case emptyMessage
    /// Not one header field could be read: the input is not an RFC 5322 message.
    case noHeaderFields

    /// A stable identifier for callers and logs.
    public var code: String {
        switch self {
        case .messageTooLarge: "email_too_large"
        case .tooManyHeaderLines: "email_too_many_header_lines"
        case .emptyMessage: "email_empty"
        case .noHeaderFields: "email_no_header_fields"
        }
    }

    public var description: String {
        switch self {
        case let .messageTooLarge(size, limit):
            "message is \(size) bytes, over the limit messageSizeBytesMax = \(limit) bytes"
        case let .tooManyHeaderLines(part, count, limit):
            "\(part.isEmpty ? "message header" : "header of MIME part \(part)") has \(count) lines, "
                + "over the limit headerLinesMax = \(limit)"
        case .emptyMessage:
            "message is empty"
        case .noHeaderFields:
            "message has no header fields (not an RFC 5322 message)"
        }
    }
}

/// The bounds the email parser enforces (INTAKE.md "Limits"; TigerBeetle style: every loop
/// and every input has a stated maximum).
public enum EmailLimits {
    /// A message over 10 MiB is rejected (INTAKE.md).
    public static let messageSizeBytesMax = 10 * 1024 * 1024
    /// A header block with more than 1,000 physical lines is rejected (INTAKE.md).
    public static let headerLinesMax = 1_000
    /// Multiparts nested deeper than this are kept as opaque leaves with a warning, so a
    /// hostile message cannot drive the recursive parser arbitrarily deep.
    public static let multipartDepthMax = 32
    /// At most this many warnings are kept; the rest are counted in one summary warning.
    public static let warningsMax = 100
}
