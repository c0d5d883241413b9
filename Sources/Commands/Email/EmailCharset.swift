/// The character sets INTAKE.md requires (UTF-8, ISO-8859-1, Windows-1252) and how bytes in
/// each become text.
///
/// ISO-8859-1 is decoded as Windows-1252, as the WHATWG Encoding Standard does for the label
/// "iso-8859-1": the two agree on every byte except 0x80–0x9F, which in ISO-8859-1 are C1
/// control characters no mailer means to send, and which Windows mailers labelling their text
/// "iso-8859-1" do send as curly quotes and dashes. Thread-safe (a value).
enum EmailCharset: Equatable, Sendable {
    case utf8
    case usASCII
    case latin1
    case windows1252

    /// Recognises the IANA names and the common aliases seen in mail headers.
    init?(label: String) {
        let key = label.mailTrimmed.lowercased()
        switch key {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": self = .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "ibm367": self = .usASCII
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1", "cp819",
            "ibm819", "iso-ir-100", "csisolatin1", "iso88591":
            self = .latin1
        case "windows-1252", "cp1252", "x-cp1252", "win-1252", "cp-1252", "ms-ansi": self = .windows1252
        default: return nil
        }
    }

    /// The text of `bytes` in the charset named by `label`, reporting what had to be guessed or
    /// replaced. `location` names the part or header for the warning.
    static func decode(_ bytes: [UInt8], label: String?, location: String, warnings: inout EmailWarnings) -> String {
        let label = label.map { $0.mailTrimmed } ?? ""
        let charset = label.isEmpty ? nil : EmailCharset(label: label)
        if charset == nil, !label.isEmpty {
            warnings.add(.unknownCharset(location: location, charset: label))
        }
        if !bytes.contains(where: { $0 >= 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)  // ASCII is the same in every charset here
        }
        guard !label.isEmpty else { return decodeUndeclared(bytes, location: location, warnings: &warnings) }
        switch charset {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            warnings.add(.invalidBytesForCharset(location: location, charset: label))
            return String(decoding: bytes, as: UTF8.self)
        case .usASCII:
            // 8-bit bytes under a 7-bit label: the label is wrong, so it is as good as absent.
            return decodeUndeclared(bytes, location: location, warnings: &warnings)
        case .latin1, .windows1252:
            return Windows1252.decode(bytes)
        case nil:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// 8-bit text with no usable label: UTF-8 when it is valid UTF-8 (RFC 6532 headers, modern
    /// mailers), else Windows-1252, the superset of Latin-1 that legacy mailers send.
    private static func decodeUndeclared(_ bytes: [UInt8], location: String, warnings: inout EmailWarnings) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        warnings.add(.undeclared8BitText(location: location))
        return Windows1252.decode(bytes)
    }
}

/// Windows-1252 (code page 1252) to Unicode. Bytes 0x00–0x7F are ASCII and 0xA0–0xFF equal
/// their Latin-1 code points; only 0x80–0x9F differ, given by ``high``. Thread-safe (constants).
enum Windows1252 {
    /// Code points for bytes 0x80...0x9F, from the Unicode mapping file cp1252.txt. The five
    /// bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the
    /// same value, as the WHATWG index-windows-1252 does, so no byte is ever lost.
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88–8F
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98–9F
    ]

    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        let value: UInt32 = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
        // Every table entry is a valid scalar (none is a surrogate); the fallback never runs.
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(scalar(byte)) }
        return String(scalars)
    }
}
