/// An email address, trimmed and lower-cased (PRODUCT.md "Cleansing": emails lower-case,
/// trimmed; reject what cannot be valid).
///
/// Validation is deliberately plain (not full RFC 5322): one `@`; a local part of 1–64
/// printable ASCII characters without spaces, quotes, `<`, `>`, `(`, `)`, `,`, `;`, `:`,
/// `\`, `[`, `]`, and without leading/trailing/double dots; a domain of at least two
/// dot-separated labels of letters, digits and inner hyphens; at most 254 characters in all.
/// Display-name forms (`Dana <dana@x.com>`) are the parser's job, not this type's.
/// Thread-safe (a value).
public struct EmailAddress: StringValue {
    public let rawValue: String
    public static var fieldName: String { "email" }

    /// The part after `@`.
    public var domain: Substring { rawValue[rawValue.index(after: rawValue.lastIndex(of: "@")!)...] }

    public init(_ raw: String, field: String = "email") throws(DomainError) {
        let value = try Validate.nonEmpty(raw, field: field).lowercased()
        func invalid(_ reason: String) -> DomainError {
            .invalidField(field: field, reason: "'\(value.prefix(80))' is not an email address: \(reason)")
        }
        guard value.utf8.count <= 254 else { throw invalid("longer than 254 characters") }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw invalid("needs exactly one '@'") }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.utf8.count) else { throw invalid("the part before '@' must have 1 to 64 characters") }
        guard local.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && !Self.forbidden.contains($0) }) else {
            throw invalid("the part before '@' has a character that is not allowed")
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            throw invalid("misplaced '.' before '@'")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { throw invalid("the domain needs a '.'") }
        for label in labels {
            guard (1...63).contains(label.utf8.count),
                  label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }),
                  !label.hasPrefix("-"), !label.hasSuffix("-")
            else { throw invalid("the domain label '\(label.prefix(63))' is not valid") }
        }
        rawValue = value
    }

    private static let forbidden = Set(" \"<>(),;:\\[]".unicodeScalars)
}
