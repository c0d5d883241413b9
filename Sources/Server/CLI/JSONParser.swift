/// A strict JSON (RFC 8259) parser over bytes, for reading JSON Lines exports back.
///
/// Foundation's parsers cannot say where a value sits in its input, and the importer needs
/// exactly that: an event's payload is embedded verbatim, and must come back byte for byte so
/// that a re-import deduplicates instead of conflicting on its idempotency key.
///
/// Not thread-safe; one per parse. Never traps on bad input: every failure is a `Failure`.
struct JSONParser {
    indirect enum Value: Equatable {
        case null
        case bool(Bool)
        /// The number's text, validated against the JSON grammar.
        case number(String)
        case string(String)
        case array([Value])
        case object([String: Value])
    }

    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    struct Member {
        var key: String
        /// nil for keys parsed for their span only.
        var value: Value?
        var range: Range<Int>
    }

    static let depthMax = 256

    private let bytes: UnsafeRawBufferPointer
    private var at = 0
    private var depth = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// True when `bytes` are exactly one JSON value: no surrounding whitespace, nothing after.
    static func isExactValue(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var parser = JSONParser(bytes)
        do {
            _ = try parser.value(build: false)
            return parser.at == bytes.count
        } catch {
            return false
        }
    }

    /// The value that fills `bytes` (whitespace around it allowed).
    static func value(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Value {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.value(build: true)
        parser.skipWhitespace()
        guard parser.at == bytes.count else { throw Failure(offset: parser.at, reason: "unexpected data after the value") }
        return value
    }

    /// The members of the object that fills `bytes`, each with the byte range of its value.
    /// Values of `spanOnly` keys are validated but not built.
    static func members(_ bytes: UnsafeRawBufferPointer, spanOnly: Set<String> = []) throws(Failure) -> [Member] {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        try parser.expect(UInt8(ascii: "{"))
        var members: [Member] = []
        parser.skipWhitespace()
        if parser.peek() == UInt8(ascii: "}") {
            parser.at += 1
        } else {
            while true {
                parser.skipWhitespace()
                let key = try parser.string()
                parser.skipWhitespace()
                try parser.expect(UInt8(ascii: ":"))
                parser.skipWhitespace()
                let start = parser.at
                let value = try parser.value(build: !spanOnly.contains(key))
                members.append(Member(key: key, value: spanOnly.contains(key) ? nil : value, range: start..<parser.at))
                parser.skipWhitespace()
                if parser.peek() == UInt8(ascii: ",") { parser.at += 1; continue }
                try parser.expect(UInt8(ascii: "}"))
                break
            }
        }
        parser.skipWhitespace()
        guard parser.at == bytes.count else { throw Failure(offset: parser.at, reason: "unexpected data after the object") }
        return members
    }

    private func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek() == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        at += 1
    }

    private func fail(_ reason: String) -> Failure {
        Failure(offset: at, reason: at < bytes.count ? reason : reason + " (end of input)")
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { at += 1 }
    }

    private mutating func value(build: Bool) throws(Failure) -> Value {
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(build: build)
        case UInt8(ascii: "["): return try array(build: build)
        case UInt8(ascii: "\""): return build ? .string(try string()) : (try string(build: false)).map(Value.string) ?? .null
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func nested<T>(_ body: (inout JSONParser) throws(Failure) -> T) throws(Failure) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.depthMax else { throw fail("nesting deeper than \(Self.depthMax)") }
        return try body(&self)
    }

    private mutating func object(build: Bool) throws(Failure) -> Value {
        try nested { (p) throws(Failure) -> Value in
            p.at += 1
            var members: [String: Value] = [:]
            p.skipWhitespace()
            if p.peek() == UInt8(ascii: "}") { p.at += 1; return .object(members) }
            while true {
                p.skipWhitespace()
                let key = try p.string()
                p.skipWhitespace()
                try p.expect(UInt8(ascii: ":"))
                p.skipWhitespace()
                let value = try p.value(build: build)
                if build { members[key] = value }
                p.skipWhitespace()
                if p.peek() == UInt8(ascii: ",") { p.at += 1; continue }
                try p.expect(UInt8(ascii: "}"))
                return .object(members)
            }
        }
    }

    private mutating func array(build: Bool) throws(Failure) -> Value {
        try nested { (p) throws(Failure) -> Value in
            p.at += 1
            var elements: [Value] = []
            p.skipWhitespace()
            if p.peek() == UInt8(ascii: "]") { p.at += 1; return .array(elements) }
            while true {
                p.skipWhitespace()
                let value = try p.value(build: build)
                if build { elements.append(value) }
                p.skipWhitespace()
                if p.peek() == UInt8(ascii: ",") { p.at += 1; continue }
                try p.expect(UInt8(ascii: "]"))
                return .array(elements)
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count,
              word.withUTF8Buffer({ UnsafeRawBufferPointer($0).elementsEqual(bytes[at..<(at + count)]) })
        else { throw fail("invalid literal") }
        at += count
    }

    private mutating func number() throws(Failure) -> String {
        let start = at
        func digits(_ p: inout JSONParser) -> Int {
            let from = p.at
            while let byte = p.peek(), byte >= 0x30 && byte <= 0x39 { p.at += 1 }
            return p.at - from
        }
        if peek() == UInt8(ascii: "-") { at += 1 }
        if peek() == UInt8(ascii: "0") {
            at += 1
        } else if digits(&self) == 0 {
            throw fail("invalid number")
        }
        if peek() == UInt8(ascii: ".") {
            at += 1
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            at += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { at += 1 }
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
        try string(build: true) ?? ""
    }

    /// A string literal. The common case — no escapes — is one scan and, when building, one
    /// copy; only strings with escapes go byte by byte.
    private mutating func string(build: Bool) throws(Failure) -> String? {
        guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string") }
        at += 1
        let start = at
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
                at += 1
                if build {
                    guard let text = String(validating: raw, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                    return text
                }
                guard Self.isValidUTF8(raw) else { throw fail("string is not valid UTF-8") }
                return nil
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            at += 1
        }
        var out = Array(bytes[start..<at])
        while true {
            guard let byte = peek() else { throw fail("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                at += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                return build ? text : nil
            case UInt8(ascii: "\\"):
                at += 1
                try escape(into: &out)
            case 0..<0x20:
                throw fail("control character in a string")
            default:
                out.append(byte)
                at += 1
            }
        }
    }

    private static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(Failure) {
        guard let byte = peek() else { throw fail("unterminated escape") }
        at += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate")
                }
                at += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw fail("unpaired surrogate")
            }
            out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
        default:
            throw fail("invalid escape")
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard at + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            at += 1
        }
        return value
    }
}
