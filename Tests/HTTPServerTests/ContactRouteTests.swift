import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// Staff actions on contacts: notes (If-Match), DNC, tags, convert, merge; idempotent
/// retries; isolation across stores for every contact route.
@Suite struct ContactRouteTests {
    static let contact = "/v1/stores/\(Fixtures.storeA)/contacts/\(Fixtures.danaEncoded)"

    @Test func notesAreRecordedAndARetryWithTheSameKeyReturnsTheFirstResult() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let body = Array(#"{"notes": "Prefers 6am classes."}"#.utf8)
            let first = try await server.request(.PUT, Self.contact + "/notes", headers: TestServer.staff("req-1"), body: body)
            #expect(first.status == 202)
            #expect(first.json["phone"] as? String == Fixtures.dana)
            let retry = try await server.request(.PUT, Self.contact + "/notes", headers: TestServer.staff("req-1"), body: body)
            #expect(retry.status == 202)
            #expect(retry.deduplicated == true)
            #expect(retry.position == first.position)
            #expect(server.store.durablePosition == first.position)
            let reused = try await server.request(
                .PUT, Self.contact + "/notes", headers: TestServer.staff("req-1"), body: Array(#"{"notes": "Other text."}"#.utf8))
            #expect(reused.status == 409, "the same key with another body is a conflict")
        }
    }

    @Test func ifMatchWithAStaleVersionIs409CarryingTheActualVersion() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let notes = Array(#"{"notes": "v0"}"#.utf8)
            #expect(try await server.request(.PUT, Self.contact + "/notes", headers: TestServer.staff("n-0"), body: notes).status == 202)
            let current = try await server.request(
                .PUT, Self.contact + "/notes", headers: TestServer.staff("n-1", ifMatch: "\"1\""), body: Array(#"{"notes": "v1"}"#.utf8))
            #expect(current.status == 202, "one event in the contact's stream: version 1")
            let stale = try await server.request(
                .PUT, Self.contact + "/notes", headers: TestServer.staff("n-2", ifMatch: "\"1\""), body: Array(#"{"notes": "v2"}"#.utf8))
            #expect(stale.status == 409)
            #expect(stale.errorCode == "conflict")
            #expect((stale.json["error"] as? [String: Any])?["actualVersion"] as? Int == 2)
            #expect(stale.header("ETag") == "\"2\"")
            let garbage = try await server.request(
                .PUT, Self.contact + "/notes", headers: TestServer.staff("n-3", ifMatch: "yesterday"), body: notes)
            #expect(garbage.status == 400)
            #expect(garbage.errorField == "If-Match")
        }
    }

    @Test func staffCommandsWithoutIdempotencyKeyOrStaffUserAre400NamingTheHeader() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let body = Array(#"{"notes": "x"}"#.utf8)
            let noKey = try await server.request(.PUT, Self.contact + "/notes", headers: [("X-Staff-User", "staff-7")], body: body)
            #expect(noKey.status == 400)
            #expect(noKey.errorField == "Idempotency-Key")
            let noUser = try await server.request(.PUT, Self.contact + "/notes", headers: [("Idempotency-Key", "k-1")], body: body)
            #expect(noUser.status == 400)
            #expect(noUser.errorField == "X-Staff-User")
            let badPhone = try await server.request(
                .PUT, "/v1/stores/\(Fixtures.storeA)/contacts/12/notes", headers: TestServer.staff("k-2"), body: body)
            #expect(badPhone.status == 400)
            #expect(badPhone.errorField == "phone")
            let wrongType = try await server.request(
                .POST, Self.contact + "/dnc", headers: TestServer.staff("k-3"), body: Array(#"{"doNotContact": "yes"}"#.utf8))
            #expect(wrongType.status == 400)
            #expect(wrongType.errorField == "doNotContact")
            let missing = try await server.request(.POST, Self.contact + "/dnc", headers: TestServer.staff("k-4"), body: Array("{}".utf8))
            #expect(missing.status == 400)
            #expect(missing.errorCode == "missing_field")
            #expect(server.store.durablePosition == 2)
        }
    }

    @Test func doNotContactConvertAndMergeAreRecorded() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let dnc = try await server.request(
                .POST, Self.contact + "/dnc", headers: TestServer.staff("d-1"), body: Array(#"{"doNotContact": true, "reason": "asked"}"#.utf8))
            #expect(dnc.status == 202)
            let clear = try await server.request(
                .POST, Self.contact + "/dnc", headers: TestServer.staff("d-2"), body: Array(#"{"doNotContact": false}"#.utf8))
            #expect(clear.status == 202)
            let convert = try await server.request(.POST, Self.contact + "/convert", headers: TestServer.staff("c-1"))
            #expect(convert.status == 202)
            let merge = try await server.request(
                .POST, "/v1/stores/\(Fixtures.storeA)/contacts/merge", headers: TestServer.staff("m-1"),
                body: Array(#"{"from": "+14155550199", "into": "+14155550123"}"#.utf8))
            #expect(merge.status == 202)
            #expect((merge.json["positions"] as? [Any])?.count == 2, "one contact.merged per side")
            #expect(merge.json["targetPhone"] as? String == Fixtures.dana)
        }
    }

    @Test func aDefinedTagCanBeAddedAndRemovedAndAnUndefinedOneIs404() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let define = try await server.request(
                .POST, "/v1/ingest/events", headers: TestServer.tagOwner, body: Array(Fixtures.tagDefined("vip").utf8),
                contentType: "application/x-ndjson")
            #expect(define.status == 202)
            let tag = try await server.request(.POST, Self.contact + "/tags", headers: TestServer.staff("t-1"), body: Array(#"{"tagId": "vip"}"#.utf8))
            #expect(tag.status == 202)
            #expect(tag.json["tagId"] as? String == "vip")
            let untag = try await server.request(.DELETE, Self.contact + "/tags/vip", headers: TestServer.staff("t-2"))
            #expect(untag.status == 202)
            let undefined = try await server.request(
                .POST, Self.contact + "/tags", headers: TestServer.staff("t-3"), body: Array(#"{"tagId": "nope"}"#.utf8))
            #expect(undefined.status == 404)
            #expect(undefined.errorField == "tagId")
        }
    }

    /// Every contact route, asked by a token of another store (or franchise) and for an unknown
    /// store: 404, and nothing appended.
    @Test func everyContactRouteIs404ForAnotherStoresTokenAndAppendsNothing() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let routes: [(HTTPMethod, String, String?)] = [
                (.PUT, "/notes", #"{"notes": "x"}"#),
                (.POST, "/dnc", #"{"doNotContact": true}"#),
                (.POST, "/tags", #"{"tagId": "vip"}"#),
                (.DELETE, "/tags/vip", nil),
                (.POST, "/convert", nil),
            ]
            var index = 0
            for token in [TestServer.storeBToken, TestServer.otherFranchiseToken] {
                for (method, suffix, body) in routes {
                    index += 1
                    let response = try await server.request(
                        method, Self.contact + suffix, token: token, headers: TestServer.staff("iso-\(index)"),
                        body: body.map { Array($0.utf8) })
                    #expect(response.status == 404, "\(method) \(suffix) with \(token)")
                    #expect(response.errorCode == "not_found")
                }
                let merge = try await server.request(
                    .POST, "/v1/stores/\(Fixtures.storeA)/contacts/merge", token: token, headers: TestServer.staff("iso-m-\(index)"),
                    body: Array(#"{"from": "+14155550199", "into": "+14155550123"}"#.utf8))
                #expect(merge.status == 404)
            }
            let unknown = try await server.request(
                .PUT, "/v1/stores/\(Fixtures.unknownStore)/contacts/\(Fixtures.danaEncoded)/notes", headers: TestServer.staff("u-1"),
                body: Array(#"{"notes": "x"}"#.utf8))
            #expect(unknown.status == 404)
            #expect(server.store.durablePosition == before)
            let own = try await server.request(
                .PUT, Self.contact + "/notes", token: TestServer.storeAToken, headers: TestServer.key("own-1"), body: Array(#"{"notes": "x"}"#.utf8))
            #expect(own.status == 202)
        }
    }
}
