/// The product's one JSON string escaper (RFC 8259), for everything that writes JSON by hand:
/// the HTTP responses (`JSONOut`), the Contacts page and profile (`JSONWriter`), the timeline's
/// small objects on the projection hot path, the demo generator's payloads and `store dump`.
/// `"` and `\` are escaped, control characters as `\n \r \t \b \f` or `\u00XX`, everything
/// else — non-ASCII, `/` — as is: the same bytes `EventCodec.canonicalJSON` writes for a
/// string. Most strings need no escaping and are copied whole. Stateless (thread-safe).
public enum JSONString {
    /// Appends `value` as a JSON string literal (with its quotes) to UTF-8 bytes.
    public static func append(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { append(utf8: UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Appends the string literal of text that is already UTF-8 (the caller guarantees it).
    public static func append(utf8 bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        guard bytes.contains(where: needsEscape) else {
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return
        }
        let hex: StaticString = "0123456789abcdef"
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex.utf8Start[Int(byte >> 4)])
                out.append(hex.utf8Start[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `value` as a JSON string literal to a `String`.
    public static func append(_ value: String, to out: inout String) {
        guard value.utf8.contains(where: needsEscape) else {
            out += "\""
            out += value
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 8)
        append(value, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a UTF-8 byte must be escaped inside a string literal.
    @inline(__always)
    public static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }
}
