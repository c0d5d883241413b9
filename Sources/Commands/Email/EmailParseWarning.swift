/// Something in an email that was not sound but did not stop parsing: the parser kept what it
/// could and says what it skipped or guessed (INTAKE.md: "parsed as far as it is sound and
/// reported, never crashes").
///
/// `part` is a MIME part path as IMAP numbers them ("1", "1.2"); "" is the message itself.
/// `location` is either a part ("part 1.2") or a header ("header Subject"). Thread-safe (a value).
public enum EmailParseWarning: Equatable, Sendable, CustomStringConvertible {
    // Header blocks.
    case malformedHeaderLine(part: String, lineNumber: Int)
    case missingHeaderSeparator(part: String)
    case malformedEncodedWord(header: String)
    case malformedContentType(part: String, value: String)
    // Charsets and transfer encodings.
    case unknownCharset(location: String, charset: String)
    case invalidBytesForCharset(location: String, charset: String)
    case undeclared8BitText(location: String)
    case malformedQuotedPrintable(part: String)
    case malformedBase64(part: String)
    case unknownTransferEncoding(part: String, encoding: String)
    // Multipart structure.
    case missingBoundaryParameter(part: String)
    case boundaryNotFound(part: String, boundary: String)
    case missingClosingBoundary(part: String, boundary: String)
    case multipartTooDeep(part: String, limit: Int)
    case noTextBody
    // Lead extraction.
    case invalidPhone(raw: String)
    case unparseableDate(header: String, value: String)
    case missingReceivedAt
    case missingSender
    /// More warnings than ``EmailLimits/warningsMax``; this many were dropped.
    case warningsTruncated(omitted: Int)

    public var code: String {
        switch self {
        case .malformedHeaderLine: "malformed_header_line"
        case .missingHeaderSeparator: "missing_header_separator"
        case .malformedEncodedWord: "malformed_encoded_word"
        case .malformedContentType: "malformed_content_type"
        case .unknownCharset: "unknown_charset"
        case .invalidBytesForCharset: "invalid_bytes_for_charset"
        case .undeclared8BitText: "undeclared_8bit_text"
        case .malformedQuotedPrintable: "malformed_quoted_printable"
        case .malformedBase64: "malformed_base64"
        case .unknownTransferEncoding: "unknown_transfer_encoding"
        case .missingBoundaryParameter: "missing_boundary_parameter"
        case .boundaryNotFound: "boundary_not_found"
        case .missingClosingBoundary: "missing_closing_boundary"
        case .multipartTooDeep: "multipart_too_deep"
        case .noTextBody: "no_text_body"
        case .invalidPhone: "invalid_phone"
        case .unparseableDate: "unparseable_date"
        case .missingReceivedAt: "missing_received_at"
        case .missingSender: "missing_sender"
        case .warningsTruncated: "warnings_truncated"
        }
    }

    public var description: String {
        switch self {
        case let .malformedHeaderLine(part, line):
            "\(Self.name(part)) header line \(line) is not a header field; skipped"
        case let .missingHeaderSeparator(part):
            "\(Self.name(part)) header has no blank line before the body; the body starts at the first non-header line"
        case let .malformedEncodedWord(header):
            "header \(header) has a malformed RFC 2047 encoded word; kept as literal text"
        case let .malformedContentType(part, value):
            "\(Self.name(part)) Content-Type '\(value)' is malformed; treated as text/plain"
        case let .unknownCharset(location, charset):
            "\(location): unknown charset '\(charset)'; decoded as UTF-8 with replacement characters"
        case let .invalidBytesForCharset(location, charset):
            "\(location): bytes that are not valid \(charset) were replaced with U+FFFD"
        case let .undeclared8BitText(location):
            "\(location): 8-bit text without a valid declared charset; decoded as Windows-1252"
        case let .malformedQuotedPrintable(part):
            "\(Self.name(part)) has malformed quoted-printable escapes; kept literally"
        case let .malformedBase64(part):
            "\(Self.name(part)) has malformed base64; undecodable characters skipped"
        case let .unknownTransferEncoding(part, encoding):
            "\(Self.name(part)) has unknown Content-Transfer-Encoding '\(encoding)'; body kept as is"
        case let .missingBoundaryParameter(part):
            "\(Self.name(part)) is multipart without a boundary parameter; treated as text/plain"
        case let .boundaryNotFound(part, boundary):
            "\(Self.name(part)) never uses its boundary '\(boundary)'; treated as text/plain"
        case let .missingClosingBoundary(part, boundary):
            "\(Self.name(part)) has no closing boundary '--\(boundary)--'; its last part runs to the end of the data"
        case let .multipartTooDeep(part, limit):
            "\(Self.name(part)) is nested deeper than multipartDepthMax = \(limit); not parsed further"
        case .noTextBody:
            "message has no text/plain or text/html body"
        case let .invalidPhone(raw):
            "phone '\(raw)' is not a valid US/Canada number; phone left empty"
        case let .unparseableDate(header, value):
            "\(header) date '\(value)' could not be parsed"
        case .missingReceivedAt:
            "no INTERNALDATE, Received or Date gives the received time"
        case .missingSender:
            "message has no sender address"
        case let .warningsTruncated(omitted):
            "\(omitted) further warnings omitted (warningsMax = \(EmailLimits.warningsMax))"
        }
    }

    private static func name(_ part: String) -> String {
        part.isEmpty ? "message" : "MIME part \(part)"
    }
}

/// Collects warnings up to ``EmailLimits/warningsMax`` and counts the rest, so a message
/// built to trip the same defect a million times cannot grow the result without bound.
struct EmailWarnings {
    private(set) var list: [EmailParseWarning] = []
    private var omitted = 0

    mutating func add(_ warning: EmailParseWarning) {
        guard !list.contains(warning) else { return }
        if list.count < EmailLimits.warningsMax { list.append(warning) } else { omitted += 1 }
    }

    mutating func add(contentsOf warnings: [EmailParseWarning]) {
        for warning in warnings { add(warning) }
    }

    var all: [EmailParseWarning] {
        omitted == 0 ? list : list + [.warningsTruncated(omitted: omitted)]
    }
}
