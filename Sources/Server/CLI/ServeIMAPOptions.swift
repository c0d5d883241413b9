import ArgumentParser
import Foundation
import MailIntake

/// `serve`'s IMAP poller flags (API.md: `serve` runs "the IMAP poller (when configured)"): the
/// options of `ingest imap` with an `--imap-` prefix. Without `--imap-url` no poller runs and
/// the other `--imap-*` flags are refused. The password comes from `--imap-password-file` or
/// `CONTACTLEDGER_IMAP_PASSWORD`, never from the command line.
struct ServeIMAPOptions: ParsableArguments {
    @Option(name: .customLong("imap-url"), help: ArgumentHelp("Poll this mailbox: imap://USER@HOST[:PORT]/MAILBOX or imaps://… (no password in it).", valueName: "URL"))
    var url: String?

    @Option(name: .customLong("imap-password-file"), help: ArgumentHelp("A file whose first line is the IMAP password (else $\(IMAPPassword.environmentVariable)).", valueName: "FILE"))
    var passwordFile: String?

    @Option(name: .customLong("imap-interval-minutes"), help: ArgumentHelp("Minutes between polls (default 5).", valueName: "N"))
    var intervalMinutes: Int?

    @Option(name: .customLong("imap-quarantine-mailbox"), help: ArgumentHelp("Where unparseable messages go (default Quarantine).", valueName: "NAME"))
    var quarantineMailbox: String?

    @Option(name: .customLong("imap-tls-ca-file"), help: ArgumentHelp("PEM CA certificates to trust instead of the system's.", valueName: "FILE"))
    var tlsCAFile: String?

    @Flag(name: .customLong("imap-allow-plaintext"), help: "Allow the IMAP password in clear to a non-loopback server without STARTTLS.")
    var allowPlaintext = false

    func validate() throws {
        if let intervalMinutes, !(1...1440).contains(intervalMinutes) {
            throw ValidationError("--imap-interval-minutes must be from 1 to 1440")
        }
        if url == nil {
            let stray = [
                passwordFile.map { _ in "--imap-password-file" }, intervalMinutes.map { _ in "--imap-interval-minutes" },
                quarantineMailbox.map { _ in "--imap-quarantine-mailbox" }, tlsCAFile.map { _ in "--imap-tls-ca-file" },
                allowPlaintext ? "--imap-allow-plaintext" : nil,
            ].compactMap { $0 }
            if let first = stray.first { throw ValidationError("\(first) needs --imap-url") }
        }
    }

    /// The poller's configuration, nil when no `--imap-url` was given; a bad URL, an unreadable
    /// password file or a missing password is a user error (exit 1) before anything starts.
    func configuration() throws -> IMAPPollerConfiguration? {
        guard let url else { return nil }
        return try IMAPPollerConfiguration.fromCommandLine(
            url: url, passwordFile: passwordFile, intervalMinutes: intervalMinutes ?? 5,
            quarantineMailbox: quarantineMailbox ?? "Quarantine", tlsCAFile: tlsCAFile, allowPlaintext: allowPlaintext,
            flagPrefix: "imap-")
    }
}

extension IMAPPollerConfiguration {
    /// The one reading of the IMAP flags, shared by `ingest imap` and `serve --imap-*`.
    /// `flagPrefix` is how the caller spells its flags (`imap-` for `serve`), for the message
    /// when no password is given.
    static func fromCommandLine(
        url: String, passwordFile: String?, intervalMinutes: Int, quarantineMailbox: String, tlsCAFile: String?, allowPlaintext: Bool,
        flagPrefix: String = "", environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> IMAPPollerConfiguration {
        do throws(MailIntakeError) {
            let mailbox = try MailboxURL(url)  // first: a password in the URL is the error to report
            let password: IMAPPassword
            if let passwordFile {
                password = try IMAPPassword.fromFile(passwordFile)
            } else if environment[IMAPPassword.environmentVariable, default: ""].isEmpty {
                throw MailIntakeError.invalid(
                    field: "password", reason: "give --\(flagPrefix)password-file F or set \(IMAPPassword.environmentVariable)")
            } else {
                password = try IMAPPassword.fromEnvironment(environment)
            }
            var configuration = IMAPPollerConfiguration(url: mailbox, password: password)
            configuration.interval = .seconds(intervalMinutes * 60)
            configuration.quarantineMailbox = quarantineMailbox
            configuration.trustRootsFile = tlsCAFile
            configuration.allowPlaintext = allowPlaintext
            return try configuration.validated()
        } catch {
            throw CLIError.user(error.description)
        }
    }
}
