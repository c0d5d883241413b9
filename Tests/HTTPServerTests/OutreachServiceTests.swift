import EventStore
import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// Issue 15, "Do-Not-Contact ends outreach", as `serve` does it by itself: the outreach service
/// cancels a contact's open outreach tasks when a Do-Not-Contact arrives through the API, with
/// no sweep run by hand.
@Suite struct OutreachServiceTests {
    static let store = "/v1/stores/\(Fixtures.storeA)"
    static let dana = store + "/contacts/\(Fixtures.danaEncoded)"

    /// Waits, event by event, until the log holds a `task.cancelled`; its position. Gives up
    /// after `timeout` (the service failed to act).
    static func cancellation(in store: EventStore, timeout: Duration = .seconds(30)) async throws -> UInt64 {
        try await withThrowingTaskGroup(of: UInt64?.self) { group in
            group.addTask {
                var seen: UInt64 = 0
                while !Task.isCancelled {
                    var found: UInt64?
                    try store.scan(from: seen + 1, filter: EventFilter(types: ["task.cancelled"])) { event in
                        found = event.position
                        return false
                    }
                    if let found { return found }
                    seen = store.durablePosition
                    await store.waitForDurable(after: seen)
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return try #require(first, "no task.cancelled within \(timeout)")
        }
    }

    @Test func aSTOPThroughTheAPICancelsTheContactsOutreachTaskAsTheSystem() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let email = try await server.request(.POST, "/v1/ingest/email", body: Array(Fixtures.email.utf8), contentType: "message/rfc822")
            #expect(email.status == 202)
            let before = try await server.get(Self.store + "/tasks?contact=\(Fixtures.danaEncoded)&minPosition=\(try #require(email.position))")
            let pending = try #require(before.json["tasks"] as? [[String: Any]])
            #expect(pending.map { $0["status"] as? String } == ["pending"])

            let stop = Fixtures.smsEnvelope(id: "7001").replacingOccurrences(of: "Is the 6am class open?", with: "STOP")
            let sms = try await server.post("/v1/ingest/ringcentral/message", json: stop, token: TestServer.ingestToken)
            #expect(sms.status == 202)

            let position = try await Self.cancellation(in: server.store)
            let event = try #require(try server.store.read(from: position, maxCount: 1).first)
            #expect(event.actor.type == "system")
            #expect(String(decoding: event.payload, as: UTF8.self).contains(#""reason":"do_not_contact""#))
            let after = try await server.get(Self.store + "/tasks?contact=\(Fixtures.danaEncoded)&minPosition=\(position)")
            let tasks = try #require(after.json["tasks"] as? [[String: Any]])
            #expect(tasks.map { $0["status"] as? String } == ["cancelled"])
            let profile = try await server.get(Self.dana + "?minPosition=\(position)")
            #expect((profile.json["contact"] as? [String: Any])?["doNotContact"] as? Bool == true)
        }
    }
}
