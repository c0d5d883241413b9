import Foundation
import HTTPServer
import NIOHTTP1
import Testing

/// Staff bodies go through the product's one strict JSON reader: what Foundation's
/// `JSONDecoder` alone lets pass (a trailing comma, a duplicate member with the first
/// winning, a raw control byte in a string, invalid UTF-8) is a 400 `malformed_input`, and
/// nothing is appended.
@Suite struct StaffBodyStrictnessTests {
    static let contact = "/v1/stores/\(Fixtures.storeA)/contacts/\(Fixtures.danaEncoded)"

    static let laxBodies: [(name: String, bytes: [UInt8])] = [
        ("a trailing comma", Array(#"{"notes": "x",}"#.utf8)),
        ("a duplicate member", Array(#"{"notes": "first", "notes": "second"}"#.utf8)),
        ("a raw control byte in a string", Array(#"{"notes": "a"#.utf8) + [0x01] + Array(#"b"}"#.utf8)),
        ("a raw newline in a string", Array(#"{"notes": "a"#.utf8) + [0x0A] + Array(#"b"}"#.utf8)),
        ("invalid UTF-8 in a string", Array(#"{"notes": "caf"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)),
        ("a lone surrogate escape", Array(#"{"notes": "\ud83d"}"#.utf8)),
    ]

    @Test(arguments: laxBodies.indices)
    func aBodyJSONDecoderWouldAcceptIsRefusedAsMalformed(index: Int) async throws {
        let (name, body) = Self.laxBodies[index]
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let response = try await server.request(.PUT, Self.contact + "/notes", headers: TestServer.staff("lax-\(index)"), body: body)
            #expect(response.status == 400, "\(name)")
            #expect(response.errorCode == "malformed_input", "\(name)")
            #expect(server.store.durablePosition == before, "\(name): nothing appended")
        }
    }

    @Test func aDuplicateMemberInATaskBodyIsRefusedToo() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let body = Array(#"{"contactPhone": "+14155550123", "taskType": "callback", "taskType": "complaint"}"#.utf8)
            let response = try await server.request(
                .POST, "/v1/stores/\(Fixtures.storeA)/tasks", headers: TestServer.staff("dup-task"), body: body)
            #expect(response.status == 400)
            #expect(response.errorCode == "malformed_input")
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func aWellFormedBodyIsStillAccepted() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let response = try await server.request(
                .PUT, Self.contact + "/notes", headers: TestServer.staff("ok-1"), body: Array(#"{"notes": "caf\u00e9 \"6am\"\n", "extra": [1, {}]}"#.utf8))
            #expect(response.status == 202)
        }
    }
}
