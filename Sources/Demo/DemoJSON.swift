import Domain

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
                JSONString.append(key, to: &out)
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
        case .string(let value): JSONString.append(value, to: &out)
        case .int(let value): out += String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        }
    }
}
