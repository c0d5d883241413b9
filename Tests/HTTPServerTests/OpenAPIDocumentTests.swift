import EventStore
import Foundation
import HTTPServer
import Testing
import TestSupport

/// docs/openapi.json (served at /openapi.json) against the routes the router really holds:
/// the same (method, path) pairs both ways, security that matches each route's access, and
/// every error answer documented with API.md's error body (but /health's 503, which is the
/// health report itself).
@Suite struct OpenAPIDocumentTests {
    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(APIServer.openAPIDocument)) as? [String: Any])
    }

    static func registered() async throws -> APIServer {
        let directory = try TemporaryDirectory.create(label: "openapi")
        let store = try EventStore(directory: directory + "/log")
        defer { Task { await store.close() } }
        return try APIServer(store: store, readSide: try ReadSide(store: store, dataDirectory: directory), tokens: try TestServer.tokens())
    }

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]

    /// `"GET /v1/stores"` for each operation of the document.
    static func operations(_ document: [String: Any]) -> [String: [String: Any]] {
        var result: [String: [String: Any]] = [:]
        for (path, item) in document["paths"] as? [String: [String: Any]] ?? [:] {
            for method in methods {
                if let operation = item[method] as? [String: Any] { result["\(method.uppercased()) \(path)"] = operation }
            }
        }
        return result
    }

    @Test func theDocumentListsExactlyTheRegisteredRoutes() async throws {
        let server = try await Self.registered()
        let registered = Set(server.registeredRoutes.map { "\($0.method) \($0.path)" })
        let documented = Set(Self.operations(try Self.document()).keys)
        #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
        #expect(registered.count >= 24)
    }

    @Test func routesThatNeedATokenDeclareBearerSecurityAndDocument401() async throws {
        let server = try await Self.registered()
        let document = try Self.document()
        let operations = Self.operations(document)
        let globalSecurity = document["security"] as? [[String: Any]]
        #expect(globalSecurity?.first?["bearer"] != nil)
        for (key, needsToken) in server.routesNeedingToken {
            let operation = try #require(operations[key], "\(key)")
            let security = operation["security"] as? [[String: Any]]
            let responses = operation["responses"] as? [String: Any] ?? [:]
            if needsToken {
                #expect(security == nil || !(security!.isEmpty), "\(key) must not opt out of bearer auth")
                #expect(responses["401"] != nil, "\(key) documents 401")
            } else {
                #expect(security != nil && security!.isEmpty, "\(key) is open: security []")
            }
        }
    }

    @Test func everyErrorAnswerUsesTheErrorBody() throws {
        let document = try Self.document()
        let shared = (document["components"] as? [String: Any])?["responses"] as? [String: [String: Any]] ?? [:]
        for (key, operation) in Self.operations(document) {
            for (status, response) in operation["responses"] as? [String: [String: Any]] ?? [:] where (status.hasPrefix("4") || status.hasPrefix("5")) && key != "GET /health" {
                var resolved = response
                if let reference = response["$ref"] as? String {
                    resolved = try #require(shared[String(reference.split(separator: "/").last!)], "\(key) \(status): \(reference)")
                }
                let schema = ((resolved["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
                #expect(schema?["$ref"] as? String == "#/components/schemas/Error", "\(key) \(status)")
            }
        }
    }
}
