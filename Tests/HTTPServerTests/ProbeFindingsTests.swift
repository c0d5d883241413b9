import Foundation
@testable import HTTPServer
import Logging
import NIOHTTP1
import Testing

/// The smaller findings of the security probe (issue 15 item 6): RingCentral routes check the
/// token before the body, an outbound call needs a callee, HEAD on GET routes, `nosniff` on
/// every answer and a CSP on the HTML report, and a fair share of audit replays per token.
@Suite struct ProbeFindingsTests {
    @Test func anUnauthenticatedRingCentralRequestIsRefusedBeforeItsBodyIsRead() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let huge = Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 10)
            for (body, type) in [(huge, "application/json"), (Array("hello".utf8), "text/plain")] {
                let response = try await server.request(
                    .POST, "/v1/ingest/ringcentral/message", token: nil, headers: [("Validation-Token", "abc")], body: body,
                    contentType: type)
                #expect(response.status == 401, "\(type): refused for its credentials, not for its body")
                #expect(response.header("Validation-Token") == "abc")
            }
            let handshake = try await server.request(.POST, "/v1/ingest/ringcentral/call", token: nil, headers: [("Validation-Token", "xyz")])
            #expect(handshake.status == 200)
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func anOutboundCallWithNoCalleeIs400NamingTheField() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let empty = AuditRouteTests.outboundCall(id: "OUT-E1").replacingOccurrences(of: #""phoneNumber": "\#(Fixtures.dana)""#, with: #""phoneNumber": """#)
            let response = try await server.post("/v1/ingest/ringcentral/call", json: empty, token: TestServer.ingestToken)
            #expect(response.status == 400)
            #expect(response.errorField == "to.phoneNumber")
            let absent = AuditRouteTests.outboundCall(id: "OUT-E2").replacingOccurrences(
                of: #", "to": {"phoneNumber": "\#(Fixtures.dana)"}"#, with: "")
            let missing = try await server.post("/v1/ingest/ringcentral/call", json: absent, token: TestServer.ingestToken)
            #expect(missing.status == 400)
            #expect(missing.errorField == "to")
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func headIsAnsweredOnGetRoutesWithTheHeadersAndNoBody() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let get = try await server.get("/v1/stores")
            let head = try await server.request(.HEAD, "/v1/stores")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("X-Position") == get.header("X-Position"))
            #expect(head.header("Content-Type") == get.header("Content-Type"))
            #expect(try await server.request(.HEAD, "/health", token: nil).status == 200)
            #expect(try await server.request(.HEAD, "/v1/stores", token: nil).status == 401, "the same checks as GET")
            let notAllowed = try await server.request(.PATCH, "/v1/stores")
            #expect(notAllowed.header("Allow")?.contains("HEAD") == true)
        }
    }

    @Test func everyAnswerCarriesNosniffAndTheHTMLReportAContentSecurityPolicy() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            for response in [
                try await server.get("/v1/stores"), try await server.get("/v1/nowhere"), try await server.get("/v1/stores", token: nil),
                try await server.get("/health", token: nil),
            ] {
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(response.status)")
            }
            let html = try await server.get("/v1/audit/tcpa?storeId=\(Fixtures.storeA)&format=html")
            #expect(html.status == 200)
            let policy = try #require(html.header("Content-Security-Policy"))
            #expect(policy.contains("default-src 'none'"))
            #expect(!policy.contains("script-src"))
        }
    }

    @Test func eachTokenScopeRunsAtMostOneAuditWithinTheGlobalLimit() async throws {
        let gate = AuditGate(replaysMax: 2)
        let logger = Logger(label: "test.audit")
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let release = DispatchSemaphore(value: 0)
        let blocking: @Sendable () -> Int = {
            startedContinuation.yield()
            release.wait()
            return 1
        }
        var starts = started.makeAsyncIterator()
        let admin = Task { try await gate.replay(for: .admin, logger: logger, blocking) }
        _ = await starts.next()
        await #expect(throws: APIError.self, "a second audit of the same scope waits its turn") {
            try await gate.replay(for: .admin, logger: logger) { 0 }
        }
        let storeA = try TokenScope(parsing: "store:\(Fixtures.storeA)")
        let store = Task { try await gate.replay(for: storeA, logger: logger, blocking) }
        _ = await starts.next()
        await #expect(throws: APIError.self, "two are running: the global limit") {
            try await gate.replay(for: try TokenScope(parsing: "franchise:f45"), logger: logger) { 0 }
        }
        release.signal()
        release.signal()
        #expect(try await admin.value == 1)
        #expect(try await store.value == 1)
        #expect(try await gate.replay(for: .admin, logger: logger) { 2 } == 2, "free again")
    }
}
