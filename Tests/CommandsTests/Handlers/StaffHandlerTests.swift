import Domain
import EventStore
import Testing

@testable import Commands

/// Staff actions on contacts: the request id makes a retry harmless, the same id with another
/// body is a conflict, If-Match conflicts carry the actual version, bad input names the field.
@Suite struct StaffHandlerTests {
    typealias H = HandlerHarness

    static let store = H.mossBeach.rawValue
    static let dana = H.dana.e164

    static func request(_ id: String, version: UInt64? = nil, user: String = "staff-7") -> StaffRequest {
        StaffRequest(requestId: id, staffUserId: user, expectedVersion: version)
    }

    func act(
        _ h: H, _ action: ContactAction, _ request: StaffRequest, phone: String = StaffHandlerTests.dana
    ) async throws(CommandError) -> CommandOutcome {
        try await h.handlers.contacts.handle(storeId: Self.store, phone: phone, action: action, request: request)
    }

    func defineTag(_ h: H, _ tagId: SourceID) async throws {
        let tag = try TagDefined(tagId: tagId, scope: .store(H.mossBeach), name: "VIP", kind: .manual)
        _ = try await h.store.append([
            DomainEvent(tag, requestId: "tag-req", actor: try .staff(userId: "admin"), occurredAt: h.clock.now()).proposed()
        ])
    }

    @Test func everyContactActionAppendsItsEventWithTheStaffUserAsActor() async throws {
        try await H.with { h in
            try await defineTag(h, "vip")
            let cases: [(ContactAction, [EventType])] = [
                (.updateNotes("Prefers texts"), [.contactNotesUpdated]),
                (.setDoNotContact(reason: "asked"), [.contactDNCSet]),
                (.clearDoNotContact(reason: nil), [.contactDNCCleared]),
                (.tag(tagId: "vip"), [.contactTagged]),
                (.untag(tagId: "vip"), [.contactUntagged]),
                (.resolveComplaint(resolution: "refunded"), [.contactComplaintResolved]),
                (.convert(leadId: nil, note: "joined"), [.contactConverted]),
                (.merge(into: "(415) 555-0164", reviewId: nil), [.contactMerged, .contactMerged]),
            ]
            for (index, (action, types)) in cases.enumerated() {
                let outcome = try await act(h, action, Self.request("r-\(index)"))
                #expect(outcome.types == types, "\(action)")
                for event in outcome.events {
                    let recorded = try h.recorded(at: event.position)
                    #expect(recorded.actor == (try EventActor.staff(userId: "staff-7")))
                    #expect(recorded.idempotencyKey.hasSuffix(":r-\(index)"))
                }
            }
        }
    }

    @Test func mergeWritesOneEventOnEachContactInOneBatch() async throws {
        try await H.with { h in
            let outcome = try await act(h, .merge(into: "+14155550164", reviewId: nil), Self.request("m-1"))
            #expect(
                outcome.events.map(\.stream) == [
                    Streams.contact(store: H.mossBeach, phone: H.dana),
                    Streams.contact(store: H.mossBeach, phone: PhoneNumber("+14155550164")!),
                ])
            #expect(
                outcome.events.map(\.idempotencyKey) == [
                    "contact.merged:\(H.mossBeach):source:m-1", "contact.merged:\(H.mossBeach):target:m-1",
                ])
        }
    }

    @Test func retryWithTheSameRequestIdReturnsTheFirstResult() async throws {
        try await H.with { h in
            let first = try await act(h, .updateNotes("Call after 6pm"), Self.request("notes-1"))
            h.clock.advance(byMicroseconds: 60_000_000)
            let retry = try await act(h, .updateNotes("Call after 6pm"), Self.request("notes-1"))
            #expect(retry.kind == .duplicate(originalPositions: first.positions))
        }
    }

    @Test func sameRequestIdWithAnotherBodyIsAConflict() async throws {
        try await H.with { h in
            _ = try await act(h, .updateNotes("A"), Self.request("notes-1"))
            let error = await h.refusal { () async throws(CommandError) in try await act(h, .updateNotes("B"), Self.request("notes-1")) }
            #expect(error?.code == .conflict)
            #expect(error?.field == "idempotencyKey")
        }
    }

    @Test func expectedVersionMismatchIsAConflictCarryingTheActualVersion() async throws {
        try await H.with { h in
            _ = try await act(h, .updateNotes("v0"), Self.request("n-0"))
            _ = try await act(h, .updateNotes("v1"), Self.request("n-1", version: 1))
            let error = await h.refusal { () async throws(CommandError) in
                try await act(h, .updateNotes("stale edit"), Self.request("n-2", version: 1))
            }
            #expect(error?.code == .conflict)
            #expect(error?.actualVersion == 2)  // two events in the stream
            #expect(error?.field == "version")
        }
    }

    @Test func expectedVersionOnAContactWithNoEventsConflictsWithActualVersionZero() async throws {
        try await H.with { h in
            let error = await h.refusal { () async throws(CommandError) in
                try await act(h, .setDoNotContact(reason: nil), Self.request("d-1", version: 3))
            }
            #expect(error?.code == .conflict)
            #expect(error?.actualVersion == 0)
        }
    }

    @Test func retryOfAnAcceptedIfMatchRequestIsADuplicateNotAConflict() async throws {
        try await H.with { h in
            let first = try await act(h, .setDoNotContact(reason: nil), Self.request("d-1"))
            let versioned = try await act(h, .updateNotes("x"), Self.request("n-1", version: 1))
            let retry = try await act(h, .updateNotes("x"), Self.request("n-1", version: 1))
            #expect(retry.kind == .duplicate(originalPositions: versioned.positions))
            #expect(first.position < versioned.position)
        }
    }

    @Test(arguments: [
        ("storeId", "not-a-store"), ("storeId", "00000000-0000-4000-8000-000000000000"), ("phone", "555-01"),
        ("Idempotency-Key", "has space"), ("Idempotency-Key", ""), ("X-Staff-User", " "), ("tagId", "undefined-tag"),
        ("into", "+14155550123"), ("into", "nope"), ("leadId", "x@example.com#+14155550123#2026-03-02"),
        ("reviewId", "rev-404"), ("reason", String(repeating: "r", count: 5000)),
    ])
    func badInputNamesTheFieldAndAppendsNothing(field: String, value: String) async throws {
        try await H.with { h in
            var storeId = Self.store, phone = Self.dana
            var request = Self.request("req-1")
            var action = ContactAction.updateNotes("hi")
            switch field {
            case "storeId": storeId = value
            case "phone": phone = value
            case "Idempotency-Key": request.requestId = value
            case "X-Staff-User": request.staffUserId = value
            case "tagId": action = .tag(tagId: value)
            case "into": action = .merge(into: value, reviewId: nil)
            case "leadId": action = .convert(leadId: value, note: nil)
            case "reviewId": action = .merge(into: "+14155550164", reviewId: value)
            default: action = .setDoNotContact(reason: value)
            }
            let error = await h.refusal { () async throws(CommandError) in
                try await h.handlers.contacts.handle(storeId: storeId, phone: phone, action: action, request: request)
            }
            #expect(error?.field == field, "\(error.map(String.init(describing:)) ?? "no error")")
            #expect(error?.isUserError == true)
        }
    }
}
