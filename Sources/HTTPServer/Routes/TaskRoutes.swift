import Commands
import Domain
import Projections
import Hummingbird

/// Task actions (API.md; PRODUCT.md "Staff actions"): create a manual task, complete,
/// snooze, reassign, cancel. Staff headers as for contacts; `If-Match` names the task
/// stream's version. A task of another store is 404 (the handler checks the task's own
/// store from its stream).
struct TaskRoutes {
    let services: APIServices

    struct CreateBody: Decodable {
        var taskType: String
        var priority: String
        var contactPhone: String?
        var actionNeeded: Bool?
        var actionNeededReason: String?
        var dueAt: String?
        var assignee: String?
    }
    struct NoteBody: Decodable { var note: String? }
    struct SnoozeBody: Decodable {
        var until: String
        var note: String?
    }
    struct ReassignBody: Decodable { var assignee: String? }
    struct CancelBody: Decodable { var reason: String? }

    func register(on routes: RouteTable) {
        action(.post, "/v1/stores/{storeId}/tasks", on: routes) { request in
            let body = try await request.json(CreateBody.self)
            return .create(
                NewTask(
                    taskType: body.taskType, priority: body.priority, contactPhone: body.contactPhone,
                    actionNeeded: body.actionNeeded ?? true, actionNeededReason: body.actionNeededReason, dueAt: body.dueAt,
                    assignee: body.assignee))
        }
        let task = "/v1/stores/{storeId}/tasks/{taskId}"
        action(.post, task + "/complete", on: routes) { request in
            let taskId = try request.parameter("taskId")
            return .complete(taskId: taskId, note: try await request.json(NoteBody.self, types: .optionalJSON).note)
        }
        action(.post, task + "/snooze", on: routes) { request in
            let taskId = try request.parameter("taskId")
            let body = try await request.json(SnoozeBody.self)
            return .snooze(taskId: taskId, until: body.until, note: body.note)
        }
        action(.post, task + "/reassign", on: routes) { request in
            let taskId = try request.parameter("taskId")
            return .reassign(taskId: taskId, assignee: try await request.json(ReassignBody.self).assignee)
        }
        action(.post, task + "/cancel", on: routes) { request in
            let taskId = try request.parameter("taskId")
            return .cancel(taskId: taskId, reason: try await request.json(CancelBody.self, types: .optionalJSON).reason)
        }
    }

    private func action(
        _ method: HTTPRequest.Method, _ path: String, on routes: RouteTable,
        _ makeAction: @escaping @Sendable (inout APIRequest) async throws -> TaskAction
    ) {
        let services = self.services
        routes.add(method, path, access: .stores, authenticator: services.authenticator) { request in
            let profile = try services.visibleStore(try request.parameter("storeId"), to: request.scope)
            let staff = try request.staffRequest()
            let action = try await makeAction(&request)
            return try await services.write { () throws(CommandError) in
                try await services.tasks(storeId: profile.storeId.rawValue, action: action, request: staff)
            }
        }
    }
}

extension APIServices {
    func tasks(storeId: String, action: TaskAction, request: StaffRequest) async throws(CommandError) -> CommandOutcome {
        try await handlers.tasks.handle(storeId: storeId, action: action, request: request)
    }
}

extension TaskRoutes {
    /// `GET /v1/stores/{storeId}/tasks?status=&overdue=&priority=&assignee=&contact=&limit=&cursor=`:
    /// soonest due first; `status` and `overdue` as of now (a passed snooze is pending again).
    func registerReads(on routes: RouteTable, readSide: ReadSide) {
        let services = self.services
        routes.add(.get, "/v1/stores/{storeId}/tasks", access: .stores, authenticator: services.authenticator) { request in
            let profile = try services.visibleStore(try request.parameter("storeId"), to: request.scope)
            var query = TasksQuery(storeId: profile.storeId.rawValue, now: services.clock.now())
            if let raw = request.query("status") {
                query.status = try Self.parsed("status") { () throws(DomainError) in try TaskStatus(parsing: raw, field: "status") }
            }
            if let raw = request.query("priority") {
                query.priority = try Self.parsed("priority") { () throws(DomainError) in try TaskPriority(parsing: raw, field: "priority") }
            }
            query.overdue = try request.queryBool("overdue")
            query.assignee = request.query("assignee")
            if let raw = request.query("contact") {
                guard let phone = PhoneNumber(raw) else { throw APIError.invalid("contact", "'\(raw.prefix(40))' is not a valid phone number") }
                query.contactPhone = phone.e164
            }
            query.limit = try request.queryInt("limit", 1...200) ?? 50
            query.cursor = request.query("cursor")
            let position = try await readSide.position(for: request, timeout: services.options.readWait)
            let readModel = readSide.readModel
            let page = try await readSide.query { [query] in try ContactReadRoutes.mapped { try readModel.tasks(query) } }
            return try ContactReadRoutes.json(page, position: position)
        }
    }

    static func parsed<T>(_ field: String, _ body: () throws(DomainError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw APIError.invalid(field, "\(error)")
        }
    }
}
