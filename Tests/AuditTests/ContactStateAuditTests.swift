import Audit
import Commands
import Domain
import EventStore
import Testing

/// `audit state`: a contact as of an instant, by event time or by what the system knew.
@Suite struct ContactStateAuditTests {
    typealias S = AuditScenario

    func state(_ s: AuditScenario, _ phone: PhoneNumber, at: String, knownAt: String? = nil) throws -> ContactState {
        try ContactStateAudit.reconstruct(
            store: s.store, query: ContactStateQuery(storeId: S.mossBeach, phone: phone, at: S.time(at), knownAt: knownAt.map(S.time)))
    }

    @Test func aLateStopIsInForceByEventTimeButWasNotKnownBeforeItArrived() async throws {
        try await S.with { s in
            try await s.call(S.jordan, at: "2026-03-10T16:00:00Z")
            let stop = try await s.optOut(S.jordan, at: "2026-03-10T17:00:00Z", recordedAt: "2026-03-10T19:00:00Z")
            let world = try state(s, S.jordan, at: "2026-03-10T18:00:00Z")
            #expect(world.doNotContact)
            #expect(world.doNotContactUpdatedBy == "system")
            #expect(world.doNotContactSetBy?.position == stop)
            #expect(world.order == "event_time")
            let known = try state(s, S.jordan, at: "2026-03-10T18:00:00Z", knownAt: "2026-03-10T18:30:00Z")
            #expect(!known.doNotContact)
            #expect(known.lastPosition == stop - 2)
            let later = try state(s, S.jordan, at: "2026-03-10T18:00:00Z", knownAt: "2026-03-10T19:00:00Z")
            #expect(later.doNotContact)
            #expect(later.lastPosition == stop)
            let before = try state(s, S.jordan, at: "2026-03-10T16:59:59Z")
            #expect(!before.doNotContact)
            #expect(before.exists)
        }
    }

    @Test func aLeadMakesTheContactWithAnOpenOutreachTaskUntilItIsCompleted() async throws {
        try await S.with { s in
            let handlers = try CommandHandlers(store: s.store, clock: s.clock)
            let leads = LeadEmailHandler(store: s.store, registry: handlers.registry)
            _ = try await leads.handle(try S.fixture("email/web-lead-plain.eml"))
            _ = try await handlers.analysis.handle(try S.fixture("analysis/contact-analysis.json"))
            let before = try state(s, S.dana, at: "2026-03-02T16:57:59Z")
            #expect(!before.exists)
            #expect(before.openTasks.isEmpty)
            let atLead = try state(s, S.dana, at: "2026-03-02T17:00:00Z")
            #expect(atLead.exists)
            #expect(atLead.firstName == "Dana")
            #expect(atLead.lastName == "Whitfield")
            #expect(atLead.lifecycleStage == "lead")
            #expect(atLead.leadStatus == "new")
            let task = try #require(atLead.openTasks.first)
            #expect(atLead.openTasks.count == 1)
            #expect(task.taskType == "lead_outreach")
            #expect(task.dueAt == "2026-03-02T17:03:00.000Z")
            let leadId = try #require(task.sourceLeadId)
            #expect(task.taskId == DeterministicIDs.leadOutreachTask(leadId: try LeadID(leadId)).rawValue)
            // The contact analysis at 17:15 sets leadStatus connected.
            let analysed = try state(s, S.dana, at: "2026-03-02T17:20:00Z")
            #expect(analysed.leadStatus == "connected")
            // Staff complete the task.
            let completed = TaskCompleted(taskId: try TaskID(task.taskId), storeId: S.mossBeach, completedAt: S.time("2026-03-02T18:00:00Z").date)
            try await s.append([DomainEvent(completed, requestId: "req-done", actor: try EventActor.staff(userId: "u-7"), occurredAt: S.time("2026-03-02T18:00:00Z"))],
                               recordedAt: S.time("2026-03-02T18:00:00Z"))
            #expect(try state(s, S.dana, at: "2026-03-02T17:59:59Z").openTasks.count == 1)
            #expect(try state(s, S.dana, at: "2026-03-02T18:00:00Z").openTasks.isEmpty)
        }
    }

    @Test func badQueryFieldsAreNamed() {
        #expect(throws: AuditError.invalidField(field: "phone", reason: "'12' is not a NANP phone number")) {
            try ContactStateQuery(storeId: S.mossBeach.rawValue, phone: "12", at: "2026-03-02T17:00:00Z", knownAt: nil)
        }
        #expect(throws: AuditError.invalidField(field: "at", reason: "is required")) {
            try ContactStateQuery(storeId: S.mossBeach.rawValue, phone: "+14155550123", at: nil, knownAt: nil)
        }
        #expect(throws: AuditError.invalidField(field: "knownAt", reason: "'yesterday' is not an ISO-8601 instant (e.g. 2026-03-05T04:30:00Z)")) {
            try ContactStateQuery(storeId: S.mossBeach.rawValue, phone: "+14155550123", at: "2026-03-02T17:00:00Z", knownAt: "yesterday")
        }
    }
}
