import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// `POST /v1/ingest/events` (issue 15 item 6, high): admin only; over HTTP no store events, no
/// `system` actor, and a `staff` actor only as the request's X-Staff-User — the attacks of the
/// security probe, replayed.
@Suite struct EnvelopeRouteSecurityTests {
    /// A forged `contact.opted_in` by "system" for Dana at store A: what cleared a real STOP.
    static let forgedOptIn =
        #"{"type":"contact.opted_in","schemaVersion":1,"actor":{"type":"system"},"storeId":"\#(Fixtures.storeA)","#
        + #""occurredAt":"2026-03-02T18:00:00Z","idempotencyKey":"contact.opted_in:990001","#
        + #""payload":{"storeId":"\#(Fixtures.storeA)","phone":"\#(Fixtures.dana)","messageId":"990001","keyword":"START","#
        + #""receivedAt":"2026-03-02T18:00:00Z"}}"#

    func post(_ server: TestServer, _ lines: String, token: String = TestServer.adminToken, headers: [(String, String)] = [])
        async throws -> TestResponse
    {
        try await server.request(
            .POST, "/v1/ingest/events", token: token, headers: headers, body: Array(lines.utf8), contentType: "application/x-ndjson")
    }

    @Test func anIngestTokenMayNotAppendEnvelopes() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            for lines in [Self.forgedOptIn, Fixtures.tagDefined()] {
                let response = try await post(server, lines, token: TestServer.ingestToken, headers: TestServer.tagOwner)
                #expect(response.status == 403)
            }
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func anEnvelopeCannotClaimTheSystemActorEvenFromAnAdmin() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let response = try await post(server, Self.forgedOptIn)
            #expect(response.status == 400)
            #expect(response.errorField == "actor.type")
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func storeEventsAreRecordedOnlyThroughTheStoreRoutes() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let read = try await server.get("/v1/events?type=store.registered&limit=1")
            var event = try #require((read.json["events"] as? [[String: Any]])?.first)
            var payload = try #require(event["payload"] as? [String: Any])
            payload["franchiseId"] = "f45"
            event["payload"] = payload
            event["idempotencyKey"] = (event["idempotencyKey"] as? String ?? "") + "-moved"
            for key in ["id", "position", "version", "recordedAt"] { event.removeValue(forKey: key) }
            let line = String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
            let before = server.store.durablePosition
            let moved = try await post(server, line, headers: [("X-Staff-User", "owner-1")])
            #expect(moved.status == 400)
            #expect(moved.errorField == "type")
            #expect(server.store.durablePosition == before)
            let stolen = try await server.get("/v1/stores/\(Fixtures.storeA)", token: TestServer.otherFranchiseToken)
            #expect(stolen.status == 404, "the store stays in its franchise")
        }
    }

    @Test func aStaffActorMustBeTheStaffUserTheRequestActsFor() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let anonymous = try await post(server, Fixtures.tagDefined())
            #expect(anonymous.status == 400)
            #expect(anonymous.errorField == "actor.type")
            let someoneElse = try await post(server, Fixtures.tagDefined(), headers: [("X-Staff-User", "someone-else")])
            #expect(someoneElse.status == 400)
            #expect(someoneElse.errorField == "actor.id")
            #expect(server.store.durablePosition == before)
            let owner = try await post(server, Fixtures.tagDefined(), headers: TestServer.tagOwner)
            #expect(owner.status == 202)
        }
    }
}
