import Foundation
import HTTPServer
import NIOCore
import Testing

/// The connection-level defences (issue 15): header-read, body-read and idle timeouts, the
/// open-connection limit, and malformed or oversized chunked bodies, through raw sockets with
/// short limits set through `APIServerOptions`.
@Suite struct ConnectionTests {
    static func options(_ change: (inout ConnectionLimits) -> Void = { _ in }) -> APIServerOptions {
        var options = APIServerOptions()
        options.connections.headerReadTimeout = .milliseconds(300)
        options.connections.bodyReadTimeout = .milliseconds(300)
        options.connections.idleTimeout = .milliseconds(300)
        change(&options.connections)
        return options
    }

    @Test func aClientThatTricklesItsHeadersIsClosedAfterTheHeaderReadTimeout() async throws {
        try await TestServer.with(options: Self.options()) { server in
            var slow = try await RawConnection.open(port: server.port)
            // On a loaded machine the timeout may pass before this send: the server has then
            // closed the connection already, which is what is under test.
            try? await slow.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            #expect(await slow.readUntilClosed(), "the server, not the test's watchdog, closed the connection")
            #expect(slow.received.isEmpty, "no answer to a request whose head never ended")
            #expect(try await server.get("/health").status == 200, "other clients are served")
        }
    }

    @Test func aBodyThatTricklesPastTheBodyReadTimeoutIsClosed() async throws {
        try await TestServer.with(options: Self.options()) { server in
            var slow = try await RawConnection.open(port: server.port)
            try? await slow.send(
                "POST /v1/ingest/analysis/contact HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.adminToken)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":")
            #expect(await slow.readUntilClosed())
            #expect(slow.status != 202)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await TestServer.with(options: Self.options { $0.headerReadTimeout = .seconds(30) }) { server in
            var idle = try await RawConnection.open(port: server.port)
            try await idle.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(await idle.readUntilClosed())
            #expect(idle.status == 200, "answered, then closed once idle")
        }
    }

    @Test func connectionsPastTheLimitAreClosedOnArrival() async throws {
        let options = Self.options {
            $0.connectionsMax = 2
            $0.headerReadTimeout = .seconds(30)
            $0.idleTimeout = .seconds(30)
        }
        try await TestServer.with(options: options) { server in
            var held: [RawConnection] = []
            for _ in 0..<2 {
                var connection = try await RawConnection.open(port: server.port)
                try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                #expect(await connection.readResponseHead())
                held.append(connection)
            }
            #expect(server.server.openConnections == 2)
            var third = try await RawConnection.open(port: server.port)
            try? await third.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(await third.readUntilClosed(), "closed by the server")
            #expect(third.received.isEmpty, "not served")
            for connection in held { await connection.close() }
        }
    }

    @Test func aMalformedChunkedBodyIs400() async throws {
        let options = Self.options {
            // Only the chunked framing is under test: no timeout may close the connection first.
            $0.headerReadTimeout = .seconds(30)
            $0.bodyReadTimeout = .seconds(30)
            $0.idleTimeout = .seconds(30)
        }
        try await TestServer.with(options: options) { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            // Nothing after the bad chunk-size line: the server reads all that was sent before it
            // answers and closes, so the close is a FIN, not a reset that could drop the answer.
            for chunks in ["zz\r\n", "fffffffffffffffffffff\r\n"] {
                var connection = try await RawConnection.open(port: server.port)
                try? await connection.send(
                    "POST /v1/ingest/analysis/contact HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.adminToken)\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
                #expect(await connection.readResponseHead())
                #expect(connection.status == 400, "\(chunks.prefix(20)): \(connection.text.prefix(200))")
                await connection.close()
            }
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        try await TestServer.with(options: Self.options { $0.headerReadTimeout = .seconds(30); $0.bodyReadTimeout = .seconds(30) }) { server in
            var connection = try await RawConnection.open(port: server.port)
            try await connection.send(
                "POST /v1/ingest/analysis/contact HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.adminToken)\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = Array(repeating: UInt8(ascii: "a"), count: 256 << 10)
            for _ in 0..<5 {
                try? await connection.send(Array("40000\r\n".utf8) + chunk + Array("\r\n".utf8))
            }
            #expect(await connection.readResponseHead())
            #expect(connection.status == 413)
            await connection.close()
        }
    }
}
