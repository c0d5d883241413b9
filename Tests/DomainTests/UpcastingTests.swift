import Domain
import EventStore
import Foundation
import Testing

/// message.logged v1 (the documents' `siteId`) is read as v2 (`accountId`).
@Suite struct UpcastingTests {
    /// A v1 payload as an older build wrote it: `siteId`, no `accountId`.
    static let v1 = #"""
        {"creationTime":"2026-03-02T17:01:00.000Z","customerPhone":"+14155550123","direction":"Inbound",
         "from":{"name":"Dana Whitfield","phoneNumber":"+14155550123"},"franchiseId":"orangeTheory",
         "lastModifiedTime":"2026-03-02T17:01:00.000Z","messageId":"1730458812016","messageType":"SMS",
         "messageStatus":"Received","siteId":"193365026","storeId":"5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c",
         "subject":"Hi! Is the 6am class on Thursday still open?","attachments":[],
         "to":[{"phoneNumber":"+16505550142","target":true}]}
        """#

    /// The `message.logged` a payload decoded as; a test fails (rather than passing without
    /// checking anything) when the codec decoded it as another type.
    static func messageLogged(_ payload: DomainPayload) throws -> MessageLogged {
        guard case .messageLogged(let message) = payload else {
            throw DecodedAsAnotherType(type: payload.type)
        }
        return message
    }

    struct DecodedAsAnotherType: Error, CustomStringConvertible {
        var type: EventType
        var description: String { "decoded as \(type.rawValue), not message.logged" }
    }

    static func decodeV1(_ text: String = v1) throws -> MessageLogged {
        try messageLogged(try EventCodec.decode(type: "message.logged", schemaVersion: 1, payload: Array(text.utf8)))
    }

    @Test func messageLoggedV1SiteIdIsReadAsAccountId() throws {
        let message = try Self.decodeV1()
        #expect(message.accountId == (try AccountID("193365026")))
        #expect(message.customerPhone == PhoneNumber("+14155550123"))
        #expect(message.to.first?.target == true)
    }

    @Test func upcastV1BytesEqualTheV2BytesOfTheSameMessage() throws {
        let upcast = try EventCodec.upcast(type: .messageLogged, schemaVersion: 1, payload: Array(Self.v1.utf8))
        let message = try Self.decodeV1()
        let current = DomainEvent(message, actor: .ringcentral).proposed()
        #expect(current.schemaVersion == 2)
        #expect(upcast == current.payload)
        #expect(!String(decoding: upcast, as: UTF8.self).contains("siteId"))
    }

    @Test func recordedV1EventDecodesLikeANewOne() throws {
        let message = try Self.decodeV1()
        let current = DomainEvent(message, actor: .ringcentral).proposed()
        var old = current
        old.schemaVersion = 1
        old.payload = Array(Self.v1.utf8)
        #expect(try DomainEvent(proposed: old) == DomainEvent(proposed: current))
    }

    @Test func anExplicitAccountIdInAV1PayloadWinsOverSiteId() throws {
        let both = Self.v1.replacingOccurrences(of: #""siteId":"193365026""#, with: #""siteId":"1","accountId":"193365026""#)
        let message = try Self.decodeV1(both)
        #expect(message.accountId?.rawValue == "193365026")
    }

    @Test func currentVersionPayloadsAreNotRewritten() throws {
        let bytes = DomainEvent(CatalogSamples.messageLogged, actor: .ringcentral).proposed().payload
        #expect(try EventCodec.upcast(type: .messageLogged, schemaVersion: 2, payload: bytes) == bytes)
    }

    @Test func aV1PayloadThatIsNotAnObjectIsAMalformedPayloadError() {
        #expect(throws: DomainError.self) {
            try EventCodec.decode(type: "message.logged", schemaVersion: 1, payload: Array("[1,2]".utf8))
        }
    }
}
