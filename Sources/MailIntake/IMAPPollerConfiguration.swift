import IMAPClient

/// Everything an ``IMAPPoller`` needs besides the store: which mailbox, the credentials, how
/// often, and how defensive. Built by `ingest imap` from its flags and by `serve` from its
/// configuration. Thread-safe (a value); its `description` never shows the password.
public struct IMAPPollerConfiguration: Sendable, CustomStringConvertible {
    public var url: MailboxURL
    public var password: IMAPPassword
    /// Time between passes (PRODUCT.md Flow 1: default every 5 minutes).
    public var interval: Duration = .seconds(300)
    /// Waits after failed passes (connection, server or store errors).
    public var backoff = PollBackoff()
    /// Where messages that fail to parse go; created when missing (INTAKE.md).
    public var quarantineMailbox = "Quarantine"
    /// UIDs fetched per UID FETCH: bounds memory to about this many messages at once.
    public var fetchBatchSize = 50
    /// Messages of one batch recorded concurrently (their appends share the store's group
    /// commit; one `fdatasync` covers many leads).
    public var appendConcurrency = 8
    /// A PEM file of CA certificates to trust (a private CA); nil: the system's.
    public var trustRootsFile: String?
    /// Allow a password in clear to a non-loopback server that offers no STARTTLS.
    public var allowPlaintext = false
    public var connectTimeoutSeconds = 30
    public var responseTimeoutSeconds = 60

    public init(url: MailboxURL, password: IMAPPassword) {
        self.url = url
        self.password = password
    }

    /// Checks the numbers a flag or config file may have set badly.
    public func validated() throws(MailIntakeError) -> IMAPPollerConfiguration {
        guard interval >= .seconds(1) else { throw .invalid(field: "interval", reason: "must be at least 1 second") }
        guard (1...1000).contains(fetchBatchSize) else { throw .invalid(field: "fetchBatchSize", reason: "must be 1…1000") }
        guard (1...64).contains(appendConcurrency) else { throw .invalid(field: "appendConcurrency", reason: "must be 1…64") }
        guard IMAPMailboxName.isSupported(quarantineMailbox), quarantineMailbox.uppercased() != url.mailbox.uppercased() else {
            throw .invalid(field: "quarantineMailbox", reason: "must be printable ASCII and differ from the polled mailbox")
        }
        guard connectTimeoutSeconds >= 1, responseTimeoutSeconds >= 1 else {
            throw .invalid(field: "timeout", reason: "must be at least 1 second")
        }
        return self
    }

    public var connection: IMAPConnectionConfiguration {
        IMAPConnectionConfiguration(
            host: url.host, port: url.port, security: url.security, trustRootsFile: trustRootsFile,
            allowPlaintext: allowPlaintext, connectTimeoutSeconds: connectTimeoutSeconds,
            responseTimeoutSeconds: responseTimeoutSeconds)
    }

    public var description: String {
        "\(url) every \(interval) (quarantine: \(quarantineMailbox), password: \(password))"
    }
}
