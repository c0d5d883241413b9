@testable import Domain
@testable import EventStore
import Foundation
import Testing

@Suite struct EventCatalogTests {
    @Test func samplesCoverEveryEventTypeOnce() throws {
        let types = try CatalogSamples.all().map(\.type)
        #expect(types == EventType.allCases)
    }

    @Test func everyPayloadRoundTripsThroughCanonicalJSON() throws {
        for event in try CatalogSamples.all() {
            let proposed = event.proposed()
            let decoded = try DomainEvent(proposed: proposed)
            #expect(decoded == event, "\(event.type)")
            // Canonical: re-encoding the decoded event gives the same bytes.
            #expect(decoded.proposed().payload == proposed.payload, "\(event.type)")
        }
    }

    @Test func recordedEventsDecodeToTheEventThatWasProposed() throws {
        for (index, event) in try CatalogSamples.all().enumerated() {
            let p = event.proposed()
            let recorded = RecordedEvent(
                position: UInt64(index + 1), id: p.id, type: p.type, stream: p.stream, version: 0, storeId: p.storeId,
                occurredAt: p.occurredAt, recordedAt: p.occurredAt, idempotencyKey: p.idempotencyKey, actor: p.actor,
                schemaVersion: p.schemaVersion, payload: p.payload, previousInStream: 0)
            #expect(try DomainEvent(recorded: recorded) == event, "\(event.type)")
        }
    }

    @Test func canonicalJSONSortsKeysAndWritesInstantsAsISO8601UTC() throws {
        let json = String(decoding: DomainEvent(CatalogSamples.callLogged, actor: .ringcentral).proposed().payload, as: UTF8.self)
        #expect(json.hasPrefix(#"{"accountId":"193365026","action":"VoIP Call","callId":"Y3s4Bq9xKf2mPA","callType":"Voice","#))
        #expect(json.contains(#""startTime":"2026-03-02T16:58:00.000Z""#))
        #expect(!json.contains("null"), "absent optionals are omitted")
    }

    @Test func proposedEventCarriesTheEnvelopeOfEventsMd() throws {
        let lead = CatalogSamples.leadReceived
        let proposed = DomainEvent(lead, actor: .imapPoller).proposed()
        #expect(proposed.type == "lead.received")
        #expect(proposed.stream == "lead/dana.whitfield@example.com#+14155550123#2026-03-02")
        #expect(proposed.idempotencyKey == "lead.received:dana.whitfield@example.com#+14155550123#2026-03-02")
        #expect(proposed.storeId == "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(proposed.occurredAt == Timestamp(lead.receivedAt))
        #expect(proposed.actor == Actor(type: "imap-poller", id: ""))
        #expect(proposed.schemaVersion == 1)
        #expect(proposed.id == DeterministicIDs.eventID(idempotencyKey: proposed.idempotencyKey))
    }

    @Test func streamsAndKeysFollowTheTableOfEventsMd() throws {
        let events = Dictionary(uniqueKeysWithValues: try CatalogSamples.all().map { ($0.type, $0) })
        let contact = "contact/5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c/+14155550123"
        #expect(events[.storeRegistered]?.stream == "store/5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(events[.storeRegistered]?.idempotencyKey == "store.registered:5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(events[.storeUpdated]?.idempotencyKey.hasPrefix("store.updated:5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c:") == true)
        #expect(events[.leadCooled]?.idempotencyKey == "lead.cooled:5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c:+14155550123:2026-03-02T16:58:00.000Z")
        #expect(events[.leadCooled]?.occurredAt == ISOTime.parseTimestamp("2026-03-07T16:58:00Z"))
        #expect(events[.messageLogged]?.stream == contact)
        #expect(events[.messageLogged]?.idempotencyKey == "message.logged:1730458812016")
        #expect(events[.messageUpdated]?.idempotencyKey == "message.updated:1730458812016:2026-03-02T17:09:30.123Z")
        #expect(events[.callLogged]?.idempotencyKey == "call.logged:Y3s4Bq9xKf2mPA")
        #expect(events[.callAnalyzed]?.idempotencyKey == "call.analyzed:Y3s4Bq9xKf2mPA:pca-2026-03-02-Y3s4Bq9xKf2mPA")
        #expect(events[.contactAnalyzed]?.idempotencyKey == "contact.analyzed:ca-2026-03-02-0001")
        #expect(events[.contactOptedOut]?.idempotencyKey == "contact.opted_out:1730461927001")
        #expect(events[.contactOptedOut]?.stream == "contact/5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c/+14155550187")
        #expect(events[.contactDNCSet]?.idempotencyKey == "contact.dnc_set:5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c:req-1")
        #expect(events[.contactMerged]?.idempotencyKey == "contact.merged:5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c:target:req-8")
        #expect(events[.contactMerged]?.stream == contact)
        #expect(events[.profileUpdated]?.idempotencyKey == "profile.updated:mindbody:c-1042:7")
        #expect(events[.profileUpdated]?.actor.description == "integration:mindbody")
        #expect(events[.identityReviewRequested]?.idempotencyKey == "identity.review_requested:profile.updated:mindbody:c-1042:7")
        #expect(events[.identityReviewRequested]?.stream.hasPrefix("review/") == true)
        #expect(events[.taskCreated]?.stream == "task/0f6e2a34-5b1c-4d7e-8f90-a1b2c3d4e5f6")
        #expect(events[.tagDefined]?.idempotencyKey == "tag.defined:franchise:orangeTheory:req-15")
        #expect(events[.tagDefined]?.storeId == nil)
        #expect(events[.segmentSnapshotTaken]?.stream == "segment/hot-leads")
        #expect(events[.inputUnrouted]?.stream == "unrouted/ringcentral.message/1730461927001")
        #expect(events[.inputUnrouted]?.idempotencyKey.hasPrefix("input.unrouted:ringcentral.message:1730461927001:") == true)
        #expect(events[.inputUnrouted]?.storeId == nil)
        #expect(events[.inputRerouted]?.stream == "unrouted/ringcentral.message/1730461927001")
        #expect(events[.inputRerouted]?.idempotencyKey.hasPrefix("input.rerouted:ringcentral.message:1730461927001:") == true)
    }

    @Test func anOptOutFromAnA2PNoticeIsKeyedByTheNoticeAndAV1OptOutStillReads() throws {
        let notice = DomainEvent(
            ContactOptedOut(storeId: try StoreID("5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"), phone: PhoneNumber("+14155550187")!,
                            noticeId: "58273116490071234567", receivedAt: CatalogSamples.later), actor: .system)
        #expect(notice.idempotencyKey == "contact.opted_out:notice:58273116490071234567")
        #expect(notice.proposed().schemaVersion == 2)
        let v1 = Array(#"{"keyword":"STOP","messageId":"m1","phone":"+14155550187","receivedAt":"2026-03-02T16:58:00.000Z","storeId":"5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"}"#.utf8)
        guard case .contactOptedOut(let old) = try EventCodec.decode(type: .contactOptedOut, schemaVersion: 1, payload: v1) else {
            Issue.record("not an opt-out")
            return
        }
        #expect(old.messageId?.rawValue == "m1" && old.keyword == "STOP" && old.noticeId == nil)
    }

    @Test func shortCodeMessagesAndExtensionCallsUseTheirOwnStreams() {
        var message = CatalogSamples.messageLogged
        message.customerPhone = nil
        message.shortCode = "447267"
        #expect(message.stream == "message/1730458812016")
        var call = CatalogSamples.callLogged
        call.customerPhone = nil
        #expect(call.stream == "call/Y3s4Bq9xKf2mPA")
    }

    @Test func theSameChangeRedeliveredHasTheSameKeyAndADifferentChangeANewOne() throws {
        let original = CatalogSamples.leadReceived
        var redelivery = original
        #expect(LeadUpdated.changes(from: original, to: redelivery) == nil)
        redelivery.leadType = "Online Intro"
        redelivery.receivedAt = CatalogSamples.later
        let first = try #require(LeadUpdated.changes(from: original, to: redelivery))
        redelivery.receivedAt = CatalogSamples.later.addingTimeInterval(300)
        let second = try #require(LeadUpdated.changes(from: original, to: redelivery))
        #expect(IdempotencyKeys.leadUpdated(first) == IdempotencyKeys.leadUpdated(second))
        redelivery.storeId = nil  // forward-only: a lost mapping is not a change of store…
        redelivery.leadType = original.leadType
        #expect(LeadUpdated.changes(from: original, to: redelivery) == nil)
        redelivery.accountId = try AccountID("204471833")  // …but a new account is.
        #expect(IdempotencyKeys.leadUpdated(try #require(LeadUpdated.changes(from: original, to: redelivery))) != IdempotencyKeys.leadUpdated(first))
    }

    @Test func unknownTypesFutureVersionsAndBrokenPayloadsAreTypedErrors() {
        #expect(throws: DomainError.unknownEventType("lead.deleted")) {
            try EventCodec.decode(type: "lead.deleted", schemaVersion: 1, payload: Array("{}".utf8))
        }
        #expect(throws: DomainError.unsupportedSchemaVersion(type: "lead.received", version: 2)) {
            try EventCodec.decode(type: "lead.received", schemaVersion: 2, payload: Array("{}".utf8))
        }
        #expect(throws: DomainError.unsupportedSchemaVersion(type: "call.logged", version: 0)) {
            try EventCodec.decode(type: "call.logged", schemaVersion: 0, payload: Array("{}".utf8))
        }
        let badPhone = #"{"storeId":"5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c","phone":"555","notes":"x"}"#
        do {
            _ = try EventCodec.decode(type: "contact.notes_updated", schemaVersion: 1, payload: Array(badPhone.utf8))
            Issue.record("a payload with an invalid phone decoded")
        } catch {
            #expect(error.description.contains("contact.notes_updated") && error.description.contains("phone"), "\(error)")
        }
    }

    @Test func actorsWithoutRequiredIdsAreRejected() {
        #expect(throws: DomainError.missingField(field: "actor.id")) { try EventActor.staff(userId: "  ") }
        #expect(throws: DomainError.self) { try EventActor(Actor(type: "robot")) }
        #expect(throws: Never.self) { try EventActor(Actor(type: "imap-poller")) }
    }
}
