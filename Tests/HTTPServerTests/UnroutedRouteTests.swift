import Foundation
import HTTPServer
import Testing

/// CDP.md §8 over HTTP: inputs no store owns are answered 202 `routed: false`, listed at
/// `GET /v1/unrouted` (admin only), and re-routed by `POST /v1/stores` at their original times.
@Suite struct UnroutedRouteTests {
    static let stop = """
        {"_client_id": "orangeTheory-193365026", "_account_id": "193365026", "id": "7100", "type": "SMS",
         "direction": "Inbound", "from": {"phoneNumber": "+14155550123"},
         "to": [{"phoneNumber": "+16505550142", "target": true}], "creationTime": "2026-03-02T17:00:00.000Z",
         "lastModifiedTime": "2026-03-02T17:00:00.000Z", "subject": "STOP", "messageStatus": "Received"}
        """

    @Test func unroutableMessageCallAndLeadAreKeptListedForAdminsAndReroutedByRegisteringTheStore() async throws {
        try await TestServer.with { server in
            let message = try await server.post("/v1/ingest/ringcentral/message", json: Self.stop, token: TestServer.ingestToken)
            #expect(message.status == 202)
            #expect(message.json["routed"] as? Bool == false)
            let call = try await server.post("/v1/ingest/ringcentral/call", json: Fixtures.call(), token: TestServer.ingestToken)
            #expect(call.status == 202 && call.json["routed"] as? Bool == false)
            let lead = try await server.request(
                .POST, "/v1/ingest/email", token: TestServer.ingestToken, body: Array(Fixtures.email.utf8), contentType: "message/rfc822")
            #expect(lead.status == 202 && lead.json["routed"] as? Bool == false)

            let list = try await server.get("/v1/unrouted")
            #expect(list.status == 200)
            let inputs = try #require(list.json["inputs"] as? [[String: Any]])
            #expect(inputs.map { $0["kind"] as? String } == ["ringcentral.message", "ringcentral.call", "lead.email"])
            #expect(inputs.allSatisfy { $0["status"] as? String == "pending" && ($0["reason"] as? String)?.isEmpty == false })
            #expect(inputs[0]["occurredAt"] as? String == "2026-03-02T17:00:00.000Z")
            for token in [TestServer.ingestToken, TestServer.franchiseToken, TestServer.storeAToken] {
                #expect(try await server.get("/v1/unrouted", token: token).status == 403)
            }
            #expect(try await server.get("/v1/unrouted", token: nil).status == 401)
            #expect(try await server.get("/v1/unrouted?status=maybe").errorField == "status")

            let registered = try await server.post("/v1/stores", json: Fixtures.storeAJSON)
            #expect(registered.status == 202)
            #expect(registered.json["rerouted"] as? String == "3")
            #expect((try await server.get("/v1/unrouted").json["inputs"] as? [Any])?.isEmpty == true)
            let all = try #require(try await server.get("/v1/unrouted?status=all").json["inputs"] as? [[String: Any]])
            #expect(all.allSatisfy { $0["status"] as? String == "rerouted" && $0["reroutedStoreId"] as? String == Fixtures.storeA })

            // The STOP holds from the moment it was sent, in the log the auditor reads.
            let optOuts = try #require(
                try await server.get("/v1/events?type=contact.opted_out").json["events"] as? [[String: Any]])
            #expect(optOuts.map { $0["occurredAt"] as? String } == ["2026-03-02T17:00:00.000Z"])
            let again = try await server.post("/v1/stores", json: Fixtures.storeAJSON)
            #expect(again.json["deduplicated"] as? Bool == true && again.json["rerouted"] == nil)
        }
    }

    @Test func listingPagesByPosition() async throws {
        try await TestServer.with { server in
            for id in ["7201", "7202", "7203"] {
                let body = Self.stop.replacingOccurrences(of: #""id": "7100""#, with: #""id": "\#(id)""#)
                #expect(try await server.post("/v1/ingest/ringcentral/message", json: body).status == 202)
            }
            let first = try await server.get("/v1/unrouted?limit=2")
            let page = try #require(first.json["inputs"] as? [[String: Any]])
            #expect(page.map { $0["sourceId"] as? String } == ["7201", "7202"])
            let next = try #require((first.json["next"] as? NSNumber)?.uint64Value)
            let second = try await server.get("/v1/unrouted?limit=2&from=\(next)")
            #expect((second.json["inputs"] as? [[String: Any]])?.map { $0["sourceId"] as? String } == ["7203"])
            #expect(second.json["next"] is NSNull)
        }
    }
}
