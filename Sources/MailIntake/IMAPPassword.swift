import Foundation

/// The IMAP password, read from a file (`--password-file F`) or an environment variable
/// (`CONTACTLEDGER_IMAP_PASSWORD`) — never from the command line, where `ps` and shell history
/// would show it. Its `description` is `***`, so interpolating it into a log line or an error
/// cannot leak it. Thread-safe (a value).
public struct IMAPPassword: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The environment variable `ingest imap` and `serve` read when no password file is given.
    public static let environmentVariable = "CONTACTLEDGER_IMAP_PASSWORD"

    let value: String

    public init(_ value: String) throws(MailIntakeError) {
        guard !value.isEmpty else { throw .invalid(field: "password", reason: "is empty") }
        guard !value.contains("\n"), !value.contains("\r"), !value.contains("\0") else {
            throw .invalid(field: "password", reason: "must be one line")
        }
        self.value = value
    }

    /// The file's first line (one trailing newline, LF or CRLF, is not part of the password).
    public static func fromFile(_ path: String) throws(MailIntakeError) -> IMAPPassword {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalid(field: "password-file", reason: "\(path) cannot be read")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw .invalid(field: "password-file", reason: "\(path) is not UTF-8 text")
        }
        // "\r\n" is one Character in Swift: check the scalars, not the characters.
        if text.unicodeScalars.last == "\n" { text.unicodeScalars.removeLast() }
        if text.unicodeScalars.last == "\r" { text.unicodeScalars.removeLast() }
        do {
            return try IMAPPassword(text)
        } catch {
            throw .invalid(field: "password-file", reason: "\(path): password \(error.reason)")
        }
    }

    /// `CONTACTLEDGER_IMAP_PASSWORD` (or `name`) from `environment`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, name: String = environmentVariable
    ) throws(MailIntakeError) -> IMAPPassword {
        guard let value = environment[name], !value.isEmpty else {
            throw .invalid(field: "password", reason: "give --password-file F or set \(name)")
        }
        do {
            return try IMAPPassword(value)
        } catch {
            throw .invalid(field: name, reason: error.reason)
        }
    }

    public var description: String { "***" }
    public var debugDescription: String { "IMAPPassword(***)" }
}

extension MailIntakeError {
    var reason: String {
        switch self {
        case .invalid(_, let reason): reason
        }
    }
}
