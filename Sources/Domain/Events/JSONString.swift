/// JSON string literals written by hand, where building a value for `JSONEncoder` would cost
/// more than the text (the timeline's small objects on the projection hot path; the demo
/// generator's RingCentral payloads). `"` and `\` are escaped, control characters as
/// `\n \r \t \b \f` or `\u00XX`, everything else — non-ASCII, `/` — as is: the same bytes
/// `EventCodec.canonicalJSON` writes for a string. Stateless (thread-safe).
public enum JSONString {
    public static func append(_ value: String, to out: inout String) {
        out += "\""
        // Most strings need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
