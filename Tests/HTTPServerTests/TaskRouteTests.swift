import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// Task actions: create, complete, snooze, reassign, cancel; state rules (422), a task of
/// another store (404), If-Match conflicts, isolation across stores.
@Suite struct TaskRouteTests {
    static let tasks = "/v1/stores/\(Fixtures.storeA)/tasks"
    static let manualTask = #"{"taskType": "callback", "priority": "high", "contactPhone": "+14155550123", "assignee": "sam"}"#

    func create(_ server: TestServer, key: String = "task-1") async throws -> String {
        let response = try await server.request(.POST, Self.tasks, headers: TestServer.staff(key), body: Array(Self.manualTask.utf8))
        #expect(response.status == 202)
        return try #require(response.json["taskId"] as? String)
    }

    @Test func aManualTaskIsCreatedOnceForOneRequestKey() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let taskId = try await create(server)
            let retry = try await server.request(.POST, Self.tasks, headers: TestServer.staff("task-1"), body: Array(Self.manualTask.utf8))
            #expect(retry.deduplicated == true)
            #expect(retry.json["taskId"] as? String == taskId)
            let invalid = try await server.request(
                .POST, Self.tasks, headers: TestServer.staff("task-2"), body: Array(#"{"taskType": "callback", "priority": "urgent"}"#.utf8))
            #expect(invalid.status == 400)
            #expect(invalid.errorField == "priority")
        }
    }

    @Test func aTaskIsSnoozedReassignedAndCompletedAndThenTakesNoFurtherAction() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let taskId = try await create(server)
            let path = Self.tasks + "/" + taskId
            let snooze = try await server.request(
                .POST, path + "/snooze", headers: TestServer.staff("s-1"), body: Array(#"{"until": "2030-01-01T09:00:00Z"}"#.utf8))
            #expect(snooze.status == 202)
            let past = try await server.request(
                .POST, path + "/snooze", headers: TestServer.staff("s-2"), body: Array(#"{"until": "2001-01-01T09:00:00Z"}"#.utf8))
            #expect(past.status == 400)
            #expect(past.errorField == "until")
            let reassign = try await server.request(.POST, path + "/reassign", headers: TestServer.staff("r-1"), body: Array(#"{"assignee": "alex"}"#.utf8))
            #expect(reassign.status == 202)
            let complete = try await server.request(.POST, path + "/complete", headers: TestServer.staff("c-1"))
            #expect(complete.status == 202)
            let cancel = try await server.request(.POST, path + "/cancel", headers: TestServer.staff("x-1"), body: Array(#"{"reason": "dup"}"#.utf8))
            #expect(cancel.status == 422)
            #expect(cancel.errorCode == "unprocessable")
        }
    }

    @Test func aTaskActionWithAStaleIfMatchIs409WithTheActualVersion() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let taskId = try await create(server)
            let path = Self.tasks + "/" + taskId
            // A version is the stream's number of events (0: none): task.created makes it 1.
            let reassign = try await server.request(
                .POST, path + "/reassign", headers: TestServer.staff("r-2", ifMatch: "\"1\""), body: Array(#"{"assignee": "sam"}"#.utf8))
            #expect(reassign.status == 202)
            let stale = try await server.request(
                .POST, path + "/cancel", headers: TestServer.staff("x-1", ifMatch: "\"1\""), body: Array("{}".utf8))
            #expect(stale.status == 409)
            #expect((stale.json["error"] as? [String: Any])?["actualVersion"] as? Int == 2)
            #expect(stale.header("ETag") == "\"2\"")
        }
    }

    @Test func aTaskOfOneStoreIs404UnderAnotherStoreAndForAnotherStoresToken() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let taskId = try await create(server)
            let before = server.store.durablePosition
            let underB = try await server.request(.POST, "/v1/stores/\(Fixtures.storeB)/tasks/\(taskId)/complete", headers: TestServer.staff("b-1"))
            #expect(underB.status == 404, "admin, but the task belongs to store A")
            let actions: [(String, String?)] = [
                ("/complete", nil), ("/snooze", #"{"until": "2030-01-01T09:00:00Z"}"#), ("/reassign", #"{"assignee": "x"}"#), ("/cancel", nil),
            ]
            var index = 0
            for token in [TestServer.storeBToken, TestServer.otherFranchiseToken] {
                index += 1
                let create = try await server.request(
                    .POST, Self.tasks, token: token, headers: TestServer.staff("iso-c-\(index)"), body: Array(Self.manualTask.utf8))
                #expect(create.status == 404)
                for (suffix, body) in actions {
                    index += 1
                    let response = try await server.request(
                        .POST, Self.tasks + "/" + taskId + suffix, token: token, headers: TestServer.staff("iso-\(index)"),
                        body: body.map { Array($0.utf8) })
                    #expect(response.status == 404, "\(suffix) with \(token)")
                }
            }
            #expect(server.store.durablePosition == before)
            let own = try await server.request(.POST, Self.tasks + "/" + taskId + "/complete", token: TestServer.storeAToken, headers: TestServer.key("own-1"))
            #expect(own.status == 202)
        }
    }
}
