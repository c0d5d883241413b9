import Domain
import EventStore
import Foundation

/// One realistic event of every catalog type, shaped after the shared fixtures.
enum CatalogSamples {
    static let store = try! StoreID("5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
    static let dana = PhoneNumber("+14155550123")!
    static let jordan = PhoneNumber("+14155550187")!
    static let franchise = try! FranchiseID(clientId: "orangeTheory-193365026")
    static let account = try! AccountID("193365026")
    static let staff = try! EventActor.staff(userId: "user-17")
    static let at = ISOTime.parse("2026-03-02T16:58:00.000Z")!
    static let later = ISOTime.parse("2026-03-02T17:09:30.123Z")!
    static let now = Timestamp(microsecondsSinceEpoch: 1_772_471_000_000_000)
    static let taskId = try! TaskID("0f6e2a34-5b1c-4d7e-8f90-a1b2c3d4e5f6")

    static let profile = try! StoreProfile(json: Array(StoreFixtures.mossBeach.utf8))

    static let leadReceived = LeadReceived(
        leadId: LeadID.derive(email: try? EmailAddress("Dana.Whitfield@Example.com"), phone: dana, receivedAt: at),
        storeId: store, franchiseId: franchise, accountId: account, leadType: "Web Lead", firstName: " Dana ",
        lastName: "Whitfield", phone: dana, email: try? EmailAddress("dana.whitfield@example.com"), bookedDate: "2026-03-05",
        bookedTime: "6:15 AM", subject: "New Web Lead: Dana Whitfield", from: "Booking System <leads@booking.example.com>",
        recipient: "lead-tracking+ot0423@example.org", trackingId: try? TrackingID("ot0423"),
        rawBody: "Name: Dana Whitfield\nPhone: (415) 555-0123\n", receivedAt: at, parseWarnings: [])

    static let messageLogged = MessageLogged(
        messageId: "1730458812016", conversationId: "7876416245344257449", storeId: store, franchiseId: franchise,
        accountId: account, messageType: .sms, direction: .inbound,
        from: MessageParty(phoneNumber: "+14155550123", name: "Dana Whitfield"),
        to: [MessageParty(phoneNumber: "+16505550142", location: "Moss Beach, CA", target: true)], customerPhone: dana,
        subject: "Hi! Is the 6am class on Thursday still open?", creationTime: at, lastModifiedTime: at,
        messageStatus: .received, readStatus: .unread,
        attachments: [MessageAttachment(id: "1730458812016", type: "Text", contentType: "text/plain", size: 52)])

    static let callLogged = CallLogged(
        callId: "Y3s4Bq9xKf2mPA", sessionId: "41926617004", storeId: store, accountId: account, startTime: at,
        durationSeconds: 214, callType: "Voice", direction: .outbound, action: "VoIP Call", result: "Call connected",
        from: CallParty(phoneNumber: "+16505550142", extensionNumber: "101", name: "OTF Moss Beach"),
        to: CallParty(phoneNumber: "+14155550123", name: "Dana Whitfield"), customerPhone: dana,
        recording: CallRecording(id: "2771934004", type: "Automatic"))

    /// Every type once, in catalog order.
    static func all() throws -> [DomainEvent] {
        let analysis = ContactAnalyzed(
            analysisId: "ca-2026-03-02-0001", storeId: store, phone: dana, analyzedAt: later, lifecycleStage: .lead,
            lifecycleState: .active, leadStatus: .connected, leadStatusReason: "Spoke with staff.",
            leadObjections: ["price", "schedule", "Price"], leadRejectionReasons: [], purchaseIntent: .high,
            goals: [ContactGoal(goal: "lose weight before summer", reason: "Said so.")], actionNeeded: true,
            suggestedActions: [SuggestedAction(action: "Text a booking link", priority: .high), SuggestedAction(action: "Mention pricing", priority: .medium)],
            hasOpenComplaint: false, doNotContact: false)
        let review = try IdentityReviewRequested(
            storeId: store, triggeringEventType: .profileUpdated, triggeringIdempotencyKey: "profile.updated:mindbody:c-1042:7",
            matchedBy: .email, candidatePhones: [dana, jordan], email: try EmailAddress("shared@example.com"), requestedAt: later)
        let scope = DefinitionScope.store(store)
        let unrouted = InputUnrouted(
            kind: .ringCentralMessage, sourceId: "1730461927001", reason: "no store is registered for RingCentral account 999",
            accountId: try AccountID("999"), storePhone: PhoneNumber("+16505550199"), occurredAt: later, inputBytes: Array(#"{"id":"1730461927001"}"#.utf8))
        let events: [DomainEvent] = [
            DomainEvent(StoreRegistered(profile: profile), actor: staff, occurredAt: now),
            DomainEvent(StoreUpdated(profile: profile), actor: .system, occurredAt: now),
            DomainEvent(leadReceived, actor: .imapPoller),
            DomainEvent(LeadUpdated(leadId: leadReceived.leadId, leadType: "Online Intro", franchiseId: franchise, accountId: account, storeId: store, receivedAt: later), actor: .imapPoller),
            DomainEvent(try LeadCooled(storeId: store, phone: dana, fromStatus: .new, contactCreatedAt: at), actor: .system),
            DomainEvent(messageLogged, actor: .ringcentral),
            DomainEvent(MessageUpdated(messageId: "1730458812016", storeId: store, customerPhone: dana, lastModifiedTime: later, messageStatus: .delivered, readStatus: .read), actor: .ringcentral),
            DomainEvent(callLogged, actor: .ringcentral),
            DomainEvent(CallAnalyzed(analysisId: "pca-2026-03-02-Y3s4Bq9xKf2mPA", callId: "Y3s4Bq9xKf2mPA", storeId: store, customerPhone: dana, callState: .humanConversation, firstName: "Dana", lastName: "Whitfield", summary: "Asked about classes.", analyzedAt: later), actor: .ai),
            DomainEvent(analysis, actor: .ai),
            DomainEvent(ContactOptedOut(storeId: store, phone: jordan, messageId: "1730461927001", keyword: "STOP", receivedAt: later), actor: .system),
            DomainEvent(ContactOptedIn(storeId: store, phone: jordan, messageId: "1730461927002", keyword: "START", receivedAt: later), actor: .system),
            DomainEvent(ContactDNCSet(storeId: store, phone: dana, reason: "Asked not to be called"), requestId: "req-1", actor: staff, occurredAt: now),
            DomainEvent(ContactDNCCleared(storeId: store, phone: dana), requestId: "req-2", actor: staff, occurredAt: now),
            DomainEvent(ContactNotesUpdated(storeId: store, phone: dana, notes: " Prefers texts. "), requestId: "req-3", actor: staff, occurredAt: now),
            DomainEvent(ContactTagged(storeId: store, phone: dana, tagId: "vip"), requestId: "req-4", actor: staff, occurredAt: now),
            DomainEvent(ContactUntagged(storeId: store, phone: dana, tagId: "vip"), requestId: "req-5", actor: staff, occurredAt: now),
            DomainEvent(ContactComplaintResolved(storeId: store, phone: dana, resolution: "Refunded"), requestId: "req-6", actor: staff, occurredAt: now),
            DomainEvent(ContactConverted(storeId: store, phone: dana, leadId: leadReceived.leadId), requestId: "req-7", actor: staff, occurredAt: now),
            DomainEvent(try ContactMerged(storeId: store, sourcePhone: jordan, targetPhone: dana, recordedOn: .target), requestId: "req-8", actor: staff, occurredAt: now),
            DomainEvent(ProfileUpdated(integration: "mindbody", externalId: "c-1042", version: "7", storeId: store, phone: dana, email: try EmailAddress("dana@example.com"), hasCardOnFile: true, externalIds: [ExternalIdentity(system: "mindbody", id: "c-1042")], updatedAt: later), actor: try .integration(name: "mindbody")),
            DomainEvent(review, actor: .system),
            DomainEvent(try IdentityReviewResolved(reviewId: review.reviewId, storeId: store, decision: .link, chosenPhone: dana), requestId: "req-9", actor: staff, occurredAt: now),
            DomainEvent(TaskCreated(taskId: taskId, storeId: store, contactPhone: dana, taskType: .followUp, priority: .medium, suggestedActions: [SuggestedAction(action: "Call back", priority: .medium)], dueAt: later, createdAt: at, assignee: "user-17"), requestId: "req-10", actor: staff, occurredAt: now),
            DomainEvent(TaskCompleted(taskId: taskId, storeId: store, completedAt: later), requestId: "req-11", actor: staff, occurredAt: now),
            DomainEvent(TaskSnoozed(taskId: taskId, storeId: store, snoozedUntil: later), requestId: "req-12", actor: staff, occurredAt: now),
            DomainEvent(TaskReassigned(taskId: taskId, storeId: store, assignee: nil), requestId: "req-13", actor: staff, occurredAt: now),
            DomainEvent(TaskCancelled(taskId: taskId, storeId: store, reason: "Duplicate"), requestId: "req-14", actor: staff, occurredAt: now),
            DomainEvent(try TagDefined(tagId: "sms-heavy", scope: .franchise(franchise), name: "SMS heavy", kind: .auto, rule: "inboundSms30d > 3"), requestId: "req-15", actor: staff, occurredAt: now),
            DomainEvent(try SegmentDefined(segmentId: "hot-leads", scope: scope, name: "Hot leads", rules: "leadStatus IN ('new','attempted')", isDynamic: false), requestId: "req-16", actor: staff, occurredAt: now),
            DomainEvent(SegmentSnapshotTaken(segmentId: "hot-leads", scope: scope, logPosition: 42, members: [ContactRef(storeId: store, phone: dana)], takenAt: later), requestId: "req-17", actor: staff, occurredAt: now),
            DomainEvent(unrouted, actor: .ringcentral),
            DomainEvent(InputRerouted(kind: .ringCentralMessage, sourceId: "1730461927001", unroutedKey: DomainEvent(unrouted, actor: .ringcentral).idempotencyKey, unroutedPosition: 7, storeId: store), actor: .system, occurredAt: now),
        ]
        return events
    }
}
