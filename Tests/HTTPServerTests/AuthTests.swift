import Foundation
import HTTPServer
import Testing
import TestSupport

/// API.md "Auth": bearer tokens and scopes, 401 / 403, and the tokens file `serve` creates.
@Suite struct AuthTests {
    @Test func aMissingTokenIsRefusedWith401AndABearerChallenge() async throws {
        try await TestServer.with { server in
            let response = try await server.get("/v1/stores", token: nil)
            #expect(response.status == 401)
            #expect(response.errorCode == "unauthorized")
            #expect(response.header("WWW-Authenticate") == "Bearer")
        }
    }

    @Test func aWrongTokenIsRefusedWith401() async throws {
        try await TestServer.with { server in
            let response = try await server.get("/v1/stores", token: "not-a-known-token-at-all")
            #expect(response.status == 401)
            let basicOnly = try await server.request(.GET, "/v1/stores", token: nil, headers: [("Authorization", "Basic YWRtaW46YWRtaW4=")])
            #expect(basicOnly.status == 401)
        }
    }

    @Test func onlyAdminTokensMayRegisterStoresOrReadTheLog() async throws {
        try await TestServer.with { server in
            for token in [TestServer.ingestToken, TestServer.franchiseToken, TestServer.storeAToken] {
                let register = try await server.post("/v1/stores", json: Fixtures.storeAJSON, token: token)
                #expect(register.status == 403, "token \(token)")
                #expect(register.errorCode == "forbidden")
                let events = try await server.get("/v1/events", token: token)
                #expect(events.status == 403, "token \(token)")
            }
            #expect(try await server.post("/v1/stores", json: Fixtures.storeAJSON).status == 202)
            #expect(try await server.get("/v1/events").status == 200)
        }
    }

    @Test func ingestTokensMayIngestButNotReadStores() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let sms = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(), token: TestServer.ingestToken)
            #expect(sms.status == 202)
            #expect(try await server.get("/v1/stores", token: TestServer.ingestToken).status == 403)
            #expect(try await server.get("/v1/stores/\(Fixtures.storeA)", token: TestServer.ingestToken).status == 403)
        }
    }

    @Test func storeAndFranchiseTokensMayNotIngest() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            for token in [TestServer.storeAToken, TestServer.franchiseToken] {
                let sms = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(), token: token)
                #expect(sms.status == 403)
                let events = try await server.post("/v1/ingest/events", json: Fixtures.tagDefined(), token: token)
                #expect(events.status == 403)
            }
        }
    }

    @Test func serveCreatesATokensFileWithOneAdminTokenOnceAndReusesIt() throws {
        let directory = try TemporaryDirectory.create(label: "tokens")
        let first = try TokenTable.loadOrCreate(dataDirectory: directory)
        let token = try #require(first.createdAdminToken)
        #expect(token.count == 64)
        #expect(first.table.scope(of: token[...]) == .admin)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/tokens.json")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try TokenTable.loadOrCreate(dataDirectory: directory)
        #expect(second.createdAdminToken == nil)
        #expect(second.table.scope(of: token[...]) == .admin)
    }

    @Test func aTokensFileWithAnUnknownScopeOrAShortTokenIsRefused() throws {
        #expect(throws: TokenFileError.self) {
            try TokenTable(json: Array(#"{"tokens":[{"token":"0123456789abcdef0","scope":"root"}]}"#.utf8))
        }
        #expect(throws: TokenFileError.self) {
            try TokenTable(json: Array(#"{"tokens":[{"token":"short","scope":"admin"}]}"#.utf8))
        }
        let table = try TokenTable(json: Array(#"{"tokens":[{"token":"0123456789abcdef0","scope":"store:5B0F3C1E-8D4A-4C3E-9A1B-2F6D7E8A9B0C"}]}"#.utf8))
        #expect(table.scope(of: "0123456789abcdef0") == .store(try .init("5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")))
    }
}
