import Domain
import Foundation
import HTTPServer
import NIOHTTP1
import Testing
import TestSupport

/// Staff routes against the security probe's findings (issue 15 item 6): a reused
/// Idempotency-Key on task routes, actions on tasks and tags that do not exist, another
/// store's lead, control characters in free text.
@Suite struct StaffInputTests {
    static let tasks = "/v1/stores/\(Fixtures.storeA)/tasks"
    static let contact = "/v1/stores/\(Fixtures.storeA)/contacts/\(Fixtures.danaEncoded)"

    static func body(_ json: String) -> [UInt8] { Array(json.utf8) }

    func createTask(_ server: TestServer, key: String, json: String = TaskRouteTests.manualTask) async throws -> TestResponse {
        try await server.request(.POST, Self.tasks, headers: TestServer.staff(key), body: Self.body(json))
    }

    @Test func aTaskRouteKeyReusedWithADifferentBodyIs409AndTheSameBodyIsADuplicate() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let created = try await createTask(server, key: "t-1")
            #expect(created.status == 202)
            let taskId = try #require(created.json["taskId"] as? String)
            let otherTask = try await createTask(server, key: "t-1", json: #"{"taskType": "follow_up", "priority": "low"}"#)
            #expect(otherTask.status == 409)
            #expect(otherTask.errorField == "Idempotency-Key")
            server.clock.advance(byMicroseconds: 60_000_000)
            #expect(try await createTask(server, key: "t-1").deduplicated == true, "a retry later is still the same request")
            let path = Self.tasks + "/" + taskId
            let reassign = try await server.request(.POST, path + "/reassign", headers: TestServer.staff("r-1"), body: Self.body(#"{"assignee": "alex"}"#))
            #expect(reassign.status == 202)
            let reassignOther = try await server.request(
                .POST, path + "/reassign", headers: TestServer.staff("r-1"), body: Self.body(#"{"assignee": "sam"}"#))
            #expect(reassignOther.status == 409)
            let complete = try await server.request(.POST, path + "/complete", headers: TestServer.staff("c-1"), body: Self.body(#"{"note": "booked"}"#))
            #expect(complete.status == 202)
            let completeOther = try await server.request(
                .POST, path + "/complete", headers: TestServer.staff("c-1"), body: Self.body(#"{"note": "no show"}"#))
            #expect(completeOther.status == 409)
            let completeAgain = try await server.request(
                .POST, path + "/complete", headers: TestServer.staff("c-1"), body: Self.body(#"{"note": "booked"}"#))
            #expect(completeAgain.status == 202)
            #expect(completeAgain.deduplicated == true)
            #expect(server.store.durablePosition == complete.position)
        }
    }

    @Test func actionsOnATaskThatDoesNotExistAre404AndAppendNothing() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let path = Self.tasks + "/9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b"
            let actions: [(String, String?)] = [
                ("/complete", nil), ("/snooze", #"{"until": "2030-01-01T09:00:00Z"}"#), ("/reassign", #"{"assignee": "x"}"#),
                ("/cancel", nil),
            ]
            for (index, (suffix, body)) in actions.enumerated() {
                let response = try await server.request(
                    .POST, path + suffix, headers: TestServer.staff("none-\(index)"), body: body.map(Self.body))
                #expect(response.status == 404, "\(suffix)")
                #expect(response.errorField == "taskId")
            }
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func aLeadsOutreachTaskWithNoStreamCanStillBeCompletedInItsOwnStoreOnly() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let lead = try await server.request(.POST, "/v1/ingest/email", body: Array(Fixtures.email.utf8), contentType: "message/rfc822")
            #expect(lead.status == 202)
            let leadId = try #require(lead.json["leadId"] as? String)
            let taskId = DeterministicIDs.leadOutreachTask(leadId: try LeadID(leadId)).rawValue
            let underB = try await server.request(
                .POST, "/v1/stores/\(Fixtures.storeB)/tasks/\(taskId)/complete", headers: TestServer.staff("lead-b"))
            #expect(underB.status == 404)
            let complete = try await server.request(.POST, Self.tasks + "/" + taskId + "/complete", headers: TestServer.staff("lead-a"))
            #expect(complete.status == 202)
        }
    }

    @Test func untaggingATagTheContactDoesNotCarryIs404AndAppendsNothing() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let define = try await server.request(
                .POST, "/v1/ingest/events", headers: TestServer.tagOwner, body: Array(Fixtures.tagDefined("vip").utf8),
                contentType: "application/x-ndjson")
            #expect(define.status == 202)
            let before = server.store.durablePosition
            let notCarried = try await server.request(.DELETE, Self.contact + "/tags/vip", headers: TestServer.staff("u-1"))
            #expect(notCarried.status == 404)
            #expect(notCarried.errorField == "tagId")
            #expect(server.store.durablePosition == before)
            #expect(try await server.request(.POST, Self.contact + "/tags", headers: TestServer.staff("u-2"), body: Self.body(#"{"tagId": "vip"}"#)).status == 202)
            let untag = try await server.request(.DELETE, Self.contact + "/tags/vip", headers: TestServer.staff("u-3"))
            #expect(untag.status == 202)
            let retry = try await server.request(.DELETE, Self.contact + "/tags/vip", headers: TestServer.staff("u-3"))
            #expect(retry.deduplicated == true, "a retry is answered from the log")
            let twice = try await server.request(.DELETE, Self.contact + "/tags/vip", headers: TestServer.staff("u-4"))
            #expect(twice.status == 404)
        }
    }

    @Test func convertingCitingAnotherStoresLeadIs404LikeAMissingLead() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let tampaEmail = Fixtures.email.replacingOccurrences(of: "ot0423", with: "ot1187")
                .replacingOccurrences(of: "web-lead-0001", with: "web-lead-0002")
            let lead = try await server.request(.POST, "/v1/ingest/email", body: Array(tampaEmail.utf8), contentType: "message/rfc822")
            #expect(lead.status == 202)
            #expect(lead.json["storeId"] as? String == Fixtures.storeB)
            let leadId = try #require(lead.json["leadId"] as? String)
            let before = server.store.durablePosition
            let foreign = try await server.request(
                .POST, Self.contact + "/convert", token: TestServer.storeAToken, headers: TestServer.key("cv-1"),
                body: Self.body(#"{"leadId": "\#(leadId)"}"#))
            let missing = try await server.request(
                .POST, Self.contact + "/convert", token: TestServer.storeAToken, headers: TestServer.key("cv-2"),
                body: Self.body(#"{"leadId": "no-such-lead-0001"}"#))
            #expect(foreign.status == 404)
            #expect(missing.status == 404)
            #expect(foreign.errorField == "leadId")
            let foreignMessage = (foreign.json["error"] as? [String: Any])?["message"] as? String
            let missingMessage = (missing.json["error"] as? [String: Any])?["message"] as? String
            #expect(foreignMessage?.replacingOccurrences(of: leadId, with: "X") == missingMessage?.replacingOccurrences(of: "no-such-lead-0001", with: "X"))
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func controlCharactersInFreeTextAre400NamingTheFieldButLineBreaksInNotesAreKept() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let refused: [(HTTPMethod, String, String, String)] = [
                (.PUT, Self.contact + "/notes", #"{"notes": "ok\u0000hidden"}"#, "notes"),
                (.PUT, Self.contact + "/notes", #"{"notes": "\u001b[2J\u001b[31mforged"}"#, "notes"),
                (.POST, Self.contact + "/dnc", #"{"doNotContact": true, "reason": "bell\u0007"}"#, "reason"),
                (.POST, Self.tasks, #"{"taskType": "callback", "priority": "high", "assignee": "sam\u001b[0m"}"#, "assignee"),
                (.POST, Self.tasks, #"{"taskType": "callback", "priority": "high", "assignee": "sam\nalex"}"#, "assignee"),
                (.POST, Self.tasks, #"{"taskType": "callback", "priority": "high", "actionNeededReason": "x\u009b"}"#, "actionNeededReason"),
            ]
            for (index, (method, path, json, field)) in refused.enumerated() {
                let response = try await server.request(method, path, headers: TestServer.staff("cc-\(index)"), body: Self.body(json))
                #expect(response.status == 400, "\(json)")
                #expect(response.errorField == field, "\(json)")
            }
            #expect(server.store.durablePosition == before)
            let multiLine = try await server.request(
                .PUT, Self.contact + "/notes", headers: TestServer.staff("cc-ok"), body: Self.body(#"{"notes": "Line one\n\tLine two"}"#))
            #expect(multiLine.status == 202)
        }
    }
}
