import EventStore
import Foundation
import HTTPServer
import NIOHTTP1
import Testing
import TestSupport

/// `/health`, `/metrics`, `/openapi.json`, unknown routes and methods, request ids, and
/// graceful shutdown.
@Suite struct OperationsTests {
    @Test func healthNeedsNoTokenAndReportsTheLogPosition() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let health = try await server.get("/health", token: nil)
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            #expect(health.json["position"] as? Int == 2)
        }
    }

    @Test func metricsCountRequestsByRouteAndStatusAndAppendedEvents() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            _ = try await server.get("/v1/stores/\(Fixtures.unknownStore)")
            let metrics = try await server.get("/metrics", token: nil)
            #expect(metrics.status == 200)
            #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains(#"http_requests_total{route="/v1/stores",method="POST",status="202"} 2"#))
            #expect(text.contains(#"route="/v1/stores/{storeId}",method="GET",status="404"} 1"#))
            #expect(text.contains(#"contactledger_events_appended_total{outcome="appended"} 2"#))
            #expect(text.contains("http_request_duration_seconds_bucket"))
            #expect(text.contains("contactledger_log_position 2"))
            #expect(text.contains("contactledger_log_bytes"))
        }
    }

    @Test func theOpenAPIDocumentIsServedAsJSON() async throws {
        try await TestServer.with { server in
            let response = try await server.get("/openapi.json", token: nil)
            #expect(response.status == 200)
            #expect(response.json["openapi"] as? String == "3.1.0")
        }
    }

    @Test func anUnknownRouteIs404AndAKnownPathWithAnotherMethodIs405WithAllow() async throws {
        try await TestServer.with { server in
            let unknown = try await server.get("/v1/nothing-here")
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "not_found")
            let method = try await server.request(.PATCH, "/v1/stores")
            #expect(method.status == 405)
            #expect(method.errorCode == "method_not_allowed")
            #expect(method.header("Allow")?.contains("POST") == true)
            #expect(method.header("Allow")?.contains("GET") == true)
        }
    }

    @Test func theClientsRequestIdIsEchoedAndOneIsMadeWhenAbsent() async throws {
        try await TestServer.with { server in
            let given = try await server.get("/health", token: nil, headers: [("X-Request-Id", "trace-42")])
            #expect(given.header("X-Request-Id") == "trace-42")
            let made = try await server.get("/health", token: nil)
            #expect(made.header("X-Request-Id")?.count == 36)
        }
    }

    /// Concurrent writes while the server shuts down gracefully: each write that was answered
    /// 202 is in the log after reopening it, exactly once.
    @Test func writesAcknowledgedBeforeAGracefulShutdownAreAllInTheReopenedLog() async throws {
        let directory = try TemporaryDirectory.create(label: "http-shutdown")
        let acknowledged = try await Self.writeWhileShuttingDown(directory: directory)
        // The server closed the log on shutdown: reopen it.
        let reopened = try EventStore(directory: directory + "/log")
        let log = try reopened.read(from: 1, maxCount: 1000)
        await reopened.close()
        let logged = log.filter { $0.type == "message.logged" }.map(\.position)
        #expect(!acknowledged.isEmpty)
        #expect(Set(acknowledged).isSubset(of: Set(logged)))
        #expect(Set(logged).count == logged.count)
    }

    /// 8 clients send ingests in a loop; once 10 have landed the server shuts down gracefully
    /// while the others are in flight. The positions of the answers that were 202.
    static func writeWhileShuttingDown(directory: String) async throws -> [UInt64] {
        let server = try await TestServer.start(directory: directory)
        try await server.registerStores()
        let start = server.store.durablePosition
        return try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in 0..<8 {
                group.addTask {
                    var positions: [UInt64] = []
                    for index in 0..<25 {
                        // A connection opened after the listener stopped accepting waits in the
                        // kernel's backlog until the client gives up: bound that wait.
                        guard
                            let response = try? await server.post(
                                "/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(id: "88\(client)\(index)"),
                                timeout: .seconds(2))
                        else { break }
                        if response.status == 202, let position = response.position { positions.append(position) }
                    }
                    return positions
                }
            }
            await server.store.waitForDurable(after: start + 10)
            try await server.stop()
            var positions: [UInt64] = []
            for try await answered in group { positions += answered }
            return positions
        }
    }
}
