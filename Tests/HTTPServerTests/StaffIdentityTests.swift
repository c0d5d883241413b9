import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// API.md "Staff identity" (issue 15 item 4): `X-Staff-User` only from a token that may act
/// for staff (admin, or `actsForStaff` in the tokens file), a plain id; any other token's
/// staff commands are recorded as the token's own actor.
@Suite struct StaffIdentityTests {
    static let contact = "/v1/stores/\(Fixtures.storeA)/contacts/\(Fixtures.danaEncoded)"
    static let notes = Array(#"{"notes": "Prefers 6am classes."}"#.utf8)

    /// The actor of the last event of `type` in the log.
    static func lastActor(_ server: TestServer, type: String) async throws -> [String: Any]? {
        let events = try await server.get("/v1/events?type=\(type)")
        return (events.json["events"] as? [[String: Any]])?.last?["actor"] as? [String: Any]
    }

    @Test func aStoreTokenThatMayNotActForStaffGets403ForXStaffUserAndAppendsNothing() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let claimed = try await server.request(
                .PUT, Self.contact + "/notes", token: TestServer.storeAToken, headers: TestServer.staff("id-1", user: "owner"), body: Self.notes)
            #expect(claimed.status == 403)
            #expect(claimed.errorField == "X-Staff-User")
            let task = try await server.request(
                .POST, "/v1/stores/\(Fixtures.storeA)/tasks", token: TestServer.franchiseToken, headers: TestServer.staff("id-2"),
                body: Array(#"{"taskType": "callback", "priority": "high"}"#.utf8))
            #expect(task.status == 403)
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func aStoreTokensCommandsAreRecordedAsTheTokensOwnActorNeverTheToken() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let named = try await server.request(
                .PUT, Self.contact + "/notes", token: TestServer.storeAToken, headers: TestServer.key("id-3"), body: Self.notes)
            #expect(named.status == 202)
            let actor = try await Self.lastActor(server, type: "contact.notes_updated")
            #expect(actor?["type"] as? String == "staff")
            #expect(actor?["id"] as? String == "token:" + TestServer.storeATokenName)
            let unnamed = try await server.request(
                .PUT, "/v1/stores/\(Fixtures.storeB)/contacts/\(Fixtures.danaEncoded)/notes", token: TestServer.storeBToken,
                headers: TestServer.key("id-4"), body: Self.notes)
            #expect(unnamed.status == 202)
            let hashed = try #require(try await Self.lastActor(server, type: "contact.notes_updated")?["id"] as? String)
            #expect(hashed.hasPrefix("token:sha1-") && hashed.count == "token:sha1-".count + 12)
            #expect(!hashed.contains(TestServer.storeBToken) && !hashed.contains("store-token"))
        }
    }

    @Test func aFrontDeskTokenNamesTheStaffUserAndMustSendIt() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let named = try await server.request(
                .PUT, Self.contact + "/notes", token: TestServer.frontDeskAToken, headers: TestServer.staff("id-5", user: "maria.lopez"),
                body: Self.notes)
            #expect(named.status == 202)
            #expect(try await Self.lastActor(server, type: "contact.notes_updated")?["id"] as? String == "maria.lopez")
            let missing = try await server.request(
                .PUT, Self.contact + "/notes", token: TestServer.frontDeskAToken, headers: TestServer.key("id-6"), body: Self.notes)
            #expect(missing.status == 400)
            #expect(missing.errorField == "X-Staff-User")
        }
    }

    @Test(arguments: ["<b>maria</b>", "maria lopez", String(repeating: "m", count: 65), "maría", "a;b"])
    func anXStaffUserThatIsNotAPlainIdIs400AndAppendsNothing(user: String) async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let response = try await server.request(
                .PUT, Self.contact + "/notes", headers: TestServer.staff("id-7", user: user), body: Self.notes)
            #expect(response.status == 400)
            #expect(response.errorField == "X-Staff-User")
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func theTokensFileNamesTokensAndGrantsTheRightToActForStaff() throws {
        let store = "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"
        let table = try TokenTable(
            json: Array(
                #"{"tokens":[{"token":"0123456789abcdef0","scope":"store:\#(store)","name":"front-desk","actsForStaff":true},"#
                    .utf8) + Array(#"{"token":"0123456789abcdef1","scope":"admin"}]}"#.utf8))
        #expect(table.entries[0].name == "front-desk")
        #expect(table.entries[0].actsForStaff)
        #expect(table.entries[1].name == nil)
        #expect(!table.entries[1].actsForStaff)
        #expect(throws: TokenFileError.self) {
            try TokenTable(json: Array(#"{"tokens":[{"token":"0123456789abcdef0","scope":"admin","name":"front desk <x>"}]}"#.utf8))
        }
    }
}
