/// Reads a header block (RFC 5322 §2.2, §3.2.2): fields, folded continuation lines, and where
/// the body starts. Used for the message header and for each MIME part's header.
///
/// Tolerance, after Python's `email.feedparser`: a line that is not a field ends the block (the
/// body starts there, with a warning), because lead bodies are `Label: value` lines that look
/// like fields. The one exception is a line without any colon followed by a standard header
/// field (a continuation that lost its indentation, a damaged line): it is skipped with a
/// warning. A first line `From ` (an mbox separator) is skipped silently. Thread-safe
/// (stateless; the result is a value).
struct MIMEHeaderBlock {
    let headers: MIMEHeaders
    /// Index of the body's first byte in the parsed slice (its end when there is no body).
    let bodyStart: Int

    /// - Throws: ``EmailParseError/tooManyHeaderLines(part:lineCount:limit:)`` past
    ///   ``EmailLimits/headerLinesMax`` physical lines.
    static func parse(
        _ bytes: ArraySlice<UInt8>, part: String, warnings: inout EmailWarnings
    ) throws(EmailParseError) -> MIMEHeaderBlock {
        var lines = MailLines(bytes)
        var rawFields: [(name: String, value: [UInt8])] = []
        var lineNumber = 0
        var bodyStart = bytes.endIndex
        while let line = lines.next() {
            if line.isEmpty {
                bodyStart = line.end
                break
            }
            lineNumber += 1
            if lineNumber > EmailLimits.headerLinesMax {
                let lineCount = lineNumber + remainingHeaderLineCount(lines)
                throw .tooManyHeaderLines(part: part, lineCount: lineCount, limit: EmailLimits.headerLinesMax)
            }
            let content = bytes[line.start..<line.contentEnd]
            if content[content.startIndex].isMailSpaceOrTab {
                // Unfolding removes only the line break (RFC 5322 §2.2.3): the whitespace stays.
                if rawFields.isEmpty {
                    warnings.add(.malformedHeaderLine(part: part, lineNumber: lineNumber))
                } else {
                    rawFields[rawFields.count - 1].value.append(contentsOf: content)
                }
                continue
            }
            if let (name, valueStart) = fieldName(content) {
                rawFields.append((name, Array(content[valueStart...])))
                continue
            }
            if lineNumber == 1, content.starts(with: "From ".utf8) { continue }
            if !content.contains(UInt8(ascii: ":")), let next = lines.peek(),
                let (nextName, _) = fieldName(bytes[next.start..<next.contentEnd]), isStandardFieldName(nextName)
            {
                warnings.add(.malformedHeaderLine(part: part, lineNumber: lineNumber))
                continue
            }
            warnings.add(.missingHeaderSeparator(part: part))
            bodyStart = line.start
            break
        }
        let fields = rawFields.map { raw in
            var trimmed = raw.value[...]
            while let first = trimmed.first, first.isMailSpaceOrTab { trimmed.removeFirst() }
            while let last = trimmed.last, last.isMailSpaceOrTab { trimmed.removeLast() }
            let rawValue = EmailCharset.decode(Array(trimmed), label: nil, location: "header \(raw.name)", warnings: &warnings)
            let value = EncodedWordDecoder.decode(rawValue, header: raw.name, warnings: &warnings)
            return MIMEHeaderField(name: raw.name, rawValue: rawValue, value: value)
        }
        return MIMEHeaderBlock(headers: MIMEHeaders(fields: fields), bodyStart: bodyStart)
    }

    /// The field name of a header line and the index after its colon, or nil when the line is
    /// not a field. A name is printable ASCII without colon (RFC 5322 §3.6.8); whitespace
    /// before the colon is the obsolete syntax of §4.5 and accepted.
    static func fieldName(_ line: ArraySlice<UInt8>) -> (String, Int)? {
        var index = line.startIndex
        while index < line.endIndex, (33...126).contains(line[index]), line[index] != UInt8(ascii: ":") {
            index += 1
        }
        guard index > line.startIndex else { return nil }
        let nameEnd = index
        while index < line.endIndex, line[index].isMailSpaceOrTab { index += 1 }
        guard index < line.endIndex, line[index] == UInt8(ascii: ":") else { return nil }
        return (String(decoding: line[line.startIndex..<nameEnd], as: UTF8.self), index + 1)
    }

    /// Names that appear in message and part headers but never as lead body labels.
    private static let standardFieldNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "received", "message-id", "mime-version", "delivered-to",
        "return-path", "reply-to", "sender", "references", "in-reply-to", "user-agent", "importance",
        "authentication-results", "thread-topic", "thread-index", "precedence", "organization",
    ]

    private static func isStandardFieldName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return standardFieldNames.contains(lowered)
            || ["x-", "content-", "list-", "arc-", "dkim-", "resent-"].contains { lowered.hasPrefix($0) }
    }

    /// How many more lines the header block runs to, for an error that states the real count.
    private static func remainingHeaderLineCount(_ lines: MailLines) -> Int {
        var lines = lines
        var count = 0
        while let line = lines.next(), !line.isEmpty { count += 1 }
        return count
    }
}
