/// Reading JSON text into `JSONValue`, for the read side's JSON text columns (timeline
/// old/new values, suggested actions, goals): Foundation's `JSONDecoder` costs tens of
/// microseconds per small document, most of a profile request's decoding.
///
/// The text is read by `JSONReader`, the product's one strict reader (so a trailing comma, a
/// duplicate member name, a bad escape, a lone surrogate, a control character in a string or
/// nesting deeper than `depthMax` gives nil); its numbers are then typed as `JSONDecoder`
/// types them into a `JSONValue`: an integral value that fits Int64 becomes `.int` (`25`, also
/// `2.5e1`), any other finite number `.double`.
extension JSONValue {
    public static let depthMax = 512

    public static func parse(_ text: String) -> JSONValue? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        guard let value = try? JSONReader.value(bytes, depthMax: depthMax) else { return nil }
        return JSONValue(reading: value)
    }

    /// nil when a number is not finite as a Double (`1e999`).
    public init?(reading value: JSONReader.Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .string(let text): self = .string(text)
        case .number(let text):
            guard let number = Self.number(text) else { return nil }
            self = number
        case .array(let items):
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            for item in items {
                guard let value = JSONValue(reading: item) else { return nil }
                values.append(value)
            }
            self = .array(values)
        case .object(let members):
            var values: [String: JSONValue] = [:]
            values.reserveCapacity(members.count)
            for (key, member) in members {
                guard let value = JSONValue(reading: member) else { return nil }
                values[key] = value
            }
            self = .object(values)
        }
    }

    /// A number's text (already valid JSON) as `JSONDecoder` types it.
    static func number(_ text: String) -> JSONValue? {
        let integral = !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        if integral, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { return nil }
        // 2^63 is exact as a Double; below it, an integral Double converts exactly.
        if value == value.rounded(.towardZero), value >= -9_223_372_036_854_775_808, value < 9_223_372_036_854_775_808 {
            return .int(Int64(value))
        }
        return .double(value)
    }
}
