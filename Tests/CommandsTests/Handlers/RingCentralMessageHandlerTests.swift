import Domain
import EventStore
import Foundation
import Testing

@testable import Commands

/// Messages: store resolution, franchise fallback, revision ordering, short codes, and every
/// kind of bad input refused by name with nothing appended.
@Suite struct RingCentralMessageHandlerTests {
    typealias H = HandlerHarness

    static func bare() throws -> [UInt8] { try F.shared("ringcentral/sms-outbound-bare.json") }

    static func revision(_ time: String, status: String) throws -> [UInt8] {
        try H.replacing(
            "messageStatus", with: "\"\(status)\"", in: try H.replacing("lastModifiedTime", with: "\"\(time)\"", in: try bare()))
    }

    @Test func unknownAccountWithoutAStoreNumberIsKeptUnroutedNamingTheAccount() async throws {
        try await H.with { h in
            // The voicemail has no store number; its account is changed to an unregistered one.
            var text = String(decoding: try F.shared("ringcentral/voicemail-envelope.json"), as: UTF8.self)
            text = text.replacingOccurrences(of: #""_account_id": "193365026""#, with: #""_account_id": "999000111""#)
            let outcome = try await h.handlers.ringCentralMessage.handle(Array(text.utf8))
            #expect(outcome.routed == false)
            #expect(outcome.types == [.inputUnrouted])
            #expect(outcome.notes.first?.contains("999000111") == true)
            #expect(try h.handlers.unrouted.list(limit: 10).inputs.first?.payload.accountId?.rawValue == "999000111")
        }
    }

    @Test func registeredStoreNumberWinsOverTheAccount() async throws {
        try await H.with { h in
            // Tampa's number, Moss Beach's account: the number is the more specific fact.
            let toTampa = try H.replacing("from", with: #"{"phoneNumber": "+18135550177"}"#, in: try Self.bare())
            let outcome = try await h.handlers.ringCentralMessage.handle(toTampa)
            #expect(outcome.ids["storeId"] == H.tampa.rawValue)
            #expect(outcome.events[0].stream == Streams.contact(store: H.tampa, phone: H.dana))
        }
    }

    @Test func missingClientIdFallsBackToTheRegistrysFranchise() async throws {
        try await H.with { h in
            let noClient = try H.replacing("_client_id", with: nil, in: try Self.bare())
            let outcome = try await h.handlers.ringCentralMessage.handle(noClient)
            guard case .messageLogged(let message) = try h.recorded(at: outcome.position).payload else { Issue.record(); return }
            #expect(message.franchiseId?.rawValue == "orangeTheory")
        }
    }

    @Test func newerRevisionIsAnUpdateSameOrOlderIsADuplicate() async throws {
        try await H.with { h in
            let logged = try await h.handlers.ringCentralMessage.handle(try Self.bare())
            let sent = try await h.handlers.ringCentralMessage.handle(try Self.revision("2026-03-02T17:04:11Z", status: "Sent"))
            let delivered = try await h.handlers.ringCentralMessage.handle(try Self.revision("2026-03-02T17:04:13Z", status: "Delivered"))
            #expect(sent.types == [.messageUpdated])
            #expect(delivered.types == [.messageUpdated])
            let end = h.store.durablePosition

            // The Sent notification redelivered after Delivered: its own event's position.
            let sentAgain = try await h.handlers.ringCentralMessage.handle(try Self.revision("2026-03-02T17:04:11Z", status: "Sent"))
            #expect(sentAgain.kind == .duplicate(originalPositions: sent.positions))
            // An older revision that was never recorded: nothing new; the latest is named.
            let older = try await h.handlers.ringCentralMessage.handle(try Self.revision("2026-03-02T17:04:12Z", status: "Sent"))
            #expect(older.kind == .duplicate(originalPositions: delivered.positions))
            #expect(older.notes.count == 1)
            // The first notification again: the message.logged.
            let first = try await h.handlers.ringCentralMessage.handle(try Self.bare())
            #expect(first.kind == .duplicate(originalPositions: logged.positions))
            #expect(h.store.durablePosition == end)
        }
    }

    @Test func laterRevisionSeenFirstIsLoggedAndTheEarlierOneIsADuplicate() async throws {
        try await H.with { h in
            let delivered = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-outbound-delivered-update.json"))
            #expect(delivered.types == [.messageLogged])
            let queued = try await h.handlers.ringCentralMessage.handle(try Self.bare())
            #expect(queued.deduplicated)
            #expect(queued.positions == delivered.positions)
            #expect(try h.events(in: HandlerHarness.danaStreamName).count == 1)
        }
    }

    @Test func shortCodeMessageGoesToItsOwnStreamAndMakesNoContactStream() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.ringCentralMessage.handle(try F.shared("ringcentral/sms-shortcode.json"))
            #expect(outcome.events.map(\.stream) == ["message/1730460011234"])
            #expect(outcome.ids["shortCode"] == "447267")
            #expect(outcome.ids["customerPhone"] == nil)
            guard case .messageLogged(let message) = try h.recorded(at: outcome.position).payload else { Issue.record(); return }
            #expect(message.customerPhone == nil)
            #expect(message.shortCode == "447267")
            #expect(try h.store.allEvents().allSatisfy { !$0.stream.hasPrefix("contact/") })
        }
    }

    @Test func stopFromAShortCodeRecordsNoOptOut() async throws {
        try await H.with { h in
            let stop = try H.replacing("subject", with: #""STOP""#, in: try F.shared("ringcentral/sms-shortcode.json"))
            let outcome = try await h.handlers.ringCentralMessage.handle(stop)
            #expect(outcome.types == [.messageLogged])
        }
    }

    /// Parser-level and handler-level refusals: the field is named, nothing appended.
    @Test(
        arguments: [
            ("id", nil, "id"),
            ("id", #""has space""#, "id"),
            ("direction", #""Sideways""#, "direction"),
            ("creationTime", #""2026-03-02 17:04:10""#, "creationTime"),
            ("to", #"[{"phoneNumber": "12"}]"#, "to[0].phoneNumber"),
            ("messageStatus", #""Lost""#, "messageStatus"),
            ("_client_id", #""-193365026""#, "_client_id"),
            ("_account_id", #""acct/1""#, "_account_id"),
        ] as [(String, String?, String)])
    func badFieldIsNamedAndNothingIsAppended(key: String, value: String?, field: String) async throws {
        try await H.with { h in
            // The store number is removed so that `_account_id` decides the store.
            var bytes = try H.replacing("from", with: #"{"name": "OTF"}"#, in: try Self.bare())
            bytes = try H.replacing(key, with: value, in: bytes)
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.ringCentralMessage.handle(bytes) }
            #expect(error?.field == field, "\(error.map(String.init(describing:)) ?? "no error")")
            #expect(error?.isUserError == true)
        }
    }

    @Test func malformedJSONIsRefused() async throws {
        try await H.with { h in
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.ringCentralMessage.handle(Array("[1,".utf8))
            }
            #expect(error?.code == .malformed)
        }
    }
}

extension HandlerHarness {
    static let danaStreamName = Streams.contact(store: mossBeach, phone: dana)
}
