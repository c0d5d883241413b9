/// A parsed RFC 5322 / MIME message: its header, its MIME tree, the text a person would read
/// as its body, and what the parser had to skip or guess.
///
/// Parsing is pure (no I/O) and total: any byte string gives either a message or a typed
/// ``EmailParseError`` (a limit, or no header at all). Structural damage such as a missing
/// close boundary or bad base64 is parsed as far as it is sound and listed in ``warnings``
/// (INTAKE.md "Email leads"). Thread-safe (a value).
public struct MIMEMessage: Equatable, Sendable {
    /// Where ``textBody`` came from.
    public enum TextBodySource: Equatable, Sendable {
        /// `text/plain` parts (preferred, INTAKE.md).
        case plain
        /// At least one `text/html` part converted to text, because no plain text was there.
        case html
        /// No readable text part; ``textBody`` is empty.
        case none
    }

    /// The message itself (`path` ""); its header is the message header.
    public let root: MIMEPart
    /// The body as text: `text/plain` preferred, else HTML converted to text; attachments
    /// ignored. Line breaks are `\n`.
    public let textBody: String
    public let textBodySource: TextBodySource
    public let warnings: [EmailParseWarning]
    public let sizeBytes: Int

    public var headers: MIMEHeaders { root.headers }

    /// Parses a raw message.
    ///
    /// - Throws: ``EmailParseError/messageTooLarge(sizeBytes:limitBytes:)`` over
    ///   ``EmailLimits/messageSizeBytesMax``; ``EmailParseError/tooManyHeaderLines(part:lineCount:limit:)``;
    ///   ``EmailParseError/emptyMessage``; ``EmailParseError/noHeaderFields``.
    public static func parse(bytes: [UInt8]) throws(EmailParseError) -> MIMEMessage {
        guard bytes.count <= EmailLimits.messageSizeBytesMax else {
            throw .messageTooLarge(sizeBytes: bytes.count, limitBytes: EmailLimits.messageSizeBytesMax)
        }
        // Uploads and Maildir files sometimes start with blank lines; they are not the separator.
        guard let start = bytes.firstIndex(where: { $0 != 0x0D && $0 != 0x0A }) else { throw .emptyMessage }
        var warnings = EmailWarnings()
        let root = try parsePart(bytes[start...], path: "", depth: 0, warnings: &warnings)
        guard !root.headers.fields.isEmpty else { throw .noHeaderFields }
        let (text, source) = TextBodySelector.select(root)
        if source == .none { warnings.add(.noTextBody) }
        return MIMEMessage(root: root, textBody: text, textBodySource: source, warnings: warnings.all, sizeBytes: bytes.count)
    }

    private static func parsePart(
        _ bytes: ArraySlice<UInt8>, path: String, depth: Int, warnings: inout EmailWarnings
    ) throws(EmailParseError) -> MIMEPart {
        let block = try MIMEHeaderBlock.parse(bytes, part: path, warnings: &warnings)
        let headers = block.headers
        let body = bytes[block.bodyStart...]
        var contentType = MIMEContentType.defaultType
        if let raw = headers.rawValue("Content-Type"), !raw.isEmpty {
            if let parsed = MIMEContentType(parsing: raw) {
                contentType = parsed
            } else {
                warnings.add(.malformedContentType(part: path, value: raw))
            }
        }
        let disposition = headers.rawValue("Content-Disposition").map {
            MIMEContentType.parseValueAndParameters($0).token
        }
        func part(_ type: MIMEContentType, _ content: MIMEPart.Content) -> MIMEPart {
            MIMEPart(path: path, headers: headers, contentType: type, disposition: disposition, content: content)
        }
        if contentType.type == "multipart" {
            switch try parseChildren(body, of: contentType, path: path, depth: depth, warnings: &warnings) {
            case let .children(children): return part(contentType, .multipart(children))
            case .opaque: return part(contentType, .bytes(Array(body)))
            case .asText: contentType = .defaultType
            }
        }
        let decoded = decodeTransferEncoding(body, headers: headers, path: path, warnings: &warnings)
        guard contentType.type == "text" else { return part(contentType, .bytes(decoded)) }
        let location = path.isEmpty ? "message body" : "MIME part \(path)"
        let text = EmailCharset.decode(decoded, label: contentType.parameters["charset"], location: location, warnings: &warnings)
        return part(contentType, .text(text))
    }

    private enum Children {
        case children([MIMEPart])
        /// Too deep to parse: kept as bytes.
        case opaque
        /// No usable boundary: the body is read as plain text so its lead fields still count.
        case asText
    }

    private static func parseChildren(
        _ body: ArraySlice<UInt8>, of type: MIMEContentType, path: String, depth: Int, warnings: inout EmailWarnings
    ) throws(EmailParseError) -> Children {
        guard depth < EmailLimits.multipartDepthMax else {
            warnings.add(.multipartTooDeep(part: path, limit: EmailLimits.multipartDepthMax))
            return .opaque
        }
        guard let boundary = type.parameters["boundary"], !boundary.isEmpty else {
            warnings.add(.missingBoundaryParameter(part: path))
            return .asText
        }
        let split = MultipartSplitter.split(body, boundary: boundary)
        guard split.foundDelimiter else {
            warnings.add(.boundaryNotFound(part: path, boundary: boundary))
            return .asText
        }
        if !split.closed { warnings.add(.missingClosingBoundary(part: path, boundary: boundary)) }
        var children: [MIMEPart] = []
        for (offset, bytes) in split.parts.enumerated() {
            let childPath = path.isEmpty ? "\(offset + 1)" : "\(path).\(offset + 1)"
            children.append(try parsePart(bytes, path: childPath, depth: depth + 1, warnings: &warnings))
        }
        return .children(children)
    }

    /// Content-Transfer-Encoding (RFC 2045 §6): 7bit, 8bit and binary are identity;
    /// quoted-printable and base64 are decoded tolerantly; anything else is kept with a warning.
    private static func decodeTransferEncoding(
        _ body: ArraySlice<UInt8>, headers: MIMEHeaders, path: String, warnings: inout EmailWarnings
    ) -> [UInt8] {
        let encoding =
            headers.rawValue("Content-Transfer-Encoding").map {
                MIMEContentType.parseValueAndParameters($0).token
            } ?? ""
        switch encoding {
        case "", "7bit", "8bit", "binary":
            return Array(body)
        case "quoted-printable":
            let result = MIMEQuotedPrintable.decode(body)
            if result.malformed { warnings.add(.malformedQuotedPrintable(part: path)) }
            return result.bytes
        case "base64":
            let result = MIMEBase64.decode(body)
            if result.malformed { warnings.add(.malformedBase64(part: path)) }
            return result.bytes
        default:
            warnings.add(.unknownTransferEncoding(part: path, encoding: encoding))
            return Array(body)
        }
    }
}
