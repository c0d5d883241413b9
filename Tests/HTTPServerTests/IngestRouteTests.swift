import Foundation
import HTTPServer
import Testing

/// The ingest routes: each input shape, the RingCentral handshake and token header, limits
/// (413), media types (415), refusals (400/404/422) that append nothing, inputs no store owns (202, `routed: false`), idempotent retries.
@Suite struct IngestRouteTests {
    @Test func anEmailLeadIsRecordedAndTheSameEmailAgainIsDeduplicated() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let body = Array(Fixtures.email.utf8)
            let first = try await server.request(.POST, "/v1/ingest/email", token: TestServer.ingestToken, body: body, contentType: "message/rfc822")
            #expect(first.status == 202)
            #expect(first.deduplicated == false)
            let again = try await server.request(.POST, "/v1/ingest/email", token: TestServer.ingestToken, body: body, contentType: "message/rfc822")
            #expect(again.status == 202)
            #expect(again.deduplicated == true)
            #expect(again.position == first.position)
        }
    }

    @Test func anEmailSentAsJSONIs415AndAnEmailOver10MiBIs413() async throws {
        try await TestServer.with { server in
            let json = try await server.request(.POST, "/v1/ingest/email", body: Array(Fixtures.email.utf8), contentType: "application/json")
            #expect(json.status == 415)
            #expect(json.errorCode == "unsupported_media_type")
            let huge = Array(Fixtures.email.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
            let tooLarge = try await server.request(.POST, "/v1/ingest/email", body: huge, contentType: "message/rfc822")
            #expect(tooLarge.status == 413)
            #expect(tooLarge.errorCode == "too_large")
            #expect(server.store.durablePosition == 0)
        }
    }

    @Test func aJSONBodyOver1MiBIs413() async throws {
        try await TestServer.with { server in
            let padding = String(repeating: " ", count: 1 << 20)
            let response = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope() + padding)
            #expect(response.status == 413)
            #expect(server.store.durablePosition == 0)
        }
    }

    @Test func aRingCentralMessageIsRecordedInEnvelopeWebSocketAndRetriedForms() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let envelope = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(id: "9001"))
            #expect(envelope.status == 202)
            #expect(envelope.json["customerPhone"] as? String == Fixtures.dana)
            #expect(envelope.json["messageId"] as? String == "9001")
            #expect(envelope.json["storeId"] as? String == Fixtures.storeA)
            let retry = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(id: "9001"))
            #expect(retry.deduplicated == true)
            #expect(retry.position == envelope.position)
            let webSocket = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsWebSocket(id: "9002"))
            #expect(webSocket.status == 202)
            #expect(webSocket.deduplicated == false)
        }
    }

    @Test func theValidationTokenHandshakeIsEchoedWithoutCredentialsAndAppendsNothing() async throws {
        try await TestServer.with { server in
            for path in ["/v1/ingest/ringcentral/message", "/v1/ingest/ringcentral/call"] {
                let handshake = try await server.request(
                    .POST, path, token: nil, headers: [("Validation-Token", "vt-1234-abcd")], body: [], contentType: nil)
                #expect(handshake.status == 200, "\(path)")
                #expect(handshake.header("Validation-Token") == "vt-1234-abcd")
                let withBody = try await server.request(
                    .POST, path, token: nil, headers: [("Validation-Token", "vt-1234-abcd")], body: Array(Fixtures.smsEnvelope().utf8))
                #expect(withBody.status == 401, "a notification without a credential is refused")
                #expect(withBody.header("Validation-Token") == "vt-1234-abcd")
            }
            #expect(server.store.durablePosition == 0)
        }
    }

    @Test func theVerificationTokenHeaderStandsInForTheBearerToken() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let accepted = try await server.request(
                .POST, "/v1/ingest/ringcentral/message", token: nil, headers: [("Verification-Token", TestServer.ingestToken)],
                body: Array(Fixtures.smsEnvelope(id: "9100").utf8))
            #expect(accepted.status == 202)
            let wrong = try await server.request(
                .POST, "/v1/ingest/ringcentral/message", token: nil, headers: [("Verification-Token", "not-the-token-at-all")],
                body: Array(Fixtures.smsEnvelope(id: "9101").utf8))
            #expect(wrong.status == 401)
            let elsewhere = try await server.request(
                .POST, "/v1/ingest/analysis/contact", token: nil, headers: [("Verification-Token", TestServer.ingestToken)],
                body: Array(Fixtures.contactAnalysis.utf8))
            #expect(elsewhere.status == 401, "only the RingCentral routes take Verification-Token")
        }
    }

    @Test func aMessageForAnAccountWithNoStoreIsKeptAndAnswered202NotRouted() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let response = try await server.post("/v1/ingest/ringcentral/message", json: Fixtures.smsEnvelope(id: "9200", account: "999999999", storePhone: "+19995550100"))
            #expect(response.status == 202)
            #expect(response.json["routed"] as? Bool == false)
            #expect(response.text.contains("999999999"))
            #expect(response.json["unroutedStream"] as? String == "unrouted/ringcentral.message/9200")
        }
    }

    @Test func malformedAndInvalidPayloadsAre400AndAppendNothing() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let malformed = try await server.post("/v1/ingest/ringcentral/message", json: "{\"body\": [")
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "malformed_input")
            let badEnum = try await server.post(
                "/v1/ingest/analysis/contact", json: Fixtures.contactAnalysis.replacingOccurrences(of: "\"high\"", with: "\"enormous\""))
            #expect(badEnum.status == 400)
            #expect(badEnum.errorField == "purchaseIntent")
            let noType = try await server.request(.POST, "/v1/ingest/ringcentral/call", body: Array(Fixtures.call().utf8), contentType: nil)
            #expect(noType.status == 415)
            #expect(server.store.durablePosition == before)
        }
    }

    @Test func aCallAndItsAnalysisAreRecordedAndAnAnalysisOfAnUnknownCallIs404() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let call = try await server.post("/v1/ingest/ringcentral/call", json: Fixtures.call(), token: TestServer.ingestToken)
            #expect(call.status == 202)
            let analysis = try await server.post("/v1/ingest/analysis/call", json: Fixtures.callAnalysis(), token: TestServer.ingestToken)
            #expect(analysis.status == 202)
            #expect(analysis.position! > call.position!)
            let unknown = try await server.post("/v1/ingest/analysis/call", json: Fixtures.callAnalysis(callId: "NoSuchCall42"))
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "not_found")
            let contact = try await server.post("/v1/ingest/analysis/contact", json: Fixtures.contactAnalysis)
            #expect(contact.status == 202)
        }
    }

    @Test func eventEnvelopesAreAppendedAndABadLineIsNamedWithNothingAppended() async throws {
        try await TestServer.with { server in
            try await server.registerStores()
            let before = server.store.durablePosition
            let lines = Fixtures.tagDefined("vip") + "\n" + Fixtures.tagDefined("gold") + "\n"
            let response = try await server.request(
                .POST, "/v1/ingest/events", headers: TestServer.tagOwner, body: Array(lines.utf8), contentType: "application/x-ndjson")
            #expect(response.status == 202)
            #expect((response.json["positions"] as? [Any])?.count == 2)
            let bad = Fixtures.tagDefined("silver") + "\n" + #"{"type":"no.such.type"}"# + "\n"
            let refused = try await server.request(
                .POST, "/v1/ingest/events", headers: TestServer.tagOwner, body: Array(bad.utf8), contentType: "application/x-ndjson")
            #expect(refused.status == 400)
            #expect((refused.json["error"] as? [String: Any])?["line"] as? Int == 2)
            #expect(server.store.durablePosition == before + 2)
        }
    }
}
