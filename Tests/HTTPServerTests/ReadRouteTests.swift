import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// The read routes over the live read model: contacts page, profile, timeline,
/// communications, tasks; read-your-writes with `minPosition`; 400s naming the parameter;
/// isolation across stores.
@Suite struct ReadRouteTests {
    static let store = "/v1/stores/\(Fixtures.storeA)"
    static let dana = store + "/contacts/\(Fixtures.danaEncoded)"

    /// A lead email and an inbound SMS for Dana; returns the last write's position.
    func seed(_ server: TestServer) async throws -> UInt64 {
        try await server.registerStores()
        let email = try await server.request(.POST, "/v1/ingest/email", body: Array(Fixtures.email.utf8), contentType: "message/rfc822")
        #expect(email.status == 202)
        let sms = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(id: "5001"))
        #expect(sms.status == 202)
        return try #require(sms.position)
    }

    @Test func aReaderWithMinPositionSeesItsOwnWritesOnEveryReadRoute() async throws {
        try await TestServer.with { server in
            let position = try await seed(server)
            let page = try await server.get(Self.store + "/contacts?minPosition=\(position)")
            #expect(page.status == 200)
            #expect(UInt64(page.header("X-Position") ?? "") ?? 0 >= position)
            let contacts = try #require(page.json["contacts"] as? [[String: Any]])
            #expect(contacts.map { $0["phone"] as? String } == [Fixtures.dana])
            #expect(contacts.first?["firstName"] as? String == "Dana")

            let profile = try await server.get(Self.dana, headers: [("X-Min-Position", String(position))])
            #expect(profile.status == 200)
            #expect((profile.json["contact"] as? [String: Any])?["smsCount"] as? Int == 1)
            #expect(profile.header("ETag") != nil)

            let timeline = try await server.get(Self.dana + "/timeline?minPosition=\(position)")
            #expect(((timeline.json["entries"] as? [Any])?.count ?? 0) >= 2)
            let communications = try await server.get(Self.dana + "/communications?minPosition=\(position)")
            #expect((communications.json["items"] as? [[String: Any]])?.first?["kind"] as? String == "message")
            let tasks = try await server.get(Self.store + "/tasks?minPosition=\(position)")
            let taskRows = try #require(tasks.json["tasks"] as? [[String: Any]])
            #expect(taskRows.contains { $0["taskType"] as? String == "lead_outreach" && $0["contactPhone"] as? String == Fixtures.dana })
        }
    }

    @Test func filtersNarrowTheContactsPageAndTheTaskList() async throws {
        try await TestServer.with { server in
            let position = try await seed(server)
            let dnc = try await server.get(Self.store + "/contacts?dnc=true&minPosition=\(position)")
            #expect((dnc.json["contacts"] as? [Any])?.count == 0)
            let search = try await server.get(Self.store + "/contacts?q=Whitfield&minPosition=\(position)")
            #expect((search.json["contacts"] as? [Any])?.count == 1)
            let completed = try await server.get(Self.store + "/tasks?status=completed&minPosition=\(position)")
            #expect((completed.json["tasks"] as? [Any])?.count == 0, "\(completed.status) \(completed.text)")
            let high = try await server.get(Self.store + "/tasks?priority=high&overdue=false&minPosition=\(position)")
            #expect((high.json["tasks"] as? [Any])?.count == 1, "\(high.status) \(high.text)")
            let sorted = try await server.get(Self.store + "/contacts?sort=-createdAt&limit=1")
            #expect(sorted.status == 200)
        }
    }

    @Test func badReadParametersAre400NamingTheParameter() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let cases: [(String, String)] = [
                (Self.store + "/contacts?sort=shoeSize", "sort"),
                (Self.store + "/contacts?dnc=maybe", "dnc"),
                (Self.store + "/contacts?limit=500", "limit"),
                (Self.store + "/contacts?cursor=not-a-cursor", "cursor"),
                (Self.store + "/contacts?tag=vip", "tag"),
                (Self.store + "/tasks?status=lost", "status"),
                (Self.store + "/tasks?priority=urgent", "priority"),
                (Self.store + "/contacts/555/timeline", "phone"),
            ]
            for (path, field) in cases {
                let response = try await server.get(path)
                #expect(response.status == 400, "\(path)")
                #expect(response.errorField == field, "\(path)")
            }
            let unknown = try await server.get(Self.store + "/contacts/%2B14155550111")
            #expect(unknown.status == 404)
        }
    }

    @Test func everyReadRouteIs404ForAnotherStoresToken() async throws {
        try await TestServer.with { server in
            _ = try await seed(server)
            for path in [Self.store + "/contacts", Self.dana, Self.dana + "/timeline", Self.dana + "/communications", Self.store + "/tasks"] {
                for token in [TestServer.storeBToken, TestServer.otherFranchiseToken] {
                    let response = try await server.get(path, token: token)
                    #expect(response.status == 404, "\(path)")
                }
                #expect(try await server.get(path, token: TestServer.storeAToken).status == 200, "\(path)")
                #expect(try await server.get(path, token: TestServer.ingestToken).status == 403, "\(path)")
            }
        }
    }

    @Test func aReadAskingForAPositionTheReadModelHasNotReachedIs503() async throws {
        var options = APIServerOptions()
        options.readWait = .milliseconds(100)
        try await TestServer.with(options: options) { server in
            try await server.registerStores()
            let response = try await server.get(Self.store + "/contacts?minPosition=\(server.store.durablePosition + 10)")
            #expect(response.status == 503)
            #expect(response.errorCode == "unavailable")
            #expect(response.header("Retry-After") == "1")
        }
    }
}
