import Commands
import Domain
import EventStore
import Foundation
import Projections
import Testing

/// Each writer rule of READMODELS.md / PRODUCT.md Flow 1 with its own test, on events
/// appended as the handlers would (the projections see only the log).
@Suite struct WriterRuleTests {
    typealias H = ProjectionHarness
    static let store = try! StoreID(H.mossBeach)
    static let phone = PhoneNumber("+14155550123")!
    static let t0 = ISOTime.parse("2026-03-02T16:58:00Z")!

    static func lead(first: String?, last: String?, at time: Date, phone: PhoneNumber? = phone, email: String = "dana@example.com") -> LeadReceived {
        let address = try! EmailAddress(email)
        return LeadReceived(
            leadId: LeadID.derive(email: address, phone: phone, receivedAt: time), storeId: store,
            franchiseId: try! FranchiseID("orangeTheory"), accountId: try! AccountID("37439510"), leadType: "Web Lead",
            firstName: first, lastName: last, phone: phone, email: address, subject: "New lead", from: "leads@example.com",
            recipient: "lead-tracking+ot0423@example.org", rawBody: "", receivedAt: time)
    }

    static func append(_ h: H, _ events: DomainEvent...) async throws {
        _ = try await h.store.append(events.map { $0.proposed() }, expectedVersions: [:])
    }

    static func analysis(_ id: String, at time: Date, stage: LifecycleStage? = nil, status: LeadStatus? = nil, dnc: Bool? = nil) -> DomainEvent {
        DomainEvent(
            ContactAnalyzed(
                analysisId: try! AnalysisID(id), storeId: store, phone: phone, analyzedAt: time, lifecycleStage: stage,
                leadStatus: status, doNotContact: dnc), actor: .ai)
    }

    static func staff(_ payload: some EventPayload, _ request: String, at time: Date) -> DomainEvent {
        DomainEvent(payload, requestId: try! RequestID(request), actor: try! .staff(userId: "u1"), occurredAt: Timestamp(time))
    }

    @Test func lifecycleStageIsNeverOverwrittenByALaterLead() async throws {
        try await H.with { h in
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0), actor: .imapPoller))
            try await Self.append(h, Self.analysis("a1", at: Self.t0 + 60, stage: .member, status: .booked))
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0 + 86_400 * 2, email: "d2@example.com"), actor: .imapPoller))
            try h.project()
            let contact = try #require(try h.contact(Self.phone.e164))
            #expect(contact.lifecycleStage == "member" && contact.leadStatus == "booked")
            // The leads are on their own streams; the analysis is the contact stream's one event.
            #expect(contact.version == 1)
            #expect(try h.count("SELECT COUNT(*) FROM leads") == 2)
        }
    }

    @Test func namesFillOnlyFromLeadsAndCallAnalyses() async throws {
        try await H.with { h in
            try await Self.append(h, DomainEvent(Self.lead(first: nil, last: "Whitfield", at: Self.t0), actor: .imapPoller))
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "Smith", at: Self.t0 + 86_400, email: "x@example.com"), actor: .imapPoller))
            let call = CallAnalyzed(
                analysisId: "ca1", callId: "c1", storeId: Self.store, customerPhone: Self.phone, callState: .humanConversation,
                firstName: "Danielle", lastName: "Jones", analyzedAt: Self.t0 + 90_000)
            try await Self.append(h, DomainEvent(call, actor: .ai))
            try h.project()
            let contact = try #require(try h.contact(Self.phone.e164))
            #expect(contact.firstName == "Dana" && contact.lastName == "Whitfield")
        }
    }

    @Test func lastActivityAtNeverMovesBackOnALateEvent() async throws {
        try await H.with { h in
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0), actor: .imapPoller))
            let late = MessageLogged(
                messageId: "m1", storeId: Self.store, messageType: .sms, direction: .inbound,
                from: MessageParty(phoneNumber: Self.phone.e164), to: [], customerPhone: Self.phone,
                creationTime: Self.t0 - 3_600, lastModifiedTime: Self.t0 - 3_600)
            try await Self.append(h, DomainEvent(late, actor: .ringcentral))
            try h.project()
            let contact = try #require(try h.contact(Self.phone.e164))
            #expect(contact.lastActivityAt == "2026-03-02T16:58:00.000Z")
            #expect(try h.timelineTypes(Self.phone.e164) == ["lead.created", "message.created"])
        }
    }

    @Test func theAICannotClearAStaffOrSystemDoNotContact() async throws {
        try await H.with { h in
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0), actor: .imapPoller))
            try await Self.append(h, Self.staff(ContactDNCSet(storeId: Self.store, phone: Self.phone), "r1", at: Self.t0 + 10))
            try await Self.append(h, Self.analysis("a1", at: Self.t0 + 20, dnc: false))
            try h.project()
            var contact = try #require(try h.contact(Self.phone.e164))
            #expect(contact.doNotContact && contact.doNotContactUpdatedBy == "staff")
            // Staff clears; the AI sets; the AI may clear its own.
            try await Self.append(h, Self.staff(ContactDNCCleared(storeId: Self.store, phone: Self.phone), "r2", at: Self.t0 + 30))
            try await Self.append(h, Self.analysis("a2", at: Self.t0 + 40, dnc: true))
            try h.project()
            contact = try #require(try h.contact(Self.phone.e164))
            #expect(contact.doNotContact && contact.doNotContactUpdatedBy == "ai")
            try await Self.append(h, Self.analysis("a3", at: Self.t0 + 50, dnc: false))
            try h.project()
            contact = try #require(try h.contact(Self.phone.e164))
            #expect(!contact.doNotContact && contact.doNotContactUpdatedBy == "ai")
            // A STOP (system) cannot be cleared by the AI either; START clears it.
            let stop = ContactOptedOut(storeId: Self.store, phone: Self.phone, messageId: "m9", keyword: "STOP", receivedAt: Self.t0 + 60)
            try await Self.append(h, DomainEvent(stop, actor: .system), Self.analysis("a4", at: Self.t0 + 70, dnc: false))
            try h.project()
            contact = try #require(try h.contact(Self.phone.e164))
            #expect(contact.doNotContact && contact.doNotContactUpdatedBy == "system")
        }
    }

    @Test func aSecondLeadWhileTheOutreachTaskIsPendingMakesNoSecondTask() async throws {
        try await H.with { h in
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0), actor: .imapPoller))
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0 + 86_400, email: "d2@example.com"), actor: .imapPoller))
            try h.project()
            #expect(try h.tasks(Self.phone.e164).count == 1)
            // Once that task is completed, the next lead makes a new one.
            let first = try #require(try h.tasks(Self.phone.e164).first)
            let complete = TaskCompleted(taskId: try TaskID(first.taskId), storeId: Self.store, completedAt: Self.t0 + 90_000)
            try await Self.append(h, Self.staff(complete, "r1", at: Self.t0 + 90_000))
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0 + 86_400 * 3, email: "d3@example.com"), actor: .imapPoller))
            try h.project()
            let tasks = try h.tasks(Self.phone.e164)
            #expect(tasks.map(\.status).sorted() == ["completed", "pending"])
            #expect(try h.timelineTypes(Self.phone.e164).contains("task.completed"))
        }
    }

    @Test func shortCodesMakeNoContact() async throws {
        try await H.with { h in
            let message = MessageLogged(
                messageId: "m1", storeId: Self.store, messageType: .sms, direction: .inbound,
                from: MessageParty(phoneNumber: "22395"), to: [], customerPhone: nil, shortCode: "22395",
                creationTime: Self.t0, lastModifiedTime: Self.t0)
            try await Self.append(h, DomainEvent(message, actor: .ringcentral))
            try h.project()
            #expect(try h.count("SELECT COUNT(*) FROM contacts") == 0)
            #expect(try h.count("SELECT COUNT(*) FROM contact_timeline") == 0)
            #expect(try h.count("SELECT COUNT(*) FROM messages WHERE shortCode = '22395'") == 1)
        }
    }

    @Test func aTaskActionNamingAnotherStoreDoesNotTouchTheTask() async throws {
        try await H.with { h in
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0), actor: .imapPoller))
            try h.project()
            let task = try #require(try h.tasks(Self.phone.e164).first)
            let other = try StoreID(H.tampa)
            let cancel = TaskCancelled(taskId: try TaskID(task.taskId), storeId: other)
            try await Self.append(h, DomainEvent(cancel, requestId: "r1", actor: try .staff(userId: "u9"), occurredAt: Timestamp(Self.t0 + 5)))
            try h.project()
            #expect(try h.tasks(Self.phone.e164).first?.status == "pending")
        }
    }

    @Test func overdueAndSnoozeAreComputedFromNow() async throws {
        try await H.with { h in
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0), actor: .imapPoller))
            try h.project()
            let task = try #require(try h.tasks(Self.phone.e164).first)
            #expect(!task.overdue)
            #expect(try h.tasks(Self.phone.e164, now: "2026-03-02T17:04:00Z").first?.overdue == true)
            let snooze = TaskSnoozed(taskId: try TaskID(task.taskId), storeId: Self.store, snoozedUntil: Self.t0 + 7_200)
            try await Self.append(h, Self.staff(snooze, "r1", at: Self.t0 + 60))
            try h.project()
            #expect(try h.tasks(Self.phone.e164, now: "2026-03-02T17:30:00Z").first?.status == "snoozed")
            let at = ISOTime.parseTimestamp("2026-03-02T17:30:00Z")!
            #expect(try h.readModel.tasks(TasksQuery(storeId: H.mossBeach, status: .snoozed, now: at)).tasks.count == 1)
            #expect(try h.readModel.tasks(TasksQuery(storeId: H.mossBeach, status: .pending, overdue: true, now: at)).tasks.isEmpty)
            let later = try #require(try h.tasks(Self.phone.e164, now: "2026-03-02T19:00:00Z").first)
            #expect(later.status == "pending" && later.overdue)
        }
    }

    @Test func leadTemperatureFollowsNowAndStatus() {
        let created = Timestamp(Self.t0)
        func temperature(_ status: LeadStatus?, afterHours hours: Double) -> LeadTemperature? {
            LeadTemperature.of(status: status, createdAt: created, now: Timestamp(Self.t0 + hours * 3_600))
        }
        #expect(temperature(.new, afterHours: 24) == .hot)
        #expect(temperature(.attempted, afterHours: 24.01) == .warm)
        #expect(temperature(.new, afterHours: 120) == .warm)
        #expect(temperature(.new, afterHours: 120.01) == .cold)
        #expect(temperature(.neglected, afterHours: 1) == .cold)
        #expect(temperature(.connected, afterHours: 1) == nil)
        #expect(temperature(nil, afterHours: 1) == nil)
    }

    @Test func theSweeperCoolsDueLeadsOnceAndYieldsToAConcurrentChange() async throws {
        try await H.with { h in
            let other = PhoneNumber("+14155550164")!
            try await Self.append(h, DomainEvent(Self.lead(first: "Dana", last: "W", at: Self.t0), actor: .imapPoller))
            try await Self.append(h, DomainEvent(Self.lead(first: "Mari", last: "P", at: Self.t0, phone: other, email: "m@example.com"), actor: .imapPoller))
            try h.project()
            let now = Timestamp(Self.t0 + 5 * 86_400 + 1)
            let due = try h.readModel.coolingCandidates(now: now)
            #expect(due.count == 2)
            #expect(try h.readModel.coolingCandidates(now: Timestamp(Self.t0 + 5 * 86_400 - 1)).isEmpty)
            // Marisol's contact changes after the read model was read: her cooling must lose.
            try await Self.append(h, DomainEvent(
                ContactAnalyzed(analysisId: "a1", storeId: Self.store, phone: other, analyzedAt: Self.t0 + 100, leadStatus: .connected), actor: .ai))
            let requests = due.map {
                LeadCoolingHandler.Request(
                    storeId: $0.storeId, phone: $0.phone, leadStatus: $0.leadStatus, contactCreatedAt: $0.createdAt, expectedVersion: $0.version)
            }
            let result = await LeadCoolingSweep(store: h.store).run(requests)
            #expect(result.cooled == 1 && result.conflicts == 1 && result.failures.isEmpty)
            try h.project()
            #expect(try h.contact(Self.phone.e164)?.leadStatus == "neglected")
            #expect(try h.contact(other.e164)?.leadStatus == "connected")
            #expect(try h.timelineTypes(Self.phone.e164).contains("lead.cooled"))
            // A second sweep finds nothing to do.
            #expect(try h.readModel.coolingCandidates(now: now).isEmpty)
            #expect(await LeadCoolingSweep(store: h.store).run(requests).alreadyCooled == 1)
        }
    }
}
