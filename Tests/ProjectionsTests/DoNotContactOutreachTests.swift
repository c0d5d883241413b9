import Commands
import Domain
import EventStore
import Foundation
import Projections
import Testing

/// Issue 15, "Do-Not-Contact ends outreach": a contact who must not be contacted has no open
/// outreach task — for every source of Do-Not-Contact (staff, the customer's opt-out keyword,
/// the AI) — and clearing the DNC does not bring cancelled tasks back.
@Suite struct DoNotContactOutreachTests {
    typealias H = ProjectionHarness
    typealias W = WriterRuleTests
    static let store = W.store
    static let phone = W.phone
    static let t0 = W.t0

    /// The three ways a contact comes under Do-Not-Contact.
    enum Source: String, CaseIterable, CustomTestStringConvertible {
        case staff, optOutKeyword, ai
        var testDescription: String { rawValue }

        func event(at time: Date, key: String = "dnc1") -> DomainEvent {
            switch self {
            case .staff:
                W.staff(ContactDNCSet(storeId: DoNotContactOutreachTests.store, phone: DoNotContactOutreachTests.phone), key, at: time)
            case .optOutKeyword:
                DomainEvent(
                    ContactOptedOut(
                        storeId: DoNotContactOutreachTests.store, phone: DoNotContactOutreachTests.phone, messageId: try! RingCentralID(key),
                        keyword: "STOP", receivedAt: time), actor: .system)
            case .ai:
                W.analysis(key, at: time, dnc: true)
            }
        }

        /// The event that clears this source's DNC.
        func clearing(at time: Date) -> DomainEvent {
            switch self {
            case .staff, .ai:
                W.staff(ContactDNCCleared(storeId: DoNotContactOutreachTests.store, phone: DoNotContactOutreachTests.phone), "clear1", at: time)
            case .optOutKeyword:
                DomainEvent(
                    ContactOptedIn(
                        storeId: DoNotContactOutreachTests.store, phone: DoNotContactOutreachTests.phone, messageId: "start1",
                        keyword: "START", receivedAt: time), actor: .system)
            }
        }
    }

    static func lead(at time: Date, email: String) -> DomainEvent {
        DomainEvent(W.lead(first: "Dana", last: "W", at: time, email: email), actor: .imapPoller)
    }

    static func staffTask(_ h: H, type: String, request: String) async throws -> String {
        let task = NewTask(taskType: type, priority: "medium", contactPhone: phone.e164)
        let outcome = try await h.handlers.tasks.handle(
            storeId: H.mossBeach, action: .create(task), request: StaffRequest(requestId: request, staffUserId: "u1"))
        return try #require(outcome.ids["taskId"])
    }

    /// What the server's outreach sweep does, through the same two halves.
    static func sweep(_ h: H) async throws -> [DoNotContactTaskHandler.Result] {
        let handler = DoNotContactTaskHandler(store: h.store, clock: h.clock)
        var results: [DoNotContactTaskHandler.Result] = []
        for task in try h.readModel.doNotContactTasks() {
            results.append(
                try await handler.cancel(.init(storeId: task.storeId, phone: task.contactPhone, taskId: task.taskId)))
        }
        try h.project()
        return results
    }

    @Test(arguments: Source.allCases)
    func aLeadForAContactUnderDoNotContactMakesNoOutreachTask(source: Source) async throws {
        try await H.with { h in
            try await W.append(h, source.event(at: Self.t0))
            try await W.append(h, Self.lead(at: Self.t0 + 60, email: "a@example.com"))
            try h.project()
            #expect(try h.contact(Self.phone.e164)?.doNotContact == true)
            #expect(try h.tasks(Self.phone.e164).isEmpty)
            // Once the DNC is cleared, the next lead gets its task again.
            try await W.append(h, source.clearing(at: Self.t0 + 120))
            try await W.append(h, Self.lead(at: Self.t0 + 180, email: "b@example.com"))
            try h.project()
            #expect(try h.tasks(Self.phone.e164).map(\.status) == ["pending"])
        }
    }

    @Test(arguments: Source.allCases)
    func doNotContactCancelsOpenOutreachTasksOnceAndClearingItDoesNotReopenThem(source: Source) async throws {
        try await H.with { h in
            try await W.append(h, Self.lead(at: Self.t0, email: "a@example.com"))
            let followUp = try await Self.staffTask(h, type: "follow_up", request: "t1")
            let complaint = try await Self.staffTask(h, type: "complaint", request: "t2")
            try h.project()
            #expect(try h.tasks(Self.phone.e164).map(\.status) == ["pending", "pending", "pending"])
            #expect(try h.readModel.doNotContactTasks().isEmpty)

            try await W.append(h, source.event(at: Self.t0 + 600))
            try h.project()
            let listed = try h.readModel.doNotContactTasks()
            #expect(Set(listed.map(\.taskType)) == [.leadOutreach, .followUp])
            let results = try await Self.sweep(h)
            #expect(results.count == 2)
            #expect(results.allSatisfy { if case .cancelled(let outcome) = $0 { !outcome.deduplicated } else { false } })

            let tasks = try h.tasks(Self.phone.e164)
            #expect(tasks.first { $0.taskId == followUp }?.status == "cancelled")
            #expect(tasks.first { $0.taskId == complaint }?.status == "pending")
            #expect(tasks.first { $0.taskType == "lead_outreach" }?.status == "cancelled")
            // Each cancellation is an event by the system, with the reason, once per task.
            let cancellations = try h.store.read(from: 1, maxCount: 10_000, filter: EventFilter(types: [EventType.taskCancelled.rawValue]))
            #expect(cancellations.count == 2)
            for event in cancellations {
                let decoded = try DomainEvent(recorded: event)
                #expect(decoded.actor == .system)
                guard case .taskCancelled(let cancelled) = decoded.payload else {
                    Issue.record("not a task.cancelled: \(decoded.type)")
                    continue
                }
                #expect(cancelled.reason == DoNotContactTaskHandler.reason)
            }
            #expect(try h.readModel.doNotContactTasks().isEmpty)
            #expect(try await Self.sweep(h).isEmpty)

            // Clearing the DNC does not resurrect them.
            try await W.append(h, source.clearing(at: Self.t0 + 1_200))
            try h.project()
            #expect(try h.contact(Self.phone.e164)?.doNotContact == false)
            #expect(try h.tasks(Self.phone.e164).filter { $0.status == "pending" }.map(\.taskId) == [complaint])
        }
    }

    @Test func aRetriedCancellationIsADuplicateAndAnEndedTaskIsLeftAlone() async throws {
        try await H.with { h in
            try await W.append(h, Self.lead(at: Self.t0, email: "a@example.com"))
            let followUp = try await Self.staffTask(h, type: "callback", request: "t1")
            try await W.append(h, Source.staff.event(at: Self.t0 + 60))
            try h.project()
            let handler = DoNotContactTaskHandler(store: h.store, clock: h.clock)
            let request = DoNotContactTaskHandler.Request(storeId: H.mossBeach, phone: Self.phone.e164, taskId: followUp)
            guard case .cancelled(let first) = try await handler.cancel(request), !first.deduplicated else {
                Issue.record("the first cancellation did not append")
                return
            }
            guard case .cancelled(let again) = try await handler.cancel(request) else {
                Issue.record("the retry was not answered as a cancellation")
                return
            }
            #expect(again.deduplicated && again.position == first.position)
            // A task staff completed since the read model listed it is not cancelled.
            let outreach = try #require(try h.tasks(Self.phone.e164).first { $0.taskType == "lead_outreach" })
            _ = try await h.handlers.tasks.handle(
                storeId: H.mossBeach, action: .complete(taskId: outreach.taskId, note: nil),
                request: StaffRequest(requestId: "done1", staffUserId: "u1"))
            let ended = try await handler.cancel(.init(storeId: H.mossBeach, phone: Self.phone.e164, taskId: outreach.taskId))
            #expect(ended == .ended(.completed))
        }
    }

    @Test func aDoNotContactClearedInTheLogBeforeTheSweepCancelsNothing() async throws {
        try await H.with { h in
            try await W.append(h, Self.lead(at: Self.t0, email: "a@example.com"))
            try await W.append(h, Source.staff.event(at: Self.t0 + 60))
            try h.project()
            #expect(try h.readModel.doNotContactTasks().count == 1)
            // Cleared in the log; the read model has not seen it yet.
            try await W.append(h, Source.staff.clearing(at: Self.t0 + 120))
            let before = h.store.durablePosition
            let results = try await Self.sweep(h)
            #expect(results == [.notInForce])
            #expect(h.store.durablePosition == before)
            #expect(try h.tasks(Self.phone.e164).map(\.status) == ["pending"])
        }
    }

    @Test func staffCannotCreateAnOutreachTaskForAContactUnderDoNotContact() async throws {
        try await H.with { h in
            let before = try await Self.staffTask(h, type: "follow_up", request: "t1")
            try await W.append(h, Source.optOutKeyword.event(at: Self.t0))
            for type in ["follow_up", "callback"] {
                let error = await #expect(throws: CommandError.self) {
                    _ = try await Self.staffTask(h, type: type, request: "t-\(type)")
                }
                #expect(error?.code == .unprocessable && error?.field == "contactPhone")
            }
            // Work that needs no contact is still possible, and a retry of a request made
            // before the DNC is answered with what it recorded.
            _ = try await Self.staffTask(h, type: "complaint", request: "t3")
            #expect(try await Self.staffTask(h, type: "follow_up", request: "t1") == before)
        }
    }

    @Test func aMergeCarriesTheSourcesDoNotContactToTheTargetsOutreach() async throws {
        try await H.with { h in
            let other = PhoneNumber("+14155550188")!
            // The target has a lead and its task; the source said STOP.
            try await W.append(h, Self.lead(at: Self.t0, email: "a@example.com"))
            let stop = ContactOptedOut(storeId: Self.store, phone: other, messageId: "m1", keyword: "STOP", receivedAt: Self.t0)
            try await W.append(h, DomainEvent(stop, actor: .system))
            try h.project()
            #expect(try h.readModel.doNotContactTasks().isEmpty)
            _ = try await h.handlers.contacts.handle(
                storeId: H.mossBeach, phone: other.e164, action: .merge(into: Self.phone.e164, reviewId: nil),
                request: StaffRequest(requestId: "merge1", staffUserId: "u1"))
            try h.project()
            #expect(try h.readModel.doNotContactTasks().map(\.taskType) == [.leadOutreach])
            #expect(try await Self.sweep(h).count == 1)
            #expect(try h.tasks(Self.phone.e164).map(\.status) == ["cancelled"])
        }
    }
}
