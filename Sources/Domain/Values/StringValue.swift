/// A validated, string-backed value (StoreID, FranchiseID, EmailAddress, ...).
///
/// Conformers validate in `init(_:field:)` and throw `DomainError` naming the field; decoding
/// runs the same validation, so a payload can never hold an invalid value. Encoded as a bare
/// JSON string.
public protocol StringValue: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The canonical (normalised) form.
    var rawValue: String { get }
    /// Validates and normalises `raw`; `field` is the name the error reports.
    init(_ raw: String, field: String) throws(DomainError)
    /// The field name used when decoding reports an error.
    static var fieldName: String { get }
}

extension StringValue {
    public var description: String { rawValue }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(raw, field: Self.fieldName)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Shared checks for string values.
enum Validate {
    /// Trims surrounding whitespace; throws `.missingField` when nothing is left.
    static func nonEmpty(_ raw: String, field: String) throws(DomainError) -> String {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .missingField(field: field) }
        return trimmed
    }

    static func maxLength(_ value: String, _ limit: Int, field: String) throws(DomainError) {
        guard value.count <= limit else {
            throw .invalidField(field: field, reason: "longer than \(limit) characters")
        }
    }

    /// Rejects control characters (C0, DEL, C1): ids end up in stream names and keys.
    static func noControlCharacters(_ value: String, field: String) throws(DomainError) {
        for scalar in value.unicodeScalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            throw .invalidField(field: field, reason: "contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))")
        }
    }

    /// Canonical lower-case 8-4-4-4-12 form of a UUID string (either case accepted), or nil.
    static func canonicalUUID(_ raw: String) -> String? {
        let bytes = Array(raw.utf8)
        guard bytes.count == 36 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                out.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): out.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): out.append(byte + 32)
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// Trims Unicode whitespace and newlines at both ends (no Foundation needed).
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
