@testable import Commands
import Foundation
import IMAPClient
import MailIntake
import TestSupport
import Testing

/// URLs, passwords, backoff and the disposition rule: the poller's inputs and decisions.
@Suite struct MailIntakeConfigurationTests {
    @Test func mailboxURLsGiveHostPortUserMailboxAndSecurity() throws {
        let plain = try MailboxURL("imap://lead%40example.com@mail.example.org:1143/Leads%20In")
        #expect(plain.user == "lead@example.com")
        #expect(plain.host == "mail.example.org" && plain.port == 1143)
        #expect(plain.mailbox == "Leads In")
        #expect(plain.security == .startTLSWhenOffered)
        let tls = try MailboxURL("imaps://lead@mail.example.org")
        #expect(tls.port == 993 && tls.mailbox == "INBOX" && tls.security == .implicitTLS)
        #expect(try MailboxURL("imap://u@[::1]/INBOX").host == "[::1]")
        #expect(try MailboxURL("imap://u@[::1]:144/INBOX").port == 144)
    }

    @Test func badMailboxURLsAreRefusedWithTheReason() {
        let cases: [(String, String)] = [
            ("http://lead@host/INBOX", "must start with imap:// or imaps://"),
            ("imap://host/INBOX", "names no user"),
            ("imap://lead:secret@host/INBOX", "must not carry a password"),
            ("imap://lead@host:99999/INBOX", "port must be a number"),
            ("imap://lead@:143/INBOX", "names no host"),
            ("imap://lead@host/Entw%C3%BCrfe", "printable ASCII"),
            ("imap://lead%zz@host/INBOX", "badly percent-encoded"),
        ]
        for (url, reason) in cases {
            #expect(throws: MailIntakeError.self, "\(url)") { try MailboxURL(url) }
            do {
                _ = try MailboxURL(url)
            } catch {
                guard case .invalid(let field, let text) = error else { continue }
                #expect(field == "url")
                #expect(text.contains(reason), "\(url): \(text)")
            }
        }
    }

    @Test func passwordsComeFromAFileOrTheEnvironmentAndNeverPrint() async throws {
        try await TemporaryDirectory.with { directory in
            let file = directory + "/password"
            try "pa ss:word\r\n".write(toFile: file, atomically: true, encoding: .utf8)
            let password = try IMAPPassword.fromFile(file)
            #expect("\(password)" == "***")
            #expect(String(reflecting: password) == "IMAPPassword(***)")
            #expect(password == (try IMAPPassword("pa ss:word")))
            #expect(try IMAPPassword.fromEnvironment([IMAPPassword.environmentVariable: "from-env"]) == (try IMAPPassword("from-env")))
            #expect(throws: MailIntakeError.invalid(field: "password", reason: "give --password-file F or set CONTACTLEDGER_IMAP_PASSWORD")) {
                try IMAPPassword.fromEnvironment([:])
            }
            #expect(throws: MailIntakeError.invalid(field: "password-file", reason: "\(directory)/missing cannot be read")) {
                try IMAPPassword.fromFile(directory + "/missing")
            }
            try "\n".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(throws: MailIntakeError.invalid(field: "password-file", reason: "\(file): password is empty")) {
                try IMAPPassword.fromFile(file)
            }
        }
    }

    @Test func backoffDoublesFromItsStartAndStopsAtItsCap() {
        let backoff = PollBackoff(initial: .seconds(10), max: .seconds(300))
        #expect((1...7).map { backoff.delay(afterFailures: $0) } == [10, 20, 40, 80, 160, 300, 300].map { Duration.seconds($0) })
        #expect(backoff.delay(afterFailures: 10_000) == .seconds(300))
    }

    @Test func onlyADurableAppendMarksSeenAndOnlyBadInputQuarantines() {
        let outcome = CommandOutcome(events: [.init(type: .leadReceived, stream: "lead/x", idempotencyKey: "k", position: 1, deduplicated: false)])
        #expect(MailDisposition(.success(outcome)) == .recorded(outcome))
        for code in [CommandError.Code.malformed, .missingField, .invalidField, .tooLarge, .notFound, .unprocessable] {
            guard case .quarantine = MailDisposition(.failure(CommandError(code, field: "message", reason: "x"))) else {
                Issue.record("\(code) should quarantine")
                continue
            }
        }
        for code in [CommandError.Code.unavailable, .storageFailure] {
            guard case .storeFault = MailDisposition(.failure(CommandError(code, field: "", reason: "disk"))) else {
                Issue.record("\(code) should stop the pass")
                continue
            }
        }
        guard case .deferred = MailDisposition(.failure(CommandError(.conflict, field: "version", reason: "race"))) else {
            Issue.record("a conflict should defer")
            return
        }
    }

    @Test func pollerConfigurationRefusesBadNumbersAndAQuarantineThatIsTheInbox() throws {
        var configuration = IMAPPollerConfiguration(url: try MailboxURL("imap://u@127.0.0.1/INBOX"), password: try IMAPPassword("p"))
        #expect(throws: Never.self) { try configuration.validated() }
        configuration.quarantineMailbox = "inbox"
        #expect(throws: MailIntakeError.self) { try configuration.validated() }
        configuration.quarantineMailbox = "Quarantine"
        configuration.interval = .milliseconds(10)
        #expect(throws: MailIntakeError.invalid(field: "interval", reason: "must be at least 1 second")) { try configuration.validated() }
        #expect(IMAPConnectionConfiguration(host: "127.0.0.2", port: 143, security: .startTLSWhenOffered).isLoopback)
        #expect(!IMAPConnectionConfiguration(host: "mail.example.org", port: 143, security: .startTLSWhenOffered).isLoopback)
    }
}
