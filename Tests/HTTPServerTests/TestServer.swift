import AsyncHTTPClient
import EventStore
import Foundation
import HTTPServer
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TestSupport

/// A real `APIServer` on 127.0.0.1 (a free port) over a fresh log in a temporary directory,
/// and a real HTTP client (AsyncHTTPClient) to call it: every test goes through the socket.
///
/// Tokens: one of each scope; `storeA` and `storeB` are registered by `withRegisteredStores`.
/// The clock is manual, so staff actions get reproducible times (`now` is 2023-11-14T22:13:20Z).
final class TestServer: Sendable {
    static let adminToken = "admin-token-0123456789"
    static let ingestToken = "ingest-token-0123456789"
    static let franchiseToken = "franchise-token-orangeTheory"
    static let storeAToken = "store-token-a-0123456789"
    static let storeBToken = "store-token-b-0123456789"
    static let otherFranchiseToken = "franchise-token-f45-01234"
    /// Store A's front-desk integration: may name the staff user (`actsForStaff`).
    static let frontDeskAToken = "front-desk-token-a-0123456789"
    /// `storeAToken`'s name in the tokens file: its staff commands are by `token:store-a-tablet`.
    static let storeATokenName = "store-a-tablet"

    let directory: String
    let store: EventStore
    let server: APIServer
    let clock: ManualClock
    let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(
        directory: String, store: EventStore, server: APIServer, clock: ManualClock, port: Int, group: ServiceGroup,
        running: Task<Void, any Error>
    ) {
        self.directory = directory
        self.store = store
        self.server = server
        self.clock = clock
        self.port = port
        self.group = group
        self.running = running
    }

    static func tokens() throws -> TokenTable {
        try TokenTable(entries: [
            .init(token: adminToken, scope: .admin),
            .init(token: ingestToken, scope: .ingest),
            .init(token: franchiseToken, scope: try TokenScope(parsing: "franchise:orangeTheory")),
            .init(token: otherFranchiseToken, scope: try TokenScope(parsing: "franchise:f45")),
            .init(token: storeAToken, scope: try TokenScope(parsing: "store:\(Fixtures.storeA)"), name: storeATokenName),
            .init(token: storeBToken, scope: try TokenScope(parsing: "store:\(Fixtures.storeB)")),
            .init(
                token: frontDeskAToken, scope: try TokenScope(parsing: "store:\(Fixtures.storeA)"), name: "front-desk-a", actsForStaff: true),
        ])
    }

    /// Starts a server; `body` runs against it; the server is stopped gracefully afterwards and
    /// the log closed, whatever `body` did.
    static func with<T>(
        options: APIServerOptions = APIServerOptions(), directory existing: String? = nil,
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let directory = try existing ?? TemporaryDirectory.create(label: "http")
        let server = try await start(directory: directory, options: options)
        do {
            let result = try await body(server)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    static func start(directory: String, options: APIServerOptions = APIServerOptions()) async throws -> TestServer {
        let store = try EventStore(directory: directory + "/log")
        let clock = ManualClock()
        var options = options
        options.host = "127.0.0.1"
        options.port = 0
        options.coolingInterval = nil
        let readSide = try ReadSide(store: store, dataDirectory: directory)
        let server = try APIServer(store: store, readSide: readSide, tokens: try tokens(), options: options, clock: clock)
        var logger = Logger(label: "test.http")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.application(logger: logger) { port in continuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            await store.close()
            throw TestServerError("the server did not start")
        }
        return TestServer(directory: directory, store: store, server: server, clock: clock, port: port, group: group, running: running)
    }

    /// Graceful shutdown, then the log is closed (as `serve` does).
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
        await store.close()
    }

    // MARK: Requests

    func request(
        _ method: HTTPMethod, _ path: String, token: String? = TestServer.adminToken, headers: [(String, String)] = [],
        body: [UInt8]? = nil, contentType: String? = "application/json", timeout: TimeAmount = .seconds(30)
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return TestResponse(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    func post(
        _ path: String, json: String, token: String? = TestServer.adminToken, headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(30)
    ) async throws -> TestResponse {
        try await request(.POST, path, token: token, headers: headers, body: Array(json.utf8), timeout: timeout)
    }

    func get(_ path: String, token: String? = TestServer.adminToken, headers: [(String, String)] = []) async throws -> TestResponse {
        try await request(.GET, path, token: token, headers: headers)
    }

    /// Registers both fixture stores (Moss Beach = A, Tampa = B) as admin.
    func registerStores() async throws {
        for json in [Fixtures.storeAJSON, Fixtures.storeBJSON] {
            let response = try await post("/v1/stores", json: json)
            guard response.status == 202 else { throw TestServerError("store registration answered \(response.status): \(response.text)") }
        }
    }

    /// `Idempotency-Key` alone: a staff command of a token that may not name the staff user.
    static func key(_ key: String) -> [(String, String)] {
        [("Idempotency-Key", key)]
    }

    /// `X-Staff-User` of `Fixtures.tagDefined`'s actor: an admin envelope with a staff actor
    /// must name that user in the header (the actor comes from the credentials).
    static let tagOwner = [("X-Staff-User", "owner-1")]

    /// `Idempotency-Key` and `X-Staff-User` for a staff command.
    static func staff(_ key: String, user: String = "staff-7", ifMatch: String? = nil) -> [(String, String)] {
        var headers = [("Idempotency-Key", key), ("X-Staff-User", user)]
        if let ifMatch { headers.append(("If-Match", ifMatch)) }
        return headers
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A response as the client saw it.
struct TestResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object ([:] when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// `error.code` of an error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }

    func header(_ name: String) -> String? { headers.first(name: name) }

    /// `position` of a write answer.
    var position: UInt64? { (json["position"] as? NSNumber)?.uint64Value }
    var deduplicated: Bool? { json["deduplicated"] as? Bool }
}
