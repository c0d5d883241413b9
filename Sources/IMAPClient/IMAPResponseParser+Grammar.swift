/// The grammar stage of ``IMAPResponseParser``: one framed response (lines and the literals
/// between them) → ``IMAPResponse`` (RFC 3501 §9, the parts a client reads).
///
/// Lenient where servers differ harmlessly (case of keywords, a missing space before the
/// text), strict where a mistake would mislead the poller (a FETCH whose UID is not a number,
/// a literal marker in the wrong place): those are `IMAPError.protocolViolation`.
extension IMAPResponseParser {
    static func response(from framed: Framed) throws(IMAPError) -> IMAPResponse {
        var cursor = Cursor(framed)
        switch cursor.peek() {
        case UInt8(ascii: "+"):
            cursor.advance()
            if cursor.peek() == UInt8(ascii: " ") { cursor.advance() }
            return .continuation(text: cursor.restOfResponse())
        case UInt8(ascii: "*"):
            cursor.advance()
            try cursor.expect(UInt8(ascii: " "))
            return .untagged(try untagged(&cursor))
        default:
            let tag = cursor.readAtom()
            guard !tag.isEmpty else { throw cursor.violation("expected a tag, '*' or '+'") }
            try cursor.expect(UInt8(ascii: " "))
            let word = cursor.readAtom().uppercased()
            guard let status = IMAPStatus(rawValue: word), status == .ok || status == .no || status == .bad else {
                throw cursor.violation("tagged response with status '\(word)'")
            }
            return .tagged(tag: tag, statusResponse(status, &cursor))
        }
    }

    static func untagged(_ cursor: inout Cursor) throws(IMAPError) -> IMAPUntaggedResponse {
        let first = cursor.readAtom()
        if let number = UInt32(first) {
            try cursor.expect(UInt8(ascii: " "))
            let kind = cursor.readAtom().uppercased()
            switch kind {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try cursor.expect(UInt8(ascii: " "))
                return .fetch(sequenceNumber: number, try fetchAttributes(&cursor))
            default:
                cursor.skipSpace()
                return .other(name: kind, text: "\(number) " + cursor.restOfResponse())
            }
        }
        let name = first.uppercased()
        if let status = IMAPStatus(rawValue: name) {
            return .status(statusResponse(status, &cursor))
        }
        switch name {
        case "CAPABILITY":
            cursor.skipSpace()
            return .capability(words(cursor.restOfResponse()))
        case "FLAGS":
            try cursor.expect(UInt8(ascii: " "))
            return .flags(try atoms(in: try cursor.readValue(), &cursor))
        case "SEARCH":
            var uids: [UInt32] = []
            while cursor.peek() == UInt8(ascii: " ") {
                cursor.advance()
                if cursor.peek() == UInt8(ascii: "(") { break }  // ESEARCH-style modifiers: not asked for
                let atom = cursor.readAtom()
                guard let uid = UInt32(atom) else { throw cursor.violation("SEARCH result '\(atom)' is not a number") }
                uids.append(uid)
            }
            return .search(uids)
        case "LIST", "LSUB":
            try cursor.expect(UInt8(ascii: " "))
            let attributes = try atoms(in: try cursor.readValue(), &cursor)
            try cursor.expect(UInt8(ascii: " "))
            let delimiter = try cursor.readValue().text
            try cursor.expect(UInt8(ascii: " "))
            guard let mailbox = try cursor.readValue().text else { throw cursor.violation("LIST without a mailbox name") }
            return .list(attributes: attributes, delimiter: delimiter, name: mailbox)
        default:
            cursor.skipSpace()
            return .other(name: name, text: cursor.restOfResponse())
        }
    }

    /// `[code] text` after a status word (resp-text, RFC 3501 §9).
    static func statusResponse(_ status: IMAPStatus, _ cursor: inout Cursor) -> IMAPStatusResponse {
        cursor.skipSpace()
        var text = cursor.restOfResponse()
        var code: IMAPResponseCode?
        if text.hasPrefix("["), let close = Self.matchingBracket(in: text) {
            let inner = text[text.index(after: text.startIndex)..<close]
            let space = inner.firstIndex(of: " ")
            let name = String(inner[..<(space ?? inner.endIndex)]).uppercased()
            let arguments = space.map { String(inner[inner.index(after: $0)...]) } ?? ""
            code = IMAPResponseCode(name: name, arguments: arguments)
            text = String(text[text.index(after: close)...].drop { $0 == " " })
        }
        return IMAPStatusResponse(status: status, code: code, text: text)
    }

    /// The `]` that closes the `[` at the start of `text` (codes nest lists, not brackets,
    /// but `[PERMANENTFLAGS (\Seen \*)]` must not stop early).
    static func matchingBracket(in text: String) -> String.Index? {
        var depth = 0
        for index in text.indices {
            switch text[index] {
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }

    static func words(_ text: String) -> [String] {
        text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    static func atoms(in value: IMAPValue, _ cursor: inout Cursor) throws(IMAPError) -> [String] {
        guard case .list(let items) = value else { throw cursor.violation("expected a parenthesised list") }
        var result: [String] = []
        for item in items {
            guard case .atom(let atom) = item else { throw cursor.violation("expected atoms in a list") }
            result.append(atom)
        }
        return result
    }

    /// `(UID 5 FLAGS (\Seen) INTERNALDATE "…" RFC822.SIZE 675 BODY[] {675}…)`.
    static func fetchAttributes(_ cursor: inout Cursor) throws(IMAPError) -> IMAPFetchAttributes {
        guard case .list(let items) = try cursor.readValue() else { throw cursor.violation("FETCH data is not a list") }
        guard items.count % 2 == 0 else { throw cursor.violation("FETCH data has a name without a value") }
        var attributes = IMAPFetchAttributes()
        for pair in stride(from: 0, to: items.count, by: 2) {
            guard case .atom(let rawName) = items[pair] else { throw cursor.violation("FETCH attribute name is not an atom") }
            let name = rawName.uppercased()
            let value = items[pair + 1]
            switch name {
            case "UID":
                guard let uid = value.text.flatMap(UInt32.init) else { throw cursor.violation("FETCH UID is not a number") }
                attributes.uid = uid
            case "RFC822.SIZE":
                guard let size = value.text.flatMap(Int.init) else { throw cursor.violation("RFC822.SIZE is not a number") }
                attributes.rfc822Size = size
            case "FLAGS":
                attributes.flags = try atoms(in: value, &cursor)
            case "INTERNALDATE":
                attributes.internalDate = value.text
            case "BODY[]", "RFC822", "BODY[]<0>":
                if case .string(let bytes) = value { attributes.body = bytes }
            default:
                attributes.other[name] = value
            }
        }
        return attributes
    }
}

/// Reads tokens across a framed response's lines and literals. Not thread-safe (a value).
struct Cursor {
    private let framed: IMAPResponseParser.Framed
    private var lineIndex = 0
    private var offset = 0

    init(_ framed: IMAPResponseParser.Framed) {
        self.framed = framed
    }

    private var line: [UInt8] { framed.lines[lineIndex] }

    func peek() -> UInt8? { offset < line.count ? line[offset] : nil }

    mutating func advance() { offset += 1 }

    mutating func skipSpace() {
        while peek() == UInt8(ascii: " ") { advance() }
    }

    mutating func expect(_ byte: UInt8) throws(IMAPError) {
        guard peek() == byte else { throw violation("expected '\(Character(Unicode.Scalar(byte)))'") }
        advance()
    }

    /// The rest of the current line as text (resp-text and other free text).
    mutating func restOfResponse() -> String {
        let text = String(decoding: line[min(offset, line.count)...], as: UTF8.self)
        offset = line.count
        return text
    }

    /// An atom: up to a space, a paren, a quote or the end. A `[` inside it runs to its
    /// matching `]` so that `BODY[HEADER.FIELDS (FROM)]` stays one atom.
    mutating func readAtom() -> String {
        var bytes: [UInt8] = []
        var depth = 0
        while let byte = peek() {
            if depth == 0, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{")
            {
                break
            }
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") { depth = max(0, depth - 1) }
            bytes.append(byte)
            advance()
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Any value: quoted string, literal, list, NIL or atom.
    mutating func readValue() throws(IMAPError) -> IMAPValue {
        switch peek() {
        case UInt8(ascii: "\"")?:
            return .string(try readQuoted())
        case UInt8(ascii: "{")?:
            return .string(try readLiteral())
        case UInt8(ascii: "(")?:
            advance()
            var items: [IMAPValue] = []
            while true {
                skipSpace()
                guard let byte = peek() else { throw violation("unterminated list") }
                if byte == UInt8(ascii: ")") {
                    advance()
                    return .list(items)
                }
                items.append(try readValue())
            }
        case nil:
            throw violation("expected a value")
        default:
            let atom = readAtom()
            guard !atom.isEmpty else { throw violation("expected a value") }
            return atom.uppercased() == "NIL" ? .nil : .atom(atom)
        }
    }

    private mutating func readQuoted() throws(IMAPError) -> [UInt8] {
        advance()
        var bytes: [UInt8] = []
        while let byte = peek() {
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                return bytes
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { throw violation("unterminated quoted string") }
                bytes.append(escaped)
                advance()
            default:
                bytes.append(byte)
            }
        }
        throw violation("unterminated quoted string")
    }

    /// `{n}` at the end of a line; the value is the literal that the framer attached to it.
    private mutating func readLiteral() throws(IMAPError) -> [UInt8] {
        while let byte = peek(), byte != UInt8(ascii: "}") { advance() }
        guard peek() == UInt8(ascii: "}"), offset == line.count - 1, lineIndex < framed.literals.count else {
            throw violation("literal marker not at the end of a line")
        }
        let bytes = framed.literals[lineIndex]
        lineIndex += 1
        offset = 0
        return bytes
    }

    func violation(_ reason: String) -> IMAPError {
        let context = String(decoding: line.prefix(80), as: UTF8.self)
        return .protocolViolation(reason: reason, context: context)
    }
}
