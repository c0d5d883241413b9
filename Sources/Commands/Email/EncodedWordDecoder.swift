/// RFC 2047 encoded words in header values: `=?charset?B?base64?=` and `=?charset?Q?text?=`.
///
/// - Adjacent encoded words, separated only by whitespace (also across a fold), are joined
///   without that whitespace (§6.2). Their bytes are joined before charset decoding when the
///   charsets match, because mailers split a multi-byte UTF-8 character across two B words.
/// - A charset's RFC 2231 language suffix (`utf-8*en`) is ignored.
/// - Words touching other text (`booked=?utf-8?q?…?=`) are decoded too: §5 forbids them, but
///   mailers send them and every reader decodes them.
/// - A word that is malformed inside (bad base64, unterminated) is kept literally, with a warning.
///
/// Thread-safe (stateless).
enum EncodedWordDecoder {
    static func decode(_ text: String, header: String, warnings: inout EmailWarnings) -> String {
        guard containsEncodedWordStart(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var builder = Builder(location: "header \(header)")
        var index = 0
        while index < scalars.count {
            if scalars[index] == "=", index + 1 < scalars.count, scalars[index + 1] == "?" {
                switch parseWord(scalars, at: index) {
                case let .word(charset, bytes, end):
                    builder.appendWord(charset: charset, bytes: bytes, warnings: &warnings)
                    index = end
                    continue
                case .malformed:
                    warnings.add(.malformedEncodedWord(header: header))
                case .notAWord:
                    break
                }
            }
            builder.appendLiteral(scalars[index], warnings: &warnings)
            index += 1
        }
        return builder.finish(warnings: &warnings)
    }

    private static func containsEncodedWordStart(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "="), byte == UInt8(ascii: "?") { return true }
            previous = byte
        }
        return false
    }

    private enum Parsed {
        case word(charset: String, bytes: [UInt8], end: Int)
        case malformed
        case notAWord
    }

    /// Parses the encoded word starting at `start` (which holds `=?`).
    private static func parseWord(_ scalars: [Unicode.Scalar], at start: Int) -> Parsed {
        var index = start + 2
        var charset = ""
        while index < scalars.count, scalars[index] != "?" {
            let scalar = scalars[index]
            guard scalar.isASCII, scalar.value > 0x20, charset.unicodeScalars.count < 64 else { return .notAWord }
            charset.unicodeScalars.append(scalar)
            index += 1
        }
        guard !charset.isEmpty, index + 2 < scalars.count, scalars[index + 2] == "?" else { return .notAWord }
        let encoding = scalars[index + 1]
        guard ["B", "b", "Q", "q"].contains(encoding) else { return .notAWord }
        index += 3
        var text: [UInt8] = []
        while index < scalars.count, scalars[index] != "?" {
            guard scalars[index].isASCII else { return .malformed }
            text.append(UInt8(scalars[index].value))
            index += 1
        }
        guard index + 1 < scalars.count, scalars[index + 1] == "=" else { return .malformed }
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let bytes: [UInt8]?
        if encoding == "B" || encoding == "b" {
            let result = MIMEBase64.decode(text)
            bytes = result.malformed ? nil : result.bytes
        } else {
            bytes = decodeQ(text)
        }
        guard let bytes else { return .malformed }
        return .word(charset: charset, bytes: bytes, end: index + 2)
    }

    /// The Q encoding (§4.2): quoted-printable where `_` is a space. Nil when an `=` is not
    /// followed by two hex digits.
    private static func decodeQ(_ text: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "_") {
                output.append(0x20)
            } else if byte == UInt8(ascii: "=") {
                guard index + 2 < text.count, let high = MIMEQuotedPrintable.hexValue(text[index + 1]),
                    let low = MIMEQuotedPrintable.hexValue(text[index + 2])
                else { return nil }
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// Accumulates decoded text; holds whitespace after an encoded word until it knows whether
    /// another word follows (then the whitespace is dropped).
    private struct Builder {
        let location: String
        var output = ""
        var pendingCharset = ""
        var pendingBytes: [UInt8] = []
        var heldWhitespace = ""
        var afterWord = false

        mutating func appendWord(charset: String, bytes: [UInt8], warnings: inout EmailWarnings) {
            if afterWord {
                heldWhitespace = ""
                if !charset.mailCaseInsensitiveEquals(pendingCharset) { flushPending(warnings: &warnings) }
            }
            pendingCharset = charset
            pendingBytes += bytes
            afterWord = true
        }

        mutating func appendLiteral(_ scalar: Unicode.Scalar, warnings: inout EmailWarnings) {
            if afterWord, scalar == " " || scalar == "\t" {
                heldWhitespace.unicodeScalars.append(scalar)
                return
            }
            flushPending(warnings: &warnings)
            output += heldWhitespace
            heldWhitespace = ""
            afterWord = false
            output.unicodeScalars.append(scalar)
        }

        mutating func finish(warnings: inout EmailWarnings) -> String {
            flushPending(warnings: &warnings)
            return output + heldWhitespace
        }

        private mutating func flushPending(warnings: inout EmailWarnings) {
            guard !pendingBytes.isEmpty else { return }
            output += EmailCharset.decode(pendingBytes, label: pendingCharset, location: location, warnings: &warnings)
            pendingBytes = []
        }
    }
}
