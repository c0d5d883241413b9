import Foundation
import HTTPServer
import Testing

/// `GET /v1/events`: the raw log for admins, filtered and paginated; an exported event
/// re-ingested through `/v1/ingest/events` is a duplicate.
@Suite struct EventRouteTests {
    @Test func theLogIsReadInOrderWithTypeAndStoreFiltersAndANextPosition() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            #expect(try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(id: "7001")).status == 202)
            let all = try await server.get("/v1/events")
            #expect(all.status == 200)
            let events = try #require(all.json["events"] as? [[String: Any]])
            #expect(events.map { $0["position"] as? Int } == Array(1...events.count).map { Optional($0) })
            #expect(events.first?["type"] as? String == "store.registered")
            #expect(all.json["next"] is NSNull)
            let page = try await server.get("/v1/events?limit=1&from=2")
            #expect((page.json["events"] as? [[String: Any]])?.first?["position"] as? Int == 2)
            #expect(page.json["next"] as? Int == 3)
            let messages = try await server.get("/v1/events?type=message.logged&storeId=\(Fixtures.storeA)")
            let logged = try #require(messages.json["events"] as? [[String: Any]])
            #expect(!logged.isEmpty)
            #expect(logged.allSatisfy { $0["type"] as? String == "message.logged" && $0["storeId"] as? String == Fixtures.storeA })
            #expect(logged.first?["payload"] is [String: Any])
            let badType = try await server.get("/v1/events?type=lead.exploded")
            #expect(badType.status == 400)
            #expect(badType.errorField == "type")
            let badLimit = try await server.get("/v1/events?limit=0")
            #expect(badLimit.status == 400)
        }
    }

    @Test func anExportedEventReingestedAsAnEnvelopeIsADuplicate() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let sms = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(id: "7002"))
            #expect(sms.status == 202)
            let read = try await server.get("/v1/events?type=message.logged&limit=1")
            let event = try #require((read.json["events"] as? [[String: Any]])?.first)
            let line = try JSONSerialization.data(withJSONObject: event)
            let again = try await server.request(.POST, "/v1/ingest/events", body: Array(line), contentType: "application/x-ndjson")
            #expect(again.status == 202)
            #expect(again.deduplicated == true)
            #expect(again.position == (event["position"] as? Int).map(UInt64.init))
        }
    }
}
