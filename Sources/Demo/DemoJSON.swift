/// A JSON value with members in the order written, rendered compactly: the generator's
/// inputs (store records, RingCentral notifications, analyses) must be the same bytes on every
/// run, which `JSONSerialization` (unordered dictionaries) does not promise.
/// Thread-safe (a value).
enum DemoJSON {
    case object([(String, DemoJSON)])
    case array([DemoJSON])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    /// Members whose value is nil are left out.
    static func members(_ pairs: [(String, DemoJSON?)]) -> DemoJSON {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    static func strings(_ values: [String]) -> DemoJSON { .array(values.map { .string($0) }) }

    var bytes: [UInt8] { Array(text.utf8) }

    var text: String {
        var out = ""
        out.reserveCapacity(512)
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .string(let value): Self.quote(value, into: &out)
        case .int(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quote(_ value: String, into out: inout String) {
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
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
