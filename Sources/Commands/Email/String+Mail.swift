/// Small text helpers for mail parsing, Foundation-free so the parser stays fast in debug
/// builds (the mutation test runs it thousands of times). Prefixed `mail` so they cannot clash
/// with other helpers of the Commands module. Pure functions, thread-safe.
extension StringProtocol {
    /// Trimmed of spaces, tabs, CR and LF (header values are ASCII-delimited).
    var mailTrimmed: String {
        mailTrimmed { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
    }

    /// Trimmed of the characters `isTrimmed` accepts, at both ends.
    func mailTrimmed(_ isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// ASCII case-insensitive equality: header names and MIME tokens are ASCII (RFC 5322 §2.2).
    func mailCaseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { $0.mailASCIILowercased == $1.mailASCIILowercased }
    }
}

extension UInt8 {
    var isMailSpaceOrTab: Bool { self == 0x20 || self == 0x09 }

    var mailASCIILowercased: UInt8 { (0x41...0x5A).contains(self) ? self + 0x20 : self }
}
