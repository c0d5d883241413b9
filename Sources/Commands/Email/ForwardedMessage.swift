/// A forwarded message found inside a body (INTAKE.md "Forwarded emails"): its header lines
/// as the forwarding client wrote them, and the text below them, where the lead is.
///
/// Recognised separators: Gmail and Thunderbird `---------- Forwarded message ---------`,
/// Apple Mail `Begin forwarded message:`, Outlook `-----Original Message-----`, an Outlook
/// rule of underscores, and Outlook's bare `From: … Sent: … To: … Subject:` block. When mail
/// was forwarded more than once the innermost (last) forward is taken: that is the original
/// lead. Thread-safe (a value).
struct ForwardedMessage: Equatable {
    var from: String?
    var to: String?
    var date: String?
    var subject: String?
    /// The body text after the forwarded header block.
    var content: String

    static func find(in body: String) -> ForwardedMessage? {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(LeadBodyScanner.unquoted)
        var headerStart: Int?
        for index in lines.indices {
            if isSeparator(lines, at: index) {
                headerStart = index + 1
            } else if headerName(lines[index]) == "from", isOutlookBlock(lines, from: index) {
                headerStart = index
            }
        }
        guard let headerStart else { return nil }
        return read(lines, headerStart: headerStart)
    }

    private static func isSeparator(_ lines: [Substring], at index: Int) -> Bool {
        let line = lines[index]
        guard let first = line.first, first == "-" || first == "_" || first == "B" || first == "b" else { return false }
        let lowered = line.lowercased()
        if lowered == "begin forwarded message:" || lowered == "begin forwarded message" { return true }
        if lowered.hasPrefix("--"), lowered.hasSuffix("--") {
            let title = lowered.mailTrimmed { $0 == "-" || $0 == " " }
            return title == "forwarded message" || title == "original message"
        }
        // Outlook's rule: a line of underscores right above a `From:` line.
        guard lowered.count >= 10, lowered.allSatisfy({ $0 == "_" }) else { return false }
        // At most a few blank lines between the rule and the header (bounded: no rescans).
        let next = lines[(index + 1)...].prefix(4).first { !$0.isEmpty }
        return next.map { headerName($0) == "from" } ?? false
    }

    /// `From:` followed in the same block by `Sent:` and `Subject:`: Outlook's reply header.
    private static func isOutlookBlock(_ lines: [Substring], from start: Int) -> Bool {
        let names = Set(lines[start...].prefix(8).prefix { !$0.isEmpty }.compactMap(headerName))
        return names.contains("sent") && names.contains("subject")
    }

    /// Reads the header lines from `headerStart` (blank lines before and between them are
    /// allowed; clients put each in its own paragraph) and takes the rest as the content.
    private static func read(_ lines: [Substring], headerStart: Int) -> ForwardedMessage {
        var message = ForwardedMessage(content: "")
        var index = headerStart
        var sawHeader = false
        var bodyStart = headerStart
        while index < lines.count {
            if lines[index].isEmpty {
                index += 1
                continue
            }
            guard let name = headerName(lines[index]) else { break }
            let value = headerValue(lines[index])
            switch name {
            case "from": message.from = message.from ?? value
            case "to": message.to = message.to ?? value
            case "date", "sent": message.date = message.date ?? value
            case "subject": message.subject = message.subject ?? value
            default: break
            }
            sawHeader = true
            index += 1
            bodyStart = index
        }
        if !sawHeader { bodyStart = headerStart }
        message.content = lines[min(bodyStart, lines.count)...].joined(separator: "\n")
        return message
    }

    private static let headerNames: Set<String> = ["from", "sent", "date", "to", "cc", "bcc", "subject", "reply-to"]

    /// The lower-cased name of a forwarded header line (`From:`, `*Sent:*`), or nil.
    static func headerName(_ line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].mailTrimmed { $0 == "*" || $0 == " " }.lowercased()
        return headerNames.contains(name) ? name : nil
    }

    private static func headerValue(_ line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let value = line[line.index(after: colon)...].mailTrimmed { $0 == "*" || $0 == " " || $0 == "\t" }
        return value.isEmpty ? nil : value
    }
}
