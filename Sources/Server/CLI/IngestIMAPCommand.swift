import ArgumentParser
import Commands
import Dispatch
import Foundation
import Glibc
import IMAPClient
import Logging
import MailIntake

extension IngestCommand {
    /// `contactledger ingest imap --url imap://user@host:port/INBOX --password-file F [--once]`
    /// (API.md): polls a mailbox with ``IMAPPoller``. The password comes from `--password-file`
    /// or `CONTACTLEDGER_IMAP_PASSWORD`, never from the command line.
    ///
    /// `--once`: one pass; a summary line on stdout, one line per quarantined message on
    /// stderr; exit 0, 1 when a message was quarantined or the server/login failed, 2 when the
    /// store failed. Without `--once`: polls every `--interval-minutes` until SIGINT/SIGTERM
    /// (exit 0); failures are logged and retried with backoff.
    struct IMAP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "imap",
            abstract: "Poll an IMAP mailbox for lead emails (marks \\Seen only after a durable append).",
            discussion: """
                Unseen messages are fetched with BODY.PEEK[] and INTERNALDATE (the lead's receivedAt), \
                recorded, and only then marked \\Seen. A message that fails to parse is moved to the \
                Quarantine mailbox (created if missing). STARTTLS is used when offered; a password is \
                sent in clear only to a loopback host or with --allow-plaintext. The password comes \
                from --password-file or the environment variable \(IMAPPassword.environmentVariable).
                """)

        @OptionGroup var options: DataOptions

        @Option(help: ArgumentHelp("imap://USER@HOST[:PORT]/MAILBOX or imaps://… (no password in it).", valueName: "URL"))
        var url: String

        @Option(name: .customLong("password-file"), help: ArgumentHelp("A file whose first line is the password.", valueName: "FILE"))
        var passwordFile: String?

        @Flag(help: "Poll once and exit.")
        var once = false

        @Option(name: .customLong("interval-minutes"), help: ArgumentHelp("Minutes between polls.", valueName: "N"))
        var intervalMinutes = 5

        @Option(name: .customLong("quarantine-mailbox"), help: ArgumentHelp("Where unparseable messages go.", valueName: "NAME"))
        var quarantineMailbox = "Quarantine"

        @Option(name: .customLong("tls-ca-file"), help: ArgumentHelp("PEM CA certificates to trust instead of the system's.", valueName: "FILE"))
        var tlsCAFile: String?

        @Flag(name: .customLong("allow-plaintext"), help: "Allow a password in clear to a non-loopback server without STARTTLS.")
        var allowPlaintext = false

        func validate() throws {
            guard (1...1440).contains(intervalMinutes) else { throw ValidationError("--interval-minutes must be from 1 to 1440") }
        }

        /// The poller's configuration from the flags and the environment.
        func pollerConfiguration() throws -> IMAPPollerConfiguration {
            try IMAPPollerConfiguration.fromCommandLine(
                url: url, passwordFile: passwordFile, intervalMinutes: intervalMinutes, quarantineMailbox: quarantineMailbox,
                tlsCAFile: tlsCAFile, allowPlaintext: allowPlaintext)
        }

        func run() async throws {
            let configuration = try pollerConfiguration()
            let session = try await IngestSession.open(options)
            let leads = LeadEmailHandler(store: session.store, registry: session.handlers.registry)
            let poller: IMAPPoller
            do {
                poller = try IMAPPoller(configuration: configuration, leads: leads)
            } catch {
                await session.store.close()
                throw CLIError.user(error.description)
            }
            if once {
                let result: Result<PollReport, MailPollError>
                do {
                    result = .success(try await poller.pollOnce())
                } catch {
                    result = .failure(error)
                }
                await session.store.close()
                try Self.report(result, url: configuration.url)
                return
            }
            let polling = Task { await poller.run() }
            let signals = Self.cancelOnSignals(polling)
            await polling.value
            signals.forEach { $0.cancel() }
            await session.store.close()
        }

        /// Prints the pass's summary; throws the exit status it deserves.
        static func report(_ result: Result<PollReport, MailPollError>, url: MailboxURL) throws {
            let report: PollReport
            switch result {
            case .success(let done):
                report = done
            case .failure(let error):
                Console.out("\(url): \(summary(error.partial)) (stopped early)")
                if case .store = error { throw CLIError.fault(error.description) }
                throw CLIError.user(error.description)
            }
            Console.out("\(url): \(summary(report))")
            for item in report.quarantined {
                Console.info("\(item.message): quarantined: \(item.reason)")
            }
            if !report.quarantined.isEmpty {
                throw CLIError.user("\(report.quarantined.count) of \(report.found) messages quarantined")
            }
        }

        static func summary(_ report: PollReport) -> String {
            "found \(report.found), appended \(report.appended), duplicates \(report.duplicates), "
                + "quarantined \(report.quarantined.count), deferred \(report.deferred)"
        }

        /// SIGINT and SIGTERM cancel `task` (the poller returns at its next await).
        static func cancelOnSignals(_ task: Task<Void, Never>) -> [any DispatchSourceSignal] {
            [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { task.cancel() }
                source.resume()
                return source
            }
        }
    }
}
