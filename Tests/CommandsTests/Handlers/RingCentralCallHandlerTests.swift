import Domain
import EventStore
import Foundation
import Testing

@testable import Commands

/// Calls: phones normalised, extension-only calls on `call/<id>`, unknown results verbatim,
/// and the RingCentral adapter's authored payloads all recorded (valid ones) or refused with
/// nothing appended (invalid ones).
@Suite struct RingCentralCallHandlerTests {
    typealias H = HandlerHarness

    @Test func unknownResultIsKeptVerbatim() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.ringCentralCall.handle(try F.authored("c04-unknown-result-kept-verbatim.json"))
            guard case .callLogged(let call) = try h.recorded(at: outcome.position).payload else { Issue.record(); return }
            #expect(call.result == "IP Phone Offline")
            #expect(call.reason == "Internal Error")
        }
    }

    @Test func extensionOnlyCallIsRecordedOnItsOwnStreamWithNoContact() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.ringCentralCall.handle(try F.authored("c05-outbound-to-extension-only.json"))
            #expect(outcome.events.map(\.stream) == ["call/Ca05Ext0000005"])
            #expect(outcome.ids["customerPhone"] == nil)
            #expect(try h.store.allEvents().allSatisfy { !$0.stream.hasPrefix("contact/") })
        }
    }

    @Test func unresolvableCallIsKeptUnroutedNamingTheAccount() async throws {
        try await H.with { h in
            var bytes = try H.replacing("_account_id", with: #""777""#, in: try F.authored("c05-outbound-to-extension-only.json"))
            bytes = try H.replacing("from", with: #"{"extensionNumber": "101"}"#, in: bytes)
            let outcome = try await h.handlers.ringCentralCall.handle(bytes)
            #expect(outcome.routed == false)
            #expect(outcome.types == [.inputUnrouted])
            #expect(outcome.notes.first?.contains("777") == true)
            #expect(try h.store.allEvents().allSatisfy { !$0.stream.hasPrefix("call/") && !$0.stream.hasPrefix("contact/") })
        }
    }

    @Test(
        arguments: [
            ("startTime", nil, "startTime"),
            ("duration", #""95""#, "duration"),
            ("direction", #""Both""#, "direction"),
            ("from", #"{"phoneNumber": "call me"}"#, "from.phoneNumber"),
            ("id", #""a b""#, "id"),
            ("recording", #"{"id": "has space"}"#, "recording.id"),
        ] as [(String, String?, String)])
    func badFieldIsNamedAndNothingIsAppended(key: String, value: String?, field: String) async throws {
        try await H.with { h in
            let bytes = try H.replacing(key, with: value, in: try F.shared("calls/inbound-accepted.json"))
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.ringCentralCall.handle(bytes) }
            #expect(error?.field == field, "\(error.map(String.init(describing:)) ?? "no error")")
        }
    }

    @Test func everyAuthoredValidPayloadIsRecordedOnceAndDeduplicatedTheSecondTime() async throws {
        try await H.with { h in
            let files = try F.jsonFiles(in: "ringcentral-authored").filter { $0.hasPrefix("m") || $0.hasPrefix("c0") || $0.hasPrefix("c1") }
            #expect(files.count == 39)
            var first: [String: [UInt64]] = [:]
            for file in files {
                first[file] = try await Self.send(file, h).positions
            }
            let end = h.store.durablePosition
            for file in files {
                let again = try await Self.send(file, h)
                #expect(again.kind == .duplicate(originalPositions: first[file] ?? []), "\(file)")
            }
            #expect(h.store.durablePosition == end)
        }
    }

    @Test func everyAuthoredInvalidPayloadIsRefusedWithAFieldAndNothingAppended() async throws {
        try await H.with { h in
            let files = try F.jsonFiles(in: "ringcentral-authored").filter { $0.hasPrefix("e") || $0.hasPrefix("ce") }
            #expect(files.count == 22)
            for file in files {
                let error = await h.refusal { () async throws(CommandError) in try await Self.send(file, h) }
                #expect(error?.isUserError == true, "\(file)")
                #expect(error?.code != .unprocessable, "\(file): \(error.map(String.init(describing:)) ?? "")")
            }
        }
    }

    static func send(_ file: String, _ h: H) async throws(CommandError) -> CommandOutcome {
        let bytes: [UInt8]
        do { bytes = try F.authored(file) } catch { preconditionFailure("fixture \(file): \(error)") }
        return file.hasPrefix("c")
            ? try await h.handlers.ringCentralCall.handle(bytes) : try await h.handlers.ringCentralMessage.handle(bytes)
    }
}
