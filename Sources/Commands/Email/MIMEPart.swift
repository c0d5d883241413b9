/// One node of a parsed MIME tree: its header, its type and its decoded content.
/// Thread-safe (a value).
public struct MIMEPart: Equatable, Sendable {
    public enum Content: Equatable, Sendable {
        /// A `text/*` leaf, transfer-decoded and converted from its charset.
        case text(String)
        /// Any other leaf (images, PDFs, `message/rfc822`), transfer-decoded.
        case bytes([UInt8])
        /// A multipart's children, in order.
        case multipart([MIMEPart])
    }

    /// IMAP-style part number: "" for the message itself, "1", "2", "1.2" for nested parts.
    public let path: String
    public let headers: MIMEHeaders
    /// The declared type, or ``MIMEContentType/defaultType`` when absent or malformed. A
    /// multipart that could not be split is a `text/plain` leaf.
    public let contentType: MIMEContentType
    /// `attachment`, `inline` or nil, lower-cased.
    public let disposition: String?
    public let content: Content

    /// Attachments are never read as the message body (INTAKE.md: "attachments (ignored)").
    public var isAttachment: Bool { disposition == "attachment" }

    /// The children of a multipart; empty for a leaf.
    public var children: [MIMEPart] {
        if case let .multipart(parts) = content { return parts }
        return []
    }
}
