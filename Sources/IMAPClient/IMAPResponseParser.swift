/// An incremental, pure parser of the server's byte stream (RFC 3501 §7, §9 "response").
///
/// Feed it whatever the socket delivered — any split, one byte at a time or megabytes — and
/// it returns every response completed so far, keeping the rest for the next call. It does no
/// I/O, so every split point can be tested (`IMAPResponseParserTests`).
///
/// Two stages:
/// 1. Framing (here): a response is a line ending in CRLF, except that a line ending in a
///    literal marker `{n}` (or `{n+}`) outside a quoted string is followed by exactly n raw
///    octets — which may contain CRLF, parentheses, quotes, anything — and then the response
///    continues with another line. Literal bytes are copied in bulk; lines are scanned byte
///    by byte (they are short).
/// 2. Grammar (`IMAPResponseParser+Grammar.swift`): a framed response (its lines and
///    literals) is turned into an ``IMAPResponse``.
///
/// Limits bound memory against a broken or hostile server: a line (without its literals) over
/// `lineBytesMax`, or a literal over `literalBytesMax`, is an `IMAPError.limitExceeded`. Bare
/// LF is accepted as a line end (lenient in what we accept). After an error the parser's state
/// is undefined: the connection is to be closed.
///
/// Not thread-safe (a mutable value): one connection's read loop owns it.
public struct IMAPResponseParser: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Dovecot's own `imap_max_line_length` default is 64 KiB.
        public var lineBytesMax = 64 * 1024
        /// Over the 10 MiB message limit (INTAKE.md) so an oversized message is still framed and refused by size, not by the parser.
        public var literalBytesMax = 64 * 1024 * 1024

        public init() {}
    }

    /// The pieces of one response: `lines.count == literals.count + 1` once complete; line i
    /// (without CRLF) ends with the marker of literal i.
    struct Framed: Equatable {
        var lines: [[UInt8]] = []
        var literals: [[UInt8]] = []
    }

    let limits: Limits
    private var framed = Framed()
    private var line: [UInt8] = []
    /// Bytes still owed to the literal being read; nil in line mode.
    private var literalRemaining: Int?
    private var literal: [UInt8] = []
    private var inQuote = false
    private var escaped = false

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Consumes `bytes`; returns the responses they complete, in order.
    public mutating func parse(_ bytes: some Collection<UInt8>) throws(IMAPError) -> [IMAPResponse] {
        var responses: [IMAPResponse] = []
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if let remaining = literalRemaining {
                let end = bytes.index(index, offsetBy: remaining, limitedBy: bytes.endIndex) ?? bytes.endIndex
                literal.append(contentsOf: bytes[index..<end])
                literalRemaining = remaining - bytes.distance(from: index, to: end)
                index = end
                if literalRemaining == 0 { finishLiteral() }
                continue
            }
            let byte = bytes[index]
            index = bytes.index(after: index)
            if byte == 0x0A {
                if let response = try finishLine() { responses.append(response) }
                continue
            }
            guard line.count < limits.lineBytesMax else {
                throw .limitExceeded(field: "response line", bytes: line.count + 1, limitBytes: limits.lineBytesMax)
            }
            line.append(byte)
            trackQuote(byte)
        }
        return responses
    }

    /// True when no partial response is buffered (the stream is at a response boundary).
    public var isAtBoundary: Bool {
        framed.lines.isEmpty && line.isEmpty && literalRemaining == nil
    }

    private mutating func trackQuote(_ byte: UInt8) {
        if inQuote {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inQuote = false
            }
        } else if byte == UInt8(ascii: "\"") {
            inQuote = true
        }
    }

    /// A line ended: either a literal follows, or the response is complete.
    private mutating func finishLine() throws(IMAPError) -> IMAPResponse? {
        if line.last == 0x0D { line.removeLast() }
        let quoted = inQuote
        inQuote = false
        escaped = false
        if !quoted, let count = try Self.literalLength(atEndOf: line, limits: limits) {
            framed.lines.append(line)
            line = []
            literalRemaining = count
            literal = []
            literal.reserveCapacity(count)
            if count == 0 { finishLiteral() }
            return nil
        }
        framed.lines.append(line)
        line = []
        let complete = framed
        framed = Framed()
        return try Self.response(from: complete)
    }

    private mutating func finishLiteral() {
        framed.literals.append(literal)
        literal = []
        literalRemaining = nil
    }

    /// n when `line` ends with `{n}` or `{n+}` (RFC 7888 LITERAL+ in server data is not sent,
    /// but accepting it costs nothing).
    static func literalLength(atEndOf line: [UInt8], limits: Limits) throws(IMAPError) -> Int? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var index = line.count - 2
        if index >= 0, line[index] == UInt8(ascii: "+") { index -= 1 }
        let digitsEnd = index + 1
        while index >= 0, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[index]) { index -= 1 }
        guard index >= 0, line[index] == UInt8(ascii: "{"), index + 1 < digitsEnd else { return nil }
        let digits = line[(index + 1)..<digitsEnd]
        guard digits.count <= 10, let count = Int(String(decoding: digits, as: UTF8.self)) else {
            throw .limitExceeded(field: "literal", bytes: Int.max, limitBytes: limits.literalBytesMax)
        }
        guard count <= limits.literalBytesMax else {
            throw .limitExceeded(field: "literal", bytes: count, limitBytes: limits.literalBytesMax)
        }
        return count
    }
}
