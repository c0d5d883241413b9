import Domain
import EventStore
import TestSupport
import Testing

@testable import Commands

/// `StreamStateCache`: a remembered fold caught up with the stream's later events equals a
/// fold from the start, whatever happened in between; a merge target, whose fold reads its
/// source contact as it stands, is never served from memory.
@Suite struct StreamStateCacheTests {
    typealias H = HandlerHarness

    static let phones = ["+14155550123", "+14155550187", "+14155550164"]

    static func inbound(id: String, from phone: String, text: String, at time: String) -> [UInt8] {
        Array(
            """
            {"_client_id": "orangeTheory-193365026", "_account_id": "193365026", "id": "\(id)", "type": "SMS",
             "direction": "Inbound", "from": {"phoneNumber": "\(phone)"},
             "to": [{"phoneNumber": "+16505550142", "target": true}], "creationTime": "2026-03-05T02:00:00Z",
             "lastModifiedTime": "\(time)", "subject": "\(text)", "messageStatus": "Received"}
            """.utf8)
    }

    static func analysis(id: String, phone: String, doNotContact: Bool) -> [UInt8] {
        Array(
            """
            {"analysisId": "\(id)", "storeId": "\(H.mossBeach)", "phone": "\(phone)",
             "analyzedAt": "2026-03-05T03:00:00Z", "doNotContact": \(doNotContact)}
            """.utf8)
    }

    func staff(_ h: H, _ phone: String, _ action: ContactAction, _ request: String) async throws -> CommandOutcome {
        try await h.handlers.contacts.handle(
            storeId: H.mossBeach.rawValue, phone: phone, action: action,
            request: StaffRequest(requestId: request, staffUserId: "staff-7"))
    }

    static func stream(_ phone: String) -> String { Streams.contact(store: H.mossBeach, phone: PhoneNumber(phone)!) }

    @Test func aRememberedFoldCaughtUpEqualsAFoldFromTheStart() async throws {
        var random = SplitMix64.fromEnvironment()
        try await H.with { h in
            let cache = StreamStateCache()
            var sent: [(id: String, phone: String)] = []
            for step in 0..<120 {
                let phone = Self.phones.randomElement(using: &random)!
                let minute = String(format: "%02d", step % 60)
                let hour = String(format: "%02d", 3 + step / 60)
                let time = "2026-03-05T\(hour):\(minute):00Z"
                switch Int.random(in: 0..<6, using: &random) {
                case 0, 1:
                    let text = ["hello", "STOP", "START", "see you"].randomElement(using: &random)!
                    _ = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: "m\(step)", from: phone, text: text, at: time))
                    sent.append(("m\(step)", phone))
                case 2 where !sent.isEmpty:
                    // A later revision (message.updated) or a redelivery of an earlier one.
                    let (id, from) = sent.randomElement(using: &random)!
                    let revision = Bool.random(using: &random) ? time : "2026-03-05T02:00:00Z"
                    _ = try await h.handlers.ringCentralMessage.handle(Self.inbound(id: id, from: from, text: "hello", at: revision))
                case 3:
                    let set = Bool.random(using: &random)
                    _ = try await staff(h, phone, set ? .setDoNotContact(reason: "desk") : .clearDoNotContact(reason: nil), "r\(step)")
                case 4:
                    do {
                        _ = try await h.handlers.analysis.contact.handle(
                            Self.analysis(id: "a\(step)", phone: phone, doNotContact: Bool.random(using: &random)))
                    } catch let error as CommandError where error.code == .unprocessable {
                        // The AI may not clear a staff DNC: refused, nothing appended.
                    }
                default:
                    _ = try await staff(h, phone, .updateNotes("note \(step)"), "n\(step)")
                }
                if Bool.random(using: &random) {
                    for phone in Self.phones {
                        let stream = Self.stream(phone)
                        #expect(try cache.fold(stream, from: h.store) == StreamState.read(stream, from: h.store), "\(random.replayHint)")
                    }
                }
            }
            for phone in Self.phones {
                let stream = Self.stream(phone)
                let cached = try cache.fold(stream, from: h.store)
                #expect(cached == (try StreamState.read(stream, from: h.store)))
                #expect(cached.version == h.store.streamVersion(stream))
            }
        }
    }

    /// Each handler's appender remembers the events it appended after its fold without
    /// reading them back (`StreamStateCache.appended`): what it remembers, caught up, must
    /// equal a fold from the start, and after a notification the message handler's state
    /// already holds the event it appended.
    @Test func whatAnAppenderLearnsFromItsOwnAppendsEqualsAFoldFromTheStart() async throws {
        var random = SplitMix64.fromEnvironment()
        try await H.with { h in
            let caches = [
                h.handlers.ringCentralMessage.appender.states, h.handlers.contacts.appender.states,
                h.handlers.analysis.contact.appender.states,
            ]
            var learned = 0
            var sent: [(id: String, phone: String, text: String)] = []
            for step in 0..<150 {
                var phone = Self.phones.randomElement(using: &random)!
                let time = "2026-03-05T\(String(format: "%02d", 3 + step / 60)):\(String(format: "%02d", step % 60)):00Z"
                switch Int.random(in: 0..<5, using: &random) {
                case 0, 1:
                    var text = ["hello", "STOP", "START", "see you"].randomElement(using: &random)!
                    var id = "m\(step)"
                    if !sent.isEmpty && Bool.random(using: &random) {
                        // A redelivery: the same message, as first sent or as a later revision.
                        (id, phone, text) = sent.randomElement(using: &random)!
                    } else {
                        sent.append((id, phone, text))
                    }
                    let outcome = try await h.handlers.ringCentralMessage.handle(
                        Self.inbound(id: id, from: phone, text: text, at: time))
                    let stream = Self.stream(phone)
                    if outcome.events.contains(where: { !$0.deduplicated && $0.stream == stream }) {
                        let remembered = try #require(h.handlers.ringCentralMessage.appender.states.remembered(stream))
                        #expect(remembered.version == h.store.streamVersion(stream), "\(random.replayHint)")
                        learned += 1
                    }
                case 2:
                    let set = Bool.random(using: &random)
                    _ = try await staff(h, phone, set ? .setDoNotContact(reason: "desk") : .clearDoNotContact(reason: nil), "r\(step)")
                case 3:
                    do {
                        _ = try await h.handlers.analysis.contact.handle(
                            Self.analysis(id: "a\(step)", phone: phone, doNotContact: Bool.random(using: &random)))
                    } catch let error as CommandError where error.code == .unprocessable {}
                default:
                    _ = try await staff(h, phone, .updateNotes("note \(step)"), "n\(step)")
                }
                for cache in caches {
                    for phone in Self.phones {
                        let stream = Self.stream(phone)
                        guard var remembered = cache.remembered(stream) else { continue }
                        try remembered.catchUp(from: h.store)
                        #expect(remembered == (try StreamState.read(stream, from: h.store)), "\(random.replayHint)")
                    }
                }
            }
            #expect(learned > 20)
        }
    }

    @Test func aMergeTargetSeesItsSourceAsItStandsAtEachFold() async throws {
        try await H.with { h in
            let cache = StreamStateCache()
            let (source, target) = (Self.phones[0], Self.phones[1])
            _ = try await staff(h, target, .updateNotes("target"), "t-1")
            #expect(try cache.fold(Self.stream(target), from: h.store).doNotContact == nil)
            _ = try await staff(h, source, .merge(into: target, reviewId: nil), "merge-1")
            #expect(try cache.fold(Self.stream(target), from: h.store).readsOtherStreams)
            // The source's DNC changes after the merge was folded: the next fold sees it.
            let optOut = ContactOptedOut(
                storeId: H.mossBeach, phone: PhoneNumber(source)!, messageId: try SourceID("m-late"), keyword: "STOP",
                receivedAt: ISOTime.parseTimestamp("2026-03-06T00:00:00Z")!.date)
            _ = try await h.store.append([DomainEvent(optOut, actor: .system).proposed()])
            let folded = try cache.fold(Self.stream(target), from: h.store)
            #expect(folded.doNotContact == .system)
            #expect(folded == (try StreamState.read(Self.stream(target), from: h.store)))
        }
    }
}
