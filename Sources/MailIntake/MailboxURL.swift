import IMAPClient

/// `imap://user@host:port/INBOX` or `imaps://user@host/INBOX` (API.md, `ingest imap --url`).
///
/// The password is never part of the URL: a URL with `user:password@` is refused, so it can
/// not end up in shell history, `ps` output or logs (it comes from a file or the environment,
/// see ``IMAPPassword``). The user may be percent-encoded (`lead%40example.com`). Default
/// ports: 143 for imap, 993 for imaps. The mailbox defaults to INBOX. Thread-safe (a value).
public struct MailboxURL: Sendable, Equatable, CustomStringConvertible {
    public var security: IMAPConnectionConfiguration.Security
    public var user: String
    public var host: String
    public var port: Int
    public var mailbox: String

    public init(_ text: String) throws(MailIntakeError) {
        let scheme: String
        if text.lowercased().hasPrefix("imaps://") {
            scheme = "imaps"
            security = .implicitTLS
        } else if text.lowercased().hasPrefix("imap://") {
            scheme = "imap"
            security = .startTLSWhenOffered
        } else {
            throw .invalid(field: "url", reason: "must start with imap:// or imaps://")
        }
        var rest = Substring(text.dropFirst(scheme.count + 3))
        let slash = rest.firstIndex(of: "/")
        let authority = rest[..<(slash ?? rest.endIndex)]
        rest = slash.map { rest[rest.index(after: $0)...] } ?? ""
        guard let at = authority.lastIndex(of: "@") else {
            throw .invalid(field: "url", reason: "names no user (imap://USER@host/INBOX)")
        }
        let userPart = authority[..<at]
        guard !userPart.contains(":") else {
            throw .invalid(field: "url", reason: "must not carry a password; use --password-file or the environment")
        }
        guard let user = Self.percentDecoded(userPart), !user.isEmpty else {
            throw .invalid(field: "url", reason: "user is empty or badly percent-encoded")
        }
        self.user = user
        var hostPort = authority[authority.index(after: at)...]
        var port = scheme == "imaps" ? 993 : 143
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let value = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(value) else {
                throw .invalid(field: "url", reason: "port must be a number from 1 to 65535")
            }
            port = value
            hostPort = hostPort[..<colon]
        }
        guard !hostPort.isEmpty else { throw .invalid(field: "url", reason: "names no host") }
        host = String(hostPort)
        self.port = port
        guard let mailbox = Self.percentDecoded(rest) else {
            throw .invalid(field: "url", reason: "mailbox is badly percent-encoded")
        }
        self.mailbox = mailbox.isEmpty ? "INBOX" : mailbox
        guard IMAPMailboxName.isSupported(self.mailbox) else {
            throw .invalid(field: "url", reason: "mailbox name must be printable ASCII")
        }
    }

    /// The URL without secrets, for logs.
    public var description: String {
        let scheme = security == .implicitTLS ? "imaps" : "imap"
        return "\(scheme)://\(user)@\(host):\(port)/\(mailbox)"
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first != utf8.endIndex, utf8.index(after: first) != utf8.endIndex else { return nil }
                let second = utf8.index(after: first)
                guard let value = UInt8(String(decoding: [utf8[first], utf8[second]], as: UTF8.self), radix: 16) else {
                    return nil
                }
                bytes.append(value)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
