import Foundation

/// A mailbox from an address header (RFC 5322 §3.4): `Name <local@domain>`, a bare
/// `local@domain`, or the old `local@domain (Name)`. Thread-safe (a value).
public struct MailboxAddress: Equatable, Sendable {
    /// The display name, unquoted; nil when there is none.
    public let displayName: String?
    /// `local@domain` as written (case kept; the local part is case-sensitive in principle).
    public let address: String

    public init(displayName: String?, address: String) {
        self.displayName = displayName
        self.address = address
    }

    /// The part before the last `@`.
    public var localPart: Substring {
        address[..<(address.lastIndex(of: "@") ?? address.endIndex)]
    }

    /// Every mailbox in an address-list header value (already RFC 2047-decoded). Groups
    /// (`undisclosed-recipients:;`) contribute their members; entries without an `@` are
    /// dropped, so the result holds only addresses mail can be sent to.
    /// Outlook's forwarded `Name [mailto:local@domain]` is read as `Name <local@domain>`.
    public static func parseList(_ text: String) -> [MailboxAddress] {
        splitEntries(rewritingOutlookMailto(text)).compactMap(parseEntry)
    }

    /// `[mailto:x]` → `<x>`, in one pass over the text.
    private static func rewritingOutlookMailto(_ text: String) -> String {
        guard text.range(of: "[mailto:", options: .caseInsensitive) != nil else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "[mailto:", options: .caseInsensitive),
            let close = rest[open.upperBound...].firstIndex(of: "]")
        {
            output += rest[..<open.lowerBound] + "<" + rest[open.upperBound..<close] + ">"
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    /// Splits at commas and semicolons outside quotes, comments and angle brackets; a colon
    /// outside them ends a group name, which is dropped.
    private static func splitEntries(_ text: String) -> [String] {
        var entries: [String] = []
        var current = ""
        var inQuote = false, escaped = false, inAngle = false
        var commentDepth = 0
        for character in text {
            if inQuote {
                current.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuote = false
                }
                continue
            }
            switch character {
            case "\"" where commentDepth == 0: inQuote = true
            case "(": commentDepth += 1
            case ")": commentDepth = max(0, commentDepth - 1)
            case "<" where commentDepth == 0: inAngle = true
            case ">" where commentDepth == 0: inAngle = false
            case ",", ";":
                if commentDepth == 0, !inAngle {
                    entries.append(current)
                    current = ""
                    continue
                }
            case ":":
                if commentDepth == 0, !inAngle {
                    current = ""  // a group's display name
                    continue
                }
            default: break
            }
            current.append(character)
        }
        entries.append(current)
        return entries
    }

    private static func parseEntry(_ entry: String) -> MailboxAddress? {
        if let open = entry.lastIndex(of: "<") {
            let afterOpen = entry[entry.index(after: open)...]
            let inside = afterOpen[..<(afterOpen.firstIndex(of: ">") ?? afterOpen.endIndex)]
            var address = inside.mailTrimmed
            if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
            guard isMailbox(address) else { return nil }
            let name = unquote(withoutComments(String(entry[..<open])))
            return MailboxAddress(displayName: name.isEmpty ? nil : name, address: address)
        }
        let comment = commentText(entry)
        let address = withoutComments(entry).mailTrimmed
        guard isMailbox(address), !address.contains(" ") else { return nil }
        return MailboxAddress(displayName: comment.isEmpty ? nil : comment, address: address)
    }

    private static func isMailbox(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        return at > address.startIndex && address.index(after: at) < address.endIndex
    }

    private static func withoutComments(_ text: String) -> String {
        var output = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")", depth > 0 {
                depth -= 1
            } else if depth == 0 {
                output.append(character)
            }
        }
        return output
    }

    private static func commentText(_ text: String) -> String {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return "" }
        return text[text.index(after: open)..<close].mailTrimmed
    }

    /// Trims and removes the quotes of a quoted-string display name, unescaping `\x`.
    private static func unquote(_ text: String) -> String {
        let trimmed = text.mailTrimmed
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return trimmed }
        var output = ""
        var escaped = false
        for character in trimmed.dropFirst().dropLast() {
            if escaped || character != "\\" {
                output.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return output.mailTrimmed
    }
}
