import Domain
import EventStore
import Foundation
import Testing

@testable import Commands

/// `ingest events`: JSON Lines of enveloped events are validated as a whole (any bad line
/// refuses the input, naming the line and the field, nothing appended), appended in order,
/// deduplicated on replay, and can neither misfile an event nor bypass the DNC rules.
@Suite struct EventEnvelopeHandlerTests {
    typealias H = HandlerHarness

    static let store = H.mossBeach.rawValue

    static func notes(_ text: String, request: String = "n-1", phone: String = "+14155550123") -> String {
        #"{"type": "contact.notes_updated", "storeId": "\#(store)", "occurredAt": "2026-03-03T10:00:00Z", "idempotencyKey": "contact.notes_updated:\#(store):\#(request)", "actor": {"type": "staff", "id": "u-1"}, "schemaVersion": 1, "payload": {"storeId": "\#(store)", "phone": "\#(phone)", "notes": "\#(text)"}}"#
    }

    static func analysis(_ id: String, doNotContact: Bool, actor: String = "ai") -> String {
        #"{"type": "contact.analyzed", "stream": "contact/\#(store)/+14155550123", "storeId": "\#(store)", "occurredAt": "2026-03-03T11:00:00Z", "idempotencyKey": "contact.analyzed:\#(id)", "actor": {"type": "\#(actor)"}, "schemaVersion": 1, "payload": {"analysisId": "\#(id)", "storeId": "\#(store)", "phone": "+14155550123", "analyzedAt": "2026-03-03T11:00:00Z", "doNotContact": \#(doNotContact)}}"#
    }

    static func dncSet(_ request: String) -> String {
        #"{"type": "contact.dnc_set", "storeId": "\#(store)", "occurredAt": "2026-03-03T10:30:00Z", "idempotencyKey": "contact.dnc_set:\#(store):\#(request)", "actor": {"type": "staff", "id": "u-1"}, "schemaVersion": 1, "payload": {"storeId": "\#(store)", "phone": "+14155550123"}}"#
    }

    static func lines(_ lines: String...) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) }

    @Test func validLinesAreAppendedInOrderAndAReplayAppendsNothing() async throws {
        try await H.with { h in
            let input = Self.lines(Self.notes("first"), "", Self.dncSet("d-1") + "\r", Self.analysis("ai-1", doNotContact: true))
            let outcome = try await h.handlers.events.handle(input)
            #expect(outcome.types == [.contactNotesUpdated, .contactDNCSet, .contactAnalyzed])
            #expect(!outcome.deduplicated)
            let replay = try await h.handlers.events.handle(input)
            #expect(replay.kind == .duplicate(originalPositions: outcome.positions))
        }
    }

    @Test func envelopeReplayOfAWebhookRecordDedupesAgainstTheWebhook() async throws {
        try await H.with { h in
            let logged = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-inbound-envelope.json"))
            let recorded = try #require(try h.store.event(at: logged.position))
            let line =
                #"{"type": "message.logged", "storeId": "\#(Self.store)", "occurredAt": "2026-03-02T17:01:00Z", "idempotencyKey": "\#(recorded.idempotencyKey)", "actor": {"type": "ringcentral"}, "schemaVersion": 2, "payload": \#(String(decoding: recorded.payload, as: UTF8.self))}"#
            let outcome = try await h.handlers.events.handle(Array(line.utf8))
            #expect(outcome.kind == .duplicate(originalPositions: logged.positions))
        }
    }

    @Test func olderSchemaVersionIsUpcast() async throws {
        try await H.with { h in
            let line =
                #"{"type": "message.logged", "storeId": "\#(Self.store)", "occurredAt": "2026-03-02T17:01:00Z", "idempotencyKey": "message.logged:m-v1", "actor": {"type": "ringcentral"}, "schemaVersion": 1, "payload": {"messageId": "m-v1", "storeId": "\#(Self.store)", "siteId": "193365026", "messageType": "SMS", "direction": "Inbound", "from": {"phoneNumber": "+14155550123"}, "to": [], "customerPhone": "+14155550123", "creationTime": "2026-03-02T17:01:00Z", "lastModifiedTime": "2026-03-02T17:01:00Z", "attachments": []}}"#
            let outcome = try await h.handlers.events.handle(Array(line.utf8))
            guard case .messageLogged(let message) = try h.recorded(at: outcome.position).payload else { Issue.record(); return }
            #expect(message.accountId?.rawValue == "193365026")
            #expect(try h.store.event(at: outcome.position)?.schemaVersion == 2)
        }
    }

    @Test func storeRegisteredThroughAnEnvelopeReachesTheRegistry() async throws {
        try await H.with(registerStores: false) { h in
            let profile = String(decoding: try F.shared("stores/tampa.json"), as: UTF8.self)
            let line =
                #"{"type": "store.registered", "storeId": "\#(H.tampa)", "occurredAt": "2026-03-01T00:00:00Z", "idempotencyKey": "store.registered:\#(H.tampa)", "actor": {"type": "system"}, "schemaVersion": 1, "payload": {"profile": \#(profile.replacingOccurrences(of: "\n", with: " "))}}"#
            _ = try await h.handlers.events.handle(Array(line.utf8))
            #expect(h.handlers.registry.profile(storeId: H.tampa)?.name == "Orangetheory Fitness Tampa Westshore")
        }
    }

    /// (the bad line, the field the error must name); each is line 2 after a valid line 1.
    static let badLines: [(String, String)] = [
        (notes("x").replacingOccurrences(of: "contact.notes_updated\", \"storeId", with: "contact.noted\", \"storeId"), "type"),
        (notes("x").replacingOccurrences(of: #""phone": "+14155550123", "#, with: ""), "payload.phone"),
        (notes("x", phone: "555"), "payload.phone"),
        (notes("x").replacingOccurrences(of: #""schemaVersion": 1"#, with: #""schemaVersion": 9"#), "schemaVersion"),
        (notes("x").replacingOccurrences(of: #", "schemaVersion": 1"#, with: ""), "schemaVersion"),
        (notes("x").replacingOccurrences(of: #""occurredAt": "2026-03-03T10:00:00Z""#, with: #""occurredAt": "yesterday""#), "occurredAt"),
        (notes("x").replacingOccurrences(of: "contact.notes_updated:\(store):n-1", with: "notes:n-1"), "idempotencyKey"),
        (notes("x").replacingOccurrences(of: #"{"type": "staff", "id": "u-1"}"#, with: #"{"type": "staff"}"#), "actor.id"),
        (notes("x").replacingOccurrences(of: #"{"type": "staff", "id": "u-1"}"#, with: #"{"type": "ai"}"#), "actor.type"),
        (
            notes("x").replacingOccurrences(of: #""storeId": "\#(store)", "occurredAt""#, with: #""storeId": "\#(H.tampa)", "occurredAt""#),
            "storeId"
        ),
        (#"{"stream": "contact/\#(store)/+14155550164", "# + notes("x").dropFirst(), "stream"),
        (#"{"extra": 1, "# + notes("x").dropFirst(), "extra"),
        (
            analysis("a-1", doNotContact: true).replacingOccurrences(
                of: "2026-03-03T11:00:00Z\", \"idempotencyKey", with: "2026-03-03T12:00:00Z\", \"idempotencyKey"), "occurredAt"
        ),
        (
            analysis("a-1", doNotContact: true).replacingOccurrences(
                of: #""idempotencyKey": "contact.analyzed:a-1""#, with: #""idempotencyKey": "contact.analyzed:a-2""#), "idempotencyKey"
        ),
        (
            #"{"type": "contact.dnc_cleared", "storeId": "\#(store)", "occurredAt": "2026-03-03T10:30:00Z", "idempotencyKey": "contact.dnc_cleared:\#(store):c-1", "actor": {"type": "ai"}, "schemaVersion": 1, "payload": {"storeId": "\#(store)", "phone": "+14155550123"}}"#,
            "actor.type"
        ),
        ("{\"type\": ", ""),
    ]

    @Test(arguments: badLines)
    func badLineIsRefusedNamingTheLineAndFieldAndNothingIsAppended(line: String, field: String) async throws {
        try await H.with { h in
            let input = Self.lines(Self.notes("ok", request: "n-0"), line)
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.events.handle(input) }
            #expect(error?.line == 2, "\(error.map(String.init(describing:)) ?? "no error")")
            #expect(error?.field == field, "\(error.map(String.init(describing:)) ?? "no error")")
        }
    }

    @Test func aiClearingAStaffDNCIsRefusedAlsoWhenTheDNCIsEarlierInTheSameFile() async throws {
        try await H.with { h in
            let input = Self.lines(Self.dncSet("d-1"), Self.analysis("ai-1", doNotContact: false))
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.events.handle(input) }
            #expect(error?.line == 2)
            #expect(error?.field == "payload.doNotContact")

            _ = try await h.handlers.events.handle(Self.lines(Self.dncSet("d-1")))
            let fromLog = await h.refusal { () async throws(CommandError) in
                try await h.handlers.events.handle(Self.lines(Self.analysis("ai-1", doNotContact: false)))
            }
            #expect(fromLog?.field == "payload.doNotContact")
        }
    }

    @Test func inputOfBlankLinesOnlyIsRefused() async throws {
        try await H.with { h in
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.events.handle(Array("\n  \n".utf8)) }
            #expect(error?.code == .invalidField)
        }
    }
}
