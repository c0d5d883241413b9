import Commands
import CoreMetrics
import EventStore
import Foundation
import Prometheus

/// The server's Prometheus metrics (API.md `GET /metrics`), recorded through swift-metrics
/// into this server's own registry rather than the process-wide `MetricsSystem`: each server
/// instance (and each in-process test server) exports exactly its own figures, and nothing
/// needs a global bootstrap.
///
/// - `http_requests_total{route,method,status}`: requests by route template and status.
/// - `http_request_duration_seconds{route,method}`: latency histogram (sub-millisecond buckets,
///   PERFORMANCE.md's ingest target is p99 < 10 ms).
/// - `contactledger_events_appended_total{outcome}`: events the API appended / deduplicated.
/// - `contactledger_log_position`, `contactledger_log_bytes`: the durable end and the log's
///   size on disk, read when scraped.
/// - `contactledger_log_writable`: 1 while an append can succeed, 0 once the writer has
///   stopped after a failed write or fsync (or the store is read-only or closing).
/// - `contactledger_projection_lag_events`, `contactledger_projection_applied_position`,
///   `contactledger_projection_failed` (1 once a projection stopped on a failure): set by
///   whoever hosts projections.
///
/// Alerting rules over these are in deploy/prometheus/alerts.yml (docs/OPERATIONS.md).
///
/// Thread-safe: the registry and swift-metrics handlers are.
public final class APIMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    static let durationBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
    ]

    /// The factory behind this server's registry, for components it hosts (the IMAP poller's
    /// `MailIntakeMetrics`) so that their counters appear in `GET /metrics` too.
    public var metricsFactory: any MetricsFactory { factory }

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
    }

    func request(route: String, method: String, status: Int, durationNanoseconds: Int64) {
        Counter(
            label: "http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
        Timer(label: "http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .recordNanoseconds(durationNanoseconds)
    }

    func appended(_ outcome: CommandOutcome) {
        let appended = outcome.events.filter { !$0.deduplicated }.count
        let duplicates = outcome.events.count - appended
        if appended > 0 {
            Counter(label: "contactledger_events_appended_total", dimensions: [("outcome", "appended")], factory: factory)
                .increment(by: appended)
        }
        if duplicates > 0 {
            Counter(label: "contactledger_events_appended_total", dimensions: [("outcome", "duplicate")], factory: factory)
                .increment(by: duplicates)
        }
    }

    /// Projection lag in events (durable end minus applied position).
    public func projectionLag(_ events: UInt64, projection: String) {
        Gauge(label: "contactledger_projection_lag_events", dimensions: [("projection", projection)], factory: factory)
            .record(Double(events))
    }

    /// A hosted projection's applied position and whether it has stopped on a failure.
    public func projectionStatus(appliedPosition: UInt64, failed: Bool, projection: String) {
        Gauge(label: "contactledger_projection_applied_position", dimensions: [("projection", projection)], factory: factory)
            .record(Double(appliedPosition))
        Gauge(label: "contactledger_projection_failed", dimensions: [("projection", projection)], factory: factory)
            .record(failed ? 1 : 0)
    }

    /// The Prometheus text exposition, with the log gauges read now.
    func render(store: EventStore) -> [UInt8] {
        Gauge(label: "contactledger_log_position", factory: factory).record(Double(store.durablePosition))
        Gauge(label: "contactledger_log_writable", factory: factory).record(store.isWritable ? 1 : 0)
        Gauge(label: "contactledger_log_bytes", factory: factory).record(Double(Self.bytesOnDisk(store.directory)))
        return registry.emitToBuffer()
    }

    /// The size of the log directory's files (segments, index snapshot), one `stat` each.
    static func bytesOnDisk(_ directory: String) -> UInt64 {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var total: UInt64 = 0
        for name in names {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            total += (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
        }
        return total
    }
}
