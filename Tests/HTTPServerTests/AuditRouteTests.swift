import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// `GET /v1/audit/tcpa` and `GET /v1/audit/state` (API.md, docs/AUDIT.md) through real HTTP:
/// the report in each format, parameters refused with a 400 naming them, who may audit what,
/// and store isolation.
///
/// The history: staff put Dana (store A) on Do-Not-Contact, then the store calls her — one
/// DNC-1 violation in store A; store B gets an inbound call only (nothing to report).
@Suite struct AuditRouteTests {
    static let dncSetAt = "2023-11-14T22:13:20"  // TestServer's manual clock (it ticks per read)

    /// An outbound call from store A (account 193365026) to `to`, at 11:40 in Los Angeles.
    static func outboundCall(id: String, to: String = Fixtures.dana) -> String {
        """
        {"_account_id": "193365026", "id": "\(id)", "sessionId": "41927730099", "startTime": "2026-03-04T19:40:05.000Z",
         "duration": 42, "type": "Voice", "direction": "Outbound", "action": "VoIP Call", "result": "Call connected",
         "from": {"phoneNumber": "+16505550142", "name": "OTF Moss Beach"}, "to": {"phoneNumber": "\(to)"}}
        """
    }

    /// Registers both stores, records the DNC and the call; returns the call's position.
    static func plantViolation(_ server: TestServer) async throws -> UInt64 {
        try await server.registerStores()
        let dnc = try await server.request(
            .POST, "/v1/stores/\(Fixtures.storeA)/contacts/\(Fixtures.danaEncoded)/dnc", headers: TestServer.staff("dnc-1"),
            body: Array(#"{"doNotContact": true, "reason": "asked on the phone"}"#.utf8))
        try #require(dnc.status == 202, "\(dnc.text)")
        let call = try await server.post("/v1/ingest/ringcentral/call", json: outboundCall(id: "OUT-1"), token: TestServer.ingestToken)
        try #require(call.status == 202, "\(call.text)")
        let inboundB = Fixtures.call(id: "IN-B").replacingOccurrences(of: "193365026", with: "204471833")
            .replacingOccurrences(of: "+16505550142", with: "+18135550177")
        let other = try await server.post("/v1/ingest/ringcentral/call", json: inboundB, token: TestServer.ingestToken)
        try #require(other.status == 202, "\(other.text)")
        return try #require(call.position)
    }

    @Test func theReportListsThePlantedViolationAsJSON() async throws {
        try await TestServer.with { server in
            let callPosition = try await Self.plantViolation(server)
            let response = try await server.get("/v1/audit/tcpa?storeId=\(Fixtures.storeA)")
            #expect(response.status == 200, "\(response.text)")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("X-Position").flatMap(UInt64.init) == server.store.durablePosition)
            let report = response.json
            #expect(report["report"] as? String == "contactledger.tcpa-audit")
            #expect((report["filters"] as? [String: Any])?["storeId"] as? String == Fixtures.storeA)
            let violations = report["violations"] as? [[String: Any]] ?? []
            #expect(violations.count == 1)
            #expect(violations.first?["rule"] as? String == "DNC-1")
            #expect(violations.first?["phone"] as? String == Fixtures.dana)
            #expect((violations.first?["position"] as? NSNumber)?.uint64Value == callPosition)
            let stores = (report["stores"] as? [[String: Any]] ?? []).compactMap { $0["storeId"] as? String }
            #expect(stores == [Fixtures.storeA], "one store's audit names only that store")
        }
    }

    @Test func csvAndHTMLCarryTheirContentTypes() async throws {
        try await TestServer.with { server in
            _ = try await Self.plantViolation(server)
            let csv = try await server.get("/v1/audit/tcpa?storeId=\(Fixtures.storeA)&format=csv")
            #expect(csv.status == 200)
            #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
            let rows = csv.text.split(separator: "\r\n").map(String.init)
            #expect(rows.first?.hasPrefix("rule,ruleSet,storeId,phone,position") == true)
            #expect(rows.count == 2)
            // A phone starts with "+": the CSV quotes it behind a "'" (formula injection, issue 15).
            #expect(rows.last?.hasPrefix("DNC-1,federal,\(Fixtures.storeA),\"'\(Fixtures.dana)\",") == true)
            let html = try await server.get("/v1/audit/tcpa?storeId=\(Fixtures.storeA)&format=HTML")
            #expect(html.status == 200)
            #expect(html.header("Content-Type") == "text/html; charset=utf-8")
            #expect(html.text.lowercased().contains("<html"))
            #expect(html.text.contains("DNC-1"))
        }
    }

    @Test func anAdminAuditsEveryStoreAndAFranchiseTokenItsOwnStore() async throws {
        try await TestServer.with { server in
            _ = try await Self.plantViolation(server)
            let all = try await server.get("/v1/audit/tcpa")
            #expect(all.status == 200)
            let stores = (all.json["stores"] as? [[String: Any]] ?? []).compactMap { $0["storeId"] as? String }
            #expect(stores == [Fixtures.storeA, Fixtures.storeB].sorted())
            #expect((all.json["violations"] as? [Any])?.count == 1)
            let franchise = try await server.get("/v1/audit/tcpa?storeId=\(Fixtures.storeA)", token: TestServer.franchiseToken)
            #expect(franchise.status == 200)
            let own = try await server.get("/v1/audit/tcpa?storeId=\(Fixtures.storeB)", token: TestServer.storeBToken)
            #expect(own.status == 200)
            #expect((own.json["violations"] as? [Any])?.count == 0, "store B has no violation")
        }
    }

    @Test func anotherStoreIs404AndAuditingAcrossStoresIsAdminOnly() async throws {
        try await TestServer.with { server in
            _ = try await Self.plantViolation(server)
            let routes = [
                "/v1/audit/tcpa?storeId=\(Fixtures.storeA)",
                "/v1/audit/state?storeId=\(Fixtures.storeA)&phone=\(Fixtures.danaEncoded)&at=2026-03-05T00:00:00Z",
            ]
            for path in routes {
                for token in [TestServer.storeBToken, TestServer.otherFranchiseToken] {
                    let other = try await server.get(path, token: token)
                    #expect(other.status == 404, "\(path)")
                    #expect(other.errorCode == "not_found")
                    #expect(!other.text.contains("Moss Beach"))
                }
                let unknown = try await server.get(
                    path.replacingOccurrences(of: Fixtures.storeA, with: Fixtures.unknownStore), token: TestServer.storeAToken)
                #expect(unknown.status == 404, "a missing store looks the same as another store's")
                #expect(try await server.get(path, token: TestServer.ingestToken).status == 403)
                let anonymous = try await server.get(path, token: nil)
                #expect(anonymous.status == 401)
                #expect(anonymous.header("WWW-Authenticate") == "Bearer")
                #expect(try await server.get(path, token: "not-a-token").status == 401)
            }
            for token in [TestServer.storeAToken, TestServer.franchiseToken] {
                let across = try await server.get("/v1/audit/tcpa", token: token)
                #expect(across.status == 403)
                #expect(across.errorField == "storeId")
            }
        }
    }

    @Test func badParametersAre400NamingTheField() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let tcpa = "/v1/audit/tcpa?storeId=\(Fixtures.storeA)"
            let state = "/v1/audit/state?storeId=\(Fixtures.storeA)"
            let cases: [(String, String)] = [
                ("\(tcpa)&format=xml", "format"),
                ("\(tcpa)&from=yesterday", "from"),
                ("\(tcpa)&from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z", "to"),
                ("\(tcpa)&ruleSets=federal,texas", "ruleSets"),
                ("/v1/audit/tcpa?storeId=store-a", "storeId"),
                ("\(tcpa)&minPosition=soon", "minPosition"),
                ("/v1/audit/state?phone=\(Fixtures.danaEncoded)&at=2026-03-05T00:00:00Z", "storeId"),
                ("\(state)&at=2026-03-05T00:00:00Z", "phone"),
                ("\(state)&phone=555&at=2026-03-05T00:00:00Z", "phone"),
                ("\(state)&phone=\(Fixtures.danaEncoded)", "at"),
                ("\(state)&phone=\(Fixtures.danaEncoded)&at=March", "at"),
                ("\(state)&phone=\(Fixtures.danaEncoded)&at=2026-03-05T00:00:00Z&knownAt=later", "knownAt"),
            ]
            for (path, field) in cases {
                let response = try await server.get(path)
                #expect(response.status == 400, "\(path): \(response.text)")
                #expect(response.errorCode == "invalid_field", "\(path)")
                #expect(response.errorField == field, "\(path)")
            }
            // A store token gets the same 400 for its own store (parameters are checked first).
            let own = try await server.get("\(tcpa)&format=pdf", token: TestServer.storeAToken)
            #expect(own.status == 400)
            #expect(own.errorField == "format")
        }
    }

    @Test func stateAsOfAnInstantShowsTheDoNotContactAndWhoSetIt() async throws {
        try await TestServer.with { server in
            _ = try await Self.plantViolation(server)
            let path = "/v1/audit/state?storeId=\(Fixtures.storeA)&phone=\(Fixtures.danaEncoded)"
            let after = try await server.get("\(path)&at=2026-03-05T00:00:00Z", token: TestServer.storeAToken)
            #expect(after.status == 200, "\(after.text)")
            #expect(after.header("Content-Type") == "application/json; charset=utf-8")
            #expect(after.header("X-Position").flatMap(UInt64.init) == server.store.durablePosition)
            #expect(after.json["phone"] as? String == Fixtures.dana)
            #expect(after.json["order"] as? String == "event_time")
            #expect(after.json["doNotContact"] as? Bool == true)
            let setBy = after.json["doNotContactSetBy"] as? [String: Any]
            #expect(setBy?["eventType"] as? String == "contact.dnc_set")
            #expect((setBy?["occurredAt"] as? String)?.hasPrefix(Self.dncSetAt) == true, "the staff action's time")
            #expect((setBy?["actor"] as? String)?.contains("staff-7") == true, "who set it")
            let before = try await server.get("\(path)&at=2023-11-01T00:00:00Z")
            #expect(before.status == 200)
            #expect(before.json["doNotContact"] as? Bool == false)
            #expect((before.json["lastPosition"] as? NSNumber)?.uint64Value == 0)
            // What the system knew before anything was recorded: nothing.
            let known = try await server.get("\(path)&at=2026-03-05T00:00:00Z&knownAt=2020-01-01T00:00:00Z")
            #expect(known.status == 200)
            #expect(known.json["order"] as? String == "log_order")
            #expect(known.json["doNotContact"] as? Bool == false)
        }
    }

    @Test func auditsHonourMinPosition() async throws {
        var options = APIServerOptions()
        options.readWait = .milliseconds(200)
        try await TestServer.with(options: options) { server in
            let callPosition = try await Self.plantViolation(server)
            let reached = try await server.get("/v1/audit/tcpa?storeId=\(Fixtures.storeA)&minPosition=\(callPosition)")
            #expect(reached.status == 200)
            let beyond = try await server.get(
                "/v1/audit/tcpa?storeId=\(Fixtures.storeA)", headers: [("X-Min-Position", String(server.store.durablePosition + 5))])
            #expect(beyond.status == 503)
            #expect(beyond.header("Retry-After") == "1")
        }
    }
}
