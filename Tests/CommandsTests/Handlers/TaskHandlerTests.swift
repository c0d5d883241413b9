import Domain
import EventStore
import Testing

@testable import Commands

/// Manual tasks: created with a derived id and an SLA due time in open hours; completed,
/// snoozed, reassigned, cancelled; retries answered from the task's stream even though the
/// payload's times moved; ended tasks and other stores' tasks refused.
@Suite struct TaskHandlerTests {
    typealias H = HandlerHarness

    static let store = H.mossBeach.rawValue

    static func request(_ id: String, version: UInt64? = nil) -> StaffRequest {
        StaffRequest(requestId: id, staffUserId: "staff-7", expectedVersion: version)
    }

    func run(
        _ h: H, _ action: TaskAction, _ request: StaffRequest, store: String = TaskHandlerTests.store
    )
        async throws(CommandError) -> CommandOutcome
    {
        try await h.handlers.tasks.handle(storeId: store, action: action, request: request)
    }

    func create(_ h: H, request: String = "t-1") async throws(CommandError) -> CommandOutcome {
        try await run(h, .create(NewTask(taskType: "callback", priority: "High", contactPhone: "(415) 555-0123")), Self.request(request))
    }

    @Test func createdTaskHasTheDerivedIdAndIsDueAfterTheSLAInOpenTime() async throws {
        try await H.with { h in
            // The clock is at 2026-03-01T00:00Z = 16:00 in Moss Beach, open: due 5 minutes later.
            let outcome = try await create(h)
            let key = "task.created:\(H.mossBeach):t-1"
            let taskId = DeterministicIDs.task(idempotencyKey: key)
            #expect(outcome.ids["taskId"] == taskId.rawValue)
            #expect(outcome.events.map(\.stream) == ["task/\(taskId)"])
            guard case .taskCreated(let task) = try h.recorded(at: outcome.position).payload else { Issue.record(); return }
            #expect(task.contactPhone == H.dana)
            #expect(task.priority == .high)
            #expect(task.sourceType == .manual)
            #expect(task.franchiseId?.rawValue == "orangeTheory")
            #expect(Timestamp(task.dueAt) == Timestamp(task.createdAt).adding(seconds: 300))
        }
    }

    @Test func retriedCreateIsADuplicateEvenAfterTheClockMoved() async throws {
        try await H.with { h in
            let first = try await create(h)
            h.clock.advance(byMicroseconds: 3_600_000_000)
            let retry = try await create(h)
            #expect(retry.kind == .duplicate(originalPositions: first.positions))
            #expect(retry.ids == first.ids)
        }
    }

    @Test func taskLifecycleAppendsEachActionAndAnEndedTaskTakesNoMore() async throws {
        try await H.with { h in
            let taskId = try #require(try await create(h).ids["taskId"])
            let snoozed = try await run(h, .snooze(taskId: taskId, until: "2026-03-02T18:00:00Z", note: "after class"), Self.request("s-1"))
            let reassigned = try await run(h, .reassign(taskId: taskId, assignee: "coach-3"), Self.request("a-1"))
            let completed = try await run(h, .complete(taskId: taskId, note: "booked"), Self.request("c-1"))
            #expect((snoozed.types + reassigned.types + completed.types) == [.taskSnoozed, .taskReassigned, .taskCompleted])
            h.clock.advance(byMicroseconds: 1_000_000)
            let retry = try await run(h, .complete(taskId: taskId, note: "booked"), Self.request("c-1"))
            #expect(retry.kind == .duplicate(originalPositions: completed.positions))
            let error = await h.refusal { () async throws(CommandError) in
                try await run(h, .cancel(taskId: taskId, reason: nil), Self.request("x-1"))
            }
            #expect(error?.code == .unprocessable)
            #expect(error?.field == "taskId")
        }
    }

    @Test func taskOfAnotherStoreIsNotFound() async throws {
        try await H.with { h in
            let taskId = try #require(try await create(h).ids["taskId"])
            let error = await h.refusal { () async throws(CommandError) in
                try await run(h, .complete(taskId: taskId, note: nil), Self.request("c-1"), store: H.tampa.rawValue)
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test func leadOutreachTaskWithoutAStreamCanBeCompletedInItsLeadsStoreOnly() async throws {
        try await H.with { h in
            let email = LeadEmailHandler(store: h.store, registry: h.handlers.registry)
            let lead = try await email.handle(try EmailFixtures.bytes("shared/email/web-lead-plain.eml"), actor: .leadWebhook)
            let leadId = try #require(lead.ids["leadId"])
            #expect(lead.ids["storeId"] == Self.store)
            let taskId = DeterministicIDs.leadOutreachTask(leadId: try LeadID(leadId))
            let elsewhere = await h.refusal { () async throws(CommandError) in
                try await run(h, .complete(taskId: taskId.rawValue, note: nil), Self.request("c-0"), store: H.tampa.rawValue)
            }
            #expect(elsewhere?.code == .notFound)
            let outcome = try await run(h, .complete(taskId: taskId.rawValue, note: nil), Self.request("c-1"))
            #expect(outcome.types == [.taskCompleted])
        }
    }

    @Test func anActionOnATaskNoLeadAndNoRequestMadeIsNotFoundAndAppendsNothing() async throws {
        try await H.with { h in
            let taskId = DeterministicIDs.leadOutreachTask(leadId: try LeadID("dana@example.com#+14155550123#2026-03-02"))
            let error = await h.refusal { () async throws(CommandError) in
                try await run(h, .complete(taskId: taskId.rawValue, note: nil), Self.request("c-1"))
            }
            #expect(error?.code == .notFound)
            #expect(error?.field == "taskId")
        }
    }

    @Test func expectedVersionOnTheTaskStreamConflictsWithTheActualVersion() async throws {
        try await H.with { h in
            let taskId = try #require(try await create(h).ids["taskId"])
            // A version counts the stream's events: task.created makes it 1.
            _ = try await run(h, .reassign(taskId: taskId, assignee: "coach-1"), Self.request("a-1", version: 1))
            let error = await h.refusal { () async throws(CommandError) in
                try await run(h, .reassign(taskId: taskId, assignee: "coach-2"), Self.request("a-2", version: 1))
            }
            #expect(error?.code == .conflict)
            #expect(error?.actualVersion == 2)
        }
    }

    @Test(arguments: [
        ("taskType", TaskAction.create(NewTask(taskType: "chore", priority: "high"))),
        ("taskType", TaskAction.create(NewTask(taskType: "lead_outreach", priority: "high"))),
        ("priority", TaskAction.create(NewTask(taskType: "other", priority: "urgent"))),
        ("contactPhone", TaskAction.create(NewTask(taskType: "other", priority: "low", contactPhone: "12345"))),
        ("dueAt", TaskAction.create(NewTask(taskType: "other", priority: "low", dueAt: "tomorrow"))),
        ("taskId", TaskAction.complete(taskId: "not-a-uuid", note: nil)),
        ("until", TaskAction.snooze(taskId: "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", until: "2026-02-01T00:00:00Z", note: nil)),
        ("until", TaskAction.snooze(taskId: "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", until: "2026-03-05 10:00", note: nil)),
        ("assignee", TaskAction.reassign(taskId: "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", assignee: String(repeating: "a", count: 201))),
    ])
    func badTaskInputNamesTheFieldAndAppendsNothing(field: String, action: TaskAction) async throws {
        try await H.with { h in
            let error = await h.refusal { () async throws(CommandError) in try await run(h, action, Self.request("r-1")) }
            #expect(error?.field == field, "\(error.map(String.init(describing:)) ?? "no error")")
            #expect(error?.code == .invalidField || error?.code == .missingField)
        }
    }
}
