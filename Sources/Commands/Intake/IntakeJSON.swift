/// A JSON document as the intake adapters read it (RFC 8259, strict).
///
/// Why not JSONSerialization: on Linux it answers `true` and `1` with the same NSNumber (a
/// flag sent as `1` would silently pass as `true`), it has no documented nesting limit, and its
/// errors do not say where. This parser keeps booleans and numbers apart, keeps numbers as
/// their text (an id like `1730458812016` never goes through a Double), rejects duplicate keys
/// (which of two `direction`s would be the truth?), invalid UTF-8 and lone surrogates, and
/// stops at `depthMax` levels so hostile nesting cannot exhaust the stack.
///
/// Never traps on any input: every failure is an `IntakeError` with code `.malformed` and the
/// byte offset. Thread-safe (values; the parser is a local per call).
indirect enum IntakeJSON: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number's text, validated against the JSON grammar.
    case number(String)
    case string(String)
    case array([IntakeJSON])
    case object([String: IntakeJSON])

    /// RingCentral and analysis payloads are four or five levels deep; 32 is far beyond any
    /// real input and keeps recursion shallow.
    static let depthMax = 32

    /// API.md: request bodies over 1 MiB are refused.
    static let bytesMax = 1 << 20

    static func parse(_ bytes: [UInt8]) throws(IntakeError) -> IntakeJSON {
        guard bytes.count <= bytesMax else {
            throw IntakeError(.tooLarge, field: "", reason: "payload of \(bytes.count) bytes exceeds \(bytesMax) bytes")
        }
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.at == bytes.count else { throw parser.fail("unexpected data after the JSON value") }
        return value
    }

    /// The JSON type's name, for messages such as "expected a string, found a number".
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

private struct Parser {
    let bytes: [UInt8]
    var at = 0
    var depth = 0

    func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

    func fail(_ reason: String) -> IntakeError {
        let place = at < bytes.count ? "at byte \(at)" : "at end of input"
        return IntakeError(.malformed, field: "", reason: "malformed JSON: \(reason) \(place)")
    }

    mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { at += 1 }
    }

    mutating func expect(_ byte: UInt8) throws(IntakeError) {
        guard peek() == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        at += 1
    }

    mutating func value() throws(IntakeError) -> IntakeJSON {
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func enter() throws(IntakeError) {
        depth += 1
        guard depth <= IntakeJSON.depthMax else { throw fail("nesting deeper than \(IntakeJSON.depthMax) levels") }
        at += 1
    }

    mutating func object() throws(IntakeError) -> IntakeJSON {
        try enter()
        defer { depth -= 1 }
        var members: [String: IntakeJSON] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { at += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let keyAt = at
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let member = try value()
            guard members.updateValue(member, forKey: key) == nil else {
                at = keyAt
                throw fail("duplicate member name \"\(key.prefix(64))\"")
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { at += 1; continue }
            try expect(UInt8(ascii: "}"))
            return .object(members)
        }
    }

    mutating func array() throws(IntakeError) -> IntakeJSON {
        try enter()
        defer { depth -= 1 }
        var elements: [IntakeJSON] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { at += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { at += 1; continue }
            try expect(UInt8(ascii: "]"))
            return .array(elements)
        }
    }

    mutating func literal(_ word: String) throws(IntakeError) {
        let expected = Array(word.utf8)
        guard at + expected.count <= bytes.count, bytes[at..<(at + expected.count)].elementsEqual(expected) else {
            throw fail("invalid literal")
        }
        at += expected.count
    }

    mutating func digits() -> Int {
        let from = at
        while let byte = peek(), byte >= 0x30 && byte <= 0x39 { at += 1 }
        return at - from
    }

    mutating func number() throws(IntakeError) -> String {
        let start = at
        if peek() == UInt8(ascii: "-") { at += 1 }
        if peek() == UInt8(ascii: "0") {
            at += 1
        } else if digits() == 0 {
            throw fail("expected a value")
        }
        if peek() == UInt8(ascii: ".") {
            at += 1
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            at += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { throw fail("invalid number") }
        }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    mutating func string() throws(IntakeError) -> String {
        at += 1  // the opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw fail("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                at += 1
                guard let text = String(validating: utf8, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                at += 1
                try escape(into: &utf8)
            case 0x00..<0x20:
                throw fail("unescaped control character in string")
            default:
                utf8.append(byte)
                at += 1
            }
        }
    }

    mutating func escape(into utf8: inout [UInt8]) throws(IntakeError) {
        guard let byte = peek() else { throw fail("unterminated escape") }
        at += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\") else { throw fail("lone high surrogate") }
                at += 1
                guard peek() == UInt8(ascii: "u") else { throw fail("lone high surrogate") }
                at += 1
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid low surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw fail("lone low surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw fail("invalid escape")
        }
    }

    mutating func hex4() throws(IntakeError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw fail("truncated unicode escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid unicode escape")
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }
}
