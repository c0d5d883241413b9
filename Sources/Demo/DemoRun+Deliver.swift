import Commands
import Domain
import EventStore

/// Handing one input to its handler, and checking and counting the outcome.
extension DemoRun {
    mutating func deliver(_ input: DemoInput) async throws(DemoError) {
        let result: Result<CommandOutcome, CommandError>
        do {
            result = .success(try await handle(input))
        } catch {
            result = .failure(error)
        }
        summary.inputs += 1
        let outcome = try check(input, result)
        guard let outcome else {
            if case .refused(let code) = input.expect { summary.refused["\(input.kind): \(code.rawValue)", default: 0] += 1 }
            return
        }
        if outcome.deduplicated {
            summary.deduplicated[input.kind, default: 0] += 1
            return
        }
        for event in outcome.events where !event.deduplicated {
            summary.eventsAppended += 1
            summary.eventCounts[event.type.rawValue, default: 0] += 1
        }
        switch input.mark {
        case .violation(let kind, let storeIndex, let phone)?:
            let offending = outcome.events.first { !$0.deduplicated }!
            violationInputs.append((input, kind, storeIndex, phone, offending.position, offending.type.rawValue))
        case .evidence(let kind)?:
            evidence[kind, default: []] += outcome.events.map(\.position)
        case nil:
            break
        }
    }

    func handle(_ input: DemoInput) async throws(CommandError) -> CommandOutcome {
        switch input.action {
        case .register(let s, let updated):
            return try await handlers.registerStore.handle(plans[s].registration(updated: updated).bytes)
        case .email(let bytes):
            return try await leads.handle(bytes)
        case .message(let bytes):
            return try await handlers.ringCentralMessage.handle(bytes)
        case .call(let bytes):
            return try await handlers.ringCentralCall.handle(bytes)
        case .analysis(let bytes):
            return try await handlers.analysis.handle(bytes)
        case .contact(let s, let phone, let action, let request):
            return try await handlers.contacts.handle(storeId: plans[s].storeId, phone: phone, action: action, request: staff(request))
        case .task(let s, let action, let request):
            return try await handlers.tasks.handle(storeId: plans[s].storeId, action: action, request: staff(request))
        case .startPerson:
            preconditionFailure("a story start is not an input")
        }
    }

    /// The request as the client sends it: If-Match from the stream's version now.
    func staff(_ request: DemoStaffRequest) -> StaffRequest {
        let version: UInt64?
        switch request.version {
        case .none: version = nil
        // A client's version is the stream's number of events (ExpectedVersion.client).
        case .current: version = ExpectedVersion.clientVersion(store.streamVersion(request.stream))
        case .stale:
            let current = ExpectedVersion.clientVersion(store.streamVersion(request.stream))
            version = current == 0 ? 1 : current - 1
        }
        return StaffRequest(requestId: request.requestId, staffUserId: request.staff, expectedVersion: version)
    }

    /// The outcome when it matches the expectation (nil for an expected refusal).
    func check(_ input: DemoInput, _ result: Result<CommandOutcome, CommandError>) throws(DemoError) -> CommandOutcome? {
        switch result {
        case .failure(let error):
            if case .refused(let code) = input.expect, error.code == code { return nil }
            if !error.isUserError { throw .handlerFailed(input: input.label, error: error) }
            throw .unexpectedOutcome(input: input.label, expected: input.expect.description, actual: "refused: \(error)")
        case .success(let outcome):
            let actual =
                outcome.deduplicated
                ? "a duplicate" : "appended \(outcome.events.map { $0.type.rawValue + ($0.deduplicated ? " (duplicate)" : "") }.joined(separator: ", "))"
            switch input.expect {
            case .appended(let types):
                // A store registration also re-routes the kept inputs it owns (CDP.md §8), which
                // may already be recorded: its own events come first and are what is planned.
                var own = outcome.events
                if case .register = input.action { own = Array(own.prefix(types.count)) }
                guard own.allSatisfy({ !$0.deduplicated }), own.map(\.type) == types else {
                    throw .unexpectedOutcome(input: input.label, expected: input.expect.description, actual: actual)
                }
            case .duplicate:
                guard outcome.deduplicated else {
                    throw .unexpectedOutcome(input: input.label, expected: input.expect.description, actual: actual)
                }
            case .refused:
                throw .unexpectedOutcome(input: input.label, expected: input.expect.description, actual: actual)
            }
            for (key, value) in input.expectIds where (outcome.ids[key] ?? "") != value {
                throw .unexpectedOutcome(
                    input: input.label, expected: "\(key) '\(value)'", actual: "\(key) '\(outcome.ids[key] ?? "")' (\(actual))")
            }
            return outcome
        }
    }
}
