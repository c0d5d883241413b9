import EventStore

/// The product's one JSON reader: strict RFC 8259 over bytes, for every input that arrives as
/// JSON (intake payloads, staff request bodies, `store import` lines) and for the read side's
/// JSON text columns (`JSONValue.parse`).
///
/// Strict where Foundation's `JSONDecoder` is lax: trailing commas, a duplicate member name
/// (which of two `direction`s would be the truth?), raw control characters in a string,
/// invalid UTF-8, lone surrogates, trailing data and nesting deeper than `depthMax` are all
/// failures. Numbers stay their text (an id like `1730458812016` never goes through a Double;
/// `true` is never `1`). A failure says where (`offset`) and what.
///
/// `members(_:spanOnly:)` also gives each top-level member's byte range, so that an importer
/// can embed a value verbatim; values of `spanOnly` keys are validated without being built,
/// and a validated-only value's duplicate names are not looked for (it is kept as bytes, as
/// it came). Never traps on any input. Not thread-safe; one per parse (a local).
public struct JSONReader {
    /// A JSON value with numbers as their (validated) text. Thread-safe (a value).
    public indirect enum Value: Hashable, Sendable {
        case null
        case bool(Bool)
        /// The number's text, validated against the JSON grammar.
        case number(String)
        case string(String)
        case array([Value])
        case object([String: Value])

        /// The JSON type's name, for messages such as "must be a string, found a number".
        public var kind: String {
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

    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Where the reader stopped, in bytes from the start.
        public var offset: Int
        public var reason: String
        /// Whether the input ended where more was expected.
        public var atEnd: Bool
        public var description: String { atEnd ? "\(reason) at end of input" : "\(reason) at byte \(offset)" }
    }

    public struct Member: Sendable {
        public var key: String
        /// nil for keys parsed for their span only.
        public var value: Value?
        public var range: Range<Int>
    }

    /// A bound far beyond any document this product reads; callers pass a lower one where
    /// they know better (intake payloads: 32).
    public static let depthMaxDefault = 256

    private let bytes: UnsafeRawBufferPointer
    private let depthMax: Int
    private var at = 0
    private var depth = 0

    private init(_ bytes: UnsafeRawBufferPointer, depthMax: Int) {
        self.bytes = bytes
        self.depthMax = depthMax
    }

    /// The value that fills `bytes` (whitespace around it allowed).
    public static func value(_ bytes: UnsafeRawBufferPointer, depthMax: Int = depthMaxDefault) throws(Failure) -> Value {
        var reader = JSONReader(bytes, depthMax: depthMax)
        reader.skipWhitespace()
        let value = try reader.value(build: true)
        reader.skipWhitespace()
        guard reader.at == bytes.count else { throw reader.fail("unexpected data after the JSON value") }
        return value
    }

    public static func value(_ bytes: [UInt8], depthMax: Int = depthMaxDefault) throws(Failure) -> Value {
        do {
            return try bytes.withUnsafeBytes { raw in try value(raw, depthMax: depthMax) }
        } catch let failure as Failure {
            throw failure
        } catch {
            preconditionFailure("only Failure is thrown: \(error)")
        }
    }

    /// True when `bytes` are exactly one JSON value: no surrounding whitespace, nothing after.
    public static func isExactValue(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var reader = JSONReader(bytes, depthMax: depthMaxDefault)
        do {
            _ = try reader.value(build: false)
            return reader.at == bytes.count
        } catch {
            return false
        }
    }

    /// The text of one string literal (quotes included in `bytes`), escapes decoded; nil when
    /// `bytes` are not exactly one valid string literal.
    public static func string(literal bytes: UnsafeRawBufferPointer) -> String? {
        var reader = JSONReader(bytes, depthMax: 1)
        guard let text = try? reader.string(), reader.at == bytes.count else { return nil }
        return text
    }

    /// The members of the object that fills `bytes`, in order, each with the byte range of
    /// its value. A name that appears twice is a failure.
    public static func members(
        _ bytes: UnsafeRawBufferPointer, spanOnly: Set<String> = [], depthMax: Int = depthMaxDefault
    ) throws(Failure) -> [Member] {
        var reader = JSONReader(bytes, depthMax: depthMax)
        reader.skipWhitespace()
        try reader.expect(UInt8(ascii: "{"), "expected an object")
        var members: [Member] = []
        var seen: Set<String> = []
        reader.skipWhitespace()
        if reader.peek() == UInt8(ascii: "}") {
            reader.at += 1
        } else {
            while true {
                reader.skipWhitespace()
                let keyAt = reader.at
                let key = try reader.string()
                guard seen.insert(key).inserted else {
                    reader.at = keyAt
                    throw reader.fail("duplicate member name \"\(key.prefix(64))\"")
                }
                reader.skipWhitespace()
                try reader.expect(UInt8(ascii: ":"))
                reader.skipWhitespace()
                let start = reader.at
                let build = !spanOnly.contains(key)
                let value = try reader.value(build: build)
                members.append(Member(key: key, value: build ? value : nil, range: start..<reader.at))
                reader.skipWhitespace()
                if reader.peek() == UInt8(ascii: ",") {
                    reader.at += 1
                    continue
                }
                try reader.expect(UInt8(ascii: "}"))
                break
            }
        }
        reader.skipWhitespace()
        guard reader.at == bytes.count else { throw reader.fail("unexpected data after the JSON object") }
        return members
    }

    // MARK: Grammar

    private func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func expect(_ byte: UInt8, _ reason: String? = nil) throws(Failure) {
        guard peek() == byte else { throw fail(reason ?? "expected '\(Character(Unicode.Scalar(byte)))'") }
        at += 1
    }

    private func fail(_ reason: String) -> Failure {
        Failure(offset: at, reason: reason, atEnd: at >= bytes.count)
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { at += 1 }
    }

    private mutating func value(build: Bool) throws(Failure) -> Value {
        guard let byte = peek() else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(build: build)
        case UInt8(ascii: "["): return try array(build: build)
        case UInt8(ascii: "\""): return (try string(build: build)).map(Value.string) ?? .null
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= depthMax else { throw fail("nesting deeper than \(depthMax) levels") }
        at += 1
    }

    private mutating func object(build: Bool) throws(Failure) -> Value {
        try enter()
        defer { depth -= 1 }
        var members: [String: Value] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            at += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            let keyAt = at
            let key = try string(build: build) ?? ""
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let member = try value(build: build)
            if build {
                guard members.updateValue(member, forKey: key) == nil else {
                    at = keyAt
                    throw fail("duplicate member name \"\(key.prefix(64))\"")
                }
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                at += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return .object(members)
        }
    }

    private mutating func array(build: Bool) throws(Failure) -> Value {
        try enter()
        defer { depth -= 1 }
        var elements: [Value] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            at += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            let element = try value(build: build)
            if build { elements.append(element) }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                at += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return .array(elements)
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count,
            word.withUTF8Buffer({ UnsafeRawBufferPointer($0).elementsEqual(bytes[at..<(at + count)]) })
        else { throw fail("invalid literal") }
        at += count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() throws(Failure) -> String {
        let start = at
        func digits(_ reader: inout JSONReader) -> Int {
            let from = reader.at
            while let byte = reader.peek(), byte >= 0x30 && byte <= 0x39 { reader.at += 1 }
            return reader.at - from
        }
        if peek() == UInt8(ascii: "-") { at += 1 }
        if peek() == UInt8(ascii: "0") {
            at += 1
        } else if digits(&self) == 0 {
            throw fail(at == start ? "expected a value" : "invalid number")
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
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
        try string(build: true) ?? ""
    }

    /// A string literal; nil when not building. The common case — no escapes — is one scan
    /// and, when building, one copy; only strings with escapes go byte by byte.
    private mutating func string(build: Bool) throws(Failure) -> String? {
        guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string") }
        at += 1
        let start = at
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
                if build {
                    guard let text = String(validating: raw, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                    at += 1
                    return text
                }
                guard UTF8Validation.isValid(raw) else { throw fail("string is not valid UTF-8") }
                at += 1
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
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                at += 1
                return build ? text : nil
            case UInt8(ascii: "\\"):
                at += 1
                try escape(into: &out)
            case 0..<0x20:
                throw fail("unescaped control character in a string")
            default:
                out.append(byte)
                at += 1
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
                    throw fail("lone high surrogate")
                }
                at += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid low surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw fail("lone low surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid unicode escape") }
            out.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw fail("invalid escape")
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw fail("truncated unicode escape") }
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("invalid unicode escape")
            }
            value = value << 4 | digit
            at += 1
        }
        return value
    }
}
