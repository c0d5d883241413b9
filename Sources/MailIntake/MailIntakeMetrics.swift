import Metrics

/// Counters for mail intake (swift-metrics; the server's Prometheus exporter picks them up
/// once `MetricsSystem` is bootstrapped in main):
///
/// - `contactledger_mail_messages_total{source, outcome}`: outcome `appended` (new lead events),
///   `duplicate` (already recorded; only marked seen), `quarantined` (failed to parse; moved to
///   Quarantine), `deferred` (left unseen for the next pass).
/// - `contactledger_mail_poll_failures_total{source}`: passes that ended in a connection,
///   server or store error.
///
/// Thread-safe: swift-metrics counters are.
public struct MailIntakeMetrics: Sendable {
    public let appended: Counter
    public let duplicate: Counter
    public let quarantined: Counter
    public let deferred: Counter
    public let pollFailures: Counter

    /// `source`: `imap` or `maildir`.
    public init(source: String, factory: any MetricsFactory = MetricsSystem.factory) {
        func messages(_ outcome: String) -> Counter {
            Counter(label: "contactledger_mail_messages_total", dimensions: [("source", source), ("outcome", outcome)], factory: factory)
        }
        appended = messages("appended")
        duplicate = messages("duplicate")
        quarantined = messages("quarantined")
        deferred = messages("deferred")
        pollFailures = Counter(label: "contactledger_mail_poll_failures_total", dimensions: [("source", source)], factory: factory)
    }
}
