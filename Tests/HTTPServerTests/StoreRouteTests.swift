import Foundation
import HTTPServer
import Testing

/// `POST /v1/stores`, `GET /v1/stores`, `GET /v1/stores/{storeId}`: registration, visibility
/// per token, isolation (404), read-your-writes.
@Suite struct StoreRouteTests {
    @Test func registeringAStoreAnswers202WithTheDurablePositionAndARetryIsDeduplicated() async throws {
        try await TestServer.with { server in
            let first = try await server.post("/v1/stores", json: Fixtures.storeAJSON)
            #expect(first.status == 202)
            #expect(first.deduplicated == false)
            #expect(first.json["storeId"] as? String == Fixtures.storeA)
            let position = try #require(first.position)
            #expect(server.store.durablePosition >= position)
            #expect(first.header("X-Position") == String(position))
            let retry = try await server.post("/v1/stores", json: Fixtures.storeAJSON)
            #expect(retry.status == 202)
            #expect(retry.deduplicated == true)
            #expect(retry.position == position)
            #expect(server.store.durablePosition == position)
        }
    }

    @Test func anInvalidStoreRecordIs400NamingTheFieldAndAppendsNothing() async throws {
        try await TestServer.with { server in
            let bad = Fixtures.storeAJSON.replacingOccurrences(of: "America/Los_Angeles", with: "Mars/Olympus")
            let response = try await server.post("/v1/stores", json: bad)
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_field")
            #expect(response.errorField == "timeZone")
            let notJSON = try await server.post("/v1/stores", json: "{\"storeId\": ")
            #expect(notJSON.status == 400)
            #expect(notJSON.errorCode == "malformed_input")
            #expect(server.store.durablePosition == 0)
        }
    }

    @Test func eachTokenListsOnlyTheStoresItMaySee() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            func ids(_ token: String) async throws -> [String] {
                let response = try await server.get("/v1/stores", token: token)
                #expect(response.status == 200)
                return (response.json["stores"] as? [[String: Any]] ?? []).compactMap { $0["storeId"] as? String }
            }
            #expect(try await ids(TestServer.adminToken) == [Fixtures.storeA, Fixtures.storeB])
            #expect(try await ids(TestServer.franchiseToken) == [Fixtures.storeA, Fixtures.storeB])
            #expect(try await ids(TestServer.otherFranchiseToken) == [])
            #expect(try await ids(TestServer.storeAToken) == [Fixtures.storeA])
            #expect(try await ids(TestServer.storeBToken) == [Fixtures.storeB])
        }
    }

    @Test func aStoreTokenAskingForAnotherStoreGets404AsForAStoreThatDoesNotExist() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let own = try await server.get("/v1/stores/\(Fixtures.storeA)", token: TestServer.storeAToken)
            #expect(own.status == 200)
            #expect(own.json["name"] as? String == "Orangetheory Fitness Moss Beach")
            #expect(own.header("X-Position") == String(server.store.durablePosition))
            let other = try await server.get("/v1/stores/\(Fixtures.storeB)", token: TestServer.storeAToken)
            let missing = try await server.get("/v1/stores/\(Fixtures.unknownStore)", token: TestServer.adminToken)
            let otherFranchise = try await server.get("/v1/stores/\(Fixtures.storeA)", token: TestServer.otherFranchiseToken)
            for response in [other, missing, otherFranchise] {
                #expect(response.status == 404)
                #expect(response.errorCode == "not_found")
            }
            #expect(other.text.contains(Fixtures.storeB) == missing.text.contains(Fixtures.unknownStore))
        }
    }

    @Test func aReadWithAReachedMinPositionAnswersAndAnUnreachedOneIs503AfterTheWait() async throws {
        var options = APIServerOptions()
        options.readWait = .milliseconds(100)
        try await TestServer.with(options: options) { server in
            try await server.registerStores()
            let position = server.store.durablePosition
            let reached = try await server.get("/v1/stores?minPosition=\(position)")
            #expect(reached.status == 200)
            let header = try await server.get("/v1/stores", headers: [("X-Min-Position", String(position))])
            #expect(header.status == 200)
            let future = try await server.get("/v1/stores?minPosition=\(position + 5)")
            #expect(future.status == 503)
            #expect(future.errorCode == "unavailable")
            #expect(future.header("Retry-After") == "1")
            let garbage = try await server.get("/v1/stores?minPosition=soon")
            #expect(garbage.status == 400)
            #expect(garbage.errorField == "minPosition")
        }
    }

    @Test func aReadWaitingForAPositionAnswersOnceAWriteReachesIt() async throws {
        try await TestServer.with { server in
            #expect(try await server.post("/v1/stores", json: Fixtures.storeAJSON).status == 202)
            let wanted = server.store.durablePosition + 1
            async let read = server.get("/v1/stores?minPosition=\(wanted)")
            let write = try await server.post("/v1/stores", json: Fixtures.storeBJSON)
            #expect(write.position == wanted)
            let response = try await read
            #expect(response.status == 200)
            #expect((response.json["stores"] as? [Any])?.count == 2)
        }
    }
}
