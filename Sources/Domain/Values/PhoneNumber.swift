/// A North American (NANP) phone number in E.164 form, `+1NXXNXXXXXX`.
///
/// Parsing accepts the spellings seen in real inputs (INTAKE.md): `(555) 123-4567`,
/// `555.123.4567`, `+1 555 123 4567`, `1-555-123-4567`, `5551234567`, `14155550100`.
/// It rejects what cannot be a valid NANP number: a wrong digit count, letters, or an
/// area code starting with 0 or 1. Thread-safe (a value).
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `+1` followed by ten digits.
    public let e164: String

    /// Normalises `raw`; nil when it cannot be a valid NANP number.
    public init?(_ raw: String) {
        var digits: [UInt8] = []
        digits.reserveCapacity(11)
        var sawPlus = false
        // Unicode scalars, not UTF-8 bytes: a no-break space (U+00A0, bytes C2 A0 in UTF-8,
        // common in HTML-derived text) is a separator like a space.
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "0"..."9":
                guard digits.count < 11 else { return nil }
                digits.append(UInt8(scalar.value) - UInt8(ascii: "0"))
            case "+":
                // Only a leading plus, before any digit.
                guard digits.isEmpty, !sawPlus else { return nil }
                sawPlus = true
            case " ", "-", ".", "(", ")", "\t", "\u{A0}":
                continue
            default:
                return nil  // letters, extensions, anything else
            }
        }
        if digits.count == 11 {
            guard digits[0] == 1 else { return nil }
            digits.removeFirst()
        } else if digits.count != 10 || sawPlus {
            // "+" must be followed by the country code 1 and ten digits.
            return nil
        }
        // NANP area codes are NXX, N = 2...9 (INTAKE.md: an area code starting 0/1 is invalid).
        // The exchange is not checked: INTAKE.md's own examples use 123.
        guard digits[0] >= 2 else { return nil }
        e164 = "+1" + String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// The ten national digits, e.g. for search by digits.
    public var nationalDigits: String { String(e164.dropFirst(2)) }

    /// The three-digit area code (NPA), used to find the called party's time zone.
    public var areaCode: String { String(e164.dropFirst(2).prefix(3)) }

    public var description: String { e164 }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let phone = PhoneNumber(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a valid NANP phone number: \(raw)"))
        }
        self = phone
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}

/// A far-side number of 5 or 6 digits: an SMS short code (INTAKE.md). Such messages are
/// recorded but never make a contact.
public struct ShortCode: Hashable, Sendable, Codable {
    public let digits: String

    public init?(_ raw: String) {
        let digits = raw.filter { !$0.isWhitespace && $0 != "-" && $0 != "+" }
        guard (5...6).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.digits = digits
    }
}
