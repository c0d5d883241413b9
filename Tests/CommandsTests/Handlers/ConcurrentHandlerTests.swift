import Domain
import EventStore
import Foundation
import Testing

@testable import Commands

/// Handlers that decide from a fold append at the folded version and re-decide when another
/// request for the same stream got in first: concurrent requests for one contact are all
/// recorded, and concurrent redeliveries are recorded once.
@Suite(.timeLimit(.minutes(10))) struct ConcurrentHandlerTests {
    typealias H = HandlerHarness

    static func inbound(id: String, text: String, modified: String = "2026-03-05T02:00:00Z") -> [UInt8] {
        Array(
            """
            {"_account_id": "193365026", "id": "\(id)", "type": "SMS", "direction": "Inbound",
             "from": {"phoneNumber": "+14155550123"}, "to": [{"phoneNumber": "+16505550142"}],
             "creationTime": "2026-03-05T02:00:00Z", "lastModifiedTime": "\(modified)", "subject": "\(text)"}
            """.utf8)
    }

    @Test func concurrentMessagesForOneContactAreAllRecorded() async throws {
        try await H.with { h in
            let handler = h.handlers.ringCentralMessage
            let outcomes = try await withThrowingTaskGroup(of: CommandOutcome.self) { group in
                for index in 0..<12 {
                    group.addTask { try await handler.handle(Self.inbound(id: "c-\(index)", text: "hello \(index)")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { !$0.deduplicated })
            #expect(Set(outcomes.map(\.position)).count == 12)
            #expect(try h.events(in: H.danaStreamName).count == 12)
        }
    }

    @Test func concurrentRedeliveriesOfOneStopAreRecordedOnce() async throws {
        try await H.with { h in
            let handler = h.handlers.ringCentralMessage
            let outcomes = try await withThrowingTaskGroup(of: CommandOutcome.self) { group in
                for _ in 0..<8 { group.addTask { try await handler.handle(Self.inbound(id: "stop-1", text: "STOP")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(outcomes.map(\.positions)).count == 1)
            #expect(outcomes.filter { !$0.deduplicated }.count == 1)
            #expect(try h.events(in: H.danaStreamName).map(\.type) == [.messageLogged, .contactOptedOut])
        }
    }

    @Test func concurrentRevisionsOfOneMessageEndAtTheNewest() async throws {
        try await H.with { h in
            let handler = h.handlers.ringCentralMessage
            let times = (0..<8).map { "2026-03-05T02:00:0\($0)Z" }
            try await withThrowingTaskGroup(of: CommandOutcome.self) { group in
                for time in times.shuffled() {
                    group.addTask { try await handler.handle(Self.inbound(id: "rev-1", text: "hi", modified: time)) }
                }
                try await group.waitForAll()
            }
            let state = try StreamState.read(H.danaStreamName, from: h.store)
            #expect(state.messages["rev-1"]?.latestRevision == ISOTime.parseTimestamp(times.last!))
            let events = try h.events(in: H.danaStreamName)
            #expect(events.filter { $0.type == .messageLogged }.count == 1)
            // Each appended update is newer than everything before it in the stream.
            var previous = Timestamp(microsecondsSinceEpoch: 0)
            for event in events {
                let revision: Date? =
                    switch event.payload {
                    case .messageLogged(let logged): logged.lastModifiedTime
                    case .messageUpdated(let updated): updated.lastModifiedTime
                    default: nil
                    }
                let time = Timestamp(try #require(revision))
                #expect(time > previous)
                previous = time
            }
        }
    }
}
