import Foundation
import HTTPServer
import Testing

/// The shipped alerting rules (deploy/prometheus/alerts.yml) name only metrics the server
/// exports: a rule over a metric that `GET /metrics` never shows would never fire. Their
/// syntax is checked by `promtool check rules` in tools/test.sh.
@Suite struct AlertRulesTests {
    static let rulesPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/prometheus/alerts.yml").path

    /// The metric names in the rules' `expr`s (histogram series reduced to their metric),
    /// without Prometheus's own `up`.
    static func metricsNamed(inRules text: String) -> Set<String> {
        var names: Set<String> = []
        var inExpr = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("expr:") {
                inExpr = true
            } else if inExpr, trimmed.hasSuffix(":") || trimmed.contains(": ") || trimmed.hasPrefix("- ") {
                inExpr = false
            }
            guard inExpr else { continue }
            let expression = trimmed.hasPrefix("expr:") ? trimmed.dropFirst("expr:".count) : trimmed
            for match in expression.matches(of: /\b(?:contactledger|http)_[a-z_]+\b/) {
                var name = String(match.output)
                for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                    name.removeLast(suffix.count)
                }
                names.insert(name)
            }
        }
        return names
    }

    @Test func everyMetricAnAlertRuleNamesAppearsInMetrics() async throws {
        let rules = try String(contentsOfFile: Self.rulesPath, encoding: .utf8)
        let named = Self.metricsNamed(inRules: rules)
        // The rules cover what issue 15 lists: lag, a stopped projection, ingest failures,
        // request p99, the log not writable, the service down.
        #expect(
            named == [
                "contactledger_projection_lag_events", "contactledger_projection_applied_position", "contactledger_projection_failed",
                "http_requests_total", "http_request_duration_seconds", "contactledger_log_writable",
            ])
        #expect(rules.contains("up{job=\"contactledger\"} == 0"))
        for severity in rules.matches(of: /severity: ([a-z]+)/) {
            #expect(["critical", "warning"].contains(String(severity.output.1)))
        }
        try await TestServer.with { server in
            _ = try await server.get("/health")
            let text = try await server.get("/metrics").text
            for name in named.sorted() {
                #expect(text.contains("# TYPE \(name) "), "GET /metrics has no \(name)")
            }
            #expect(text.contains("contactledger_log_writable 1"))
            #expect(text.contains("contactledger_projection_failed{projection=\"readmodel\"} 0"))
        }
    }

    @Test func theRuleReaderFindsTheMetricsOfMultiLineExpressions() {
        let rules = """
            - alert: A
              expr: |
                sum(rate(http_requests_total{status=~"5.."}[5m]))
                  / sum(rate(contactledger_x_total[5m])) > 0.01
              for: 5m
            - alert: B
              expr: histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])) > 1
              labels:
                severity: warning
                note: contactledger_not_a_metric
            """
        #expect(
            Self.metricsNamed(inRules: rules) == ["http_requests_total", "contactledger_x_total", "http_request_duration_seconds"])
    }
}
