import Domain
import EventStore

/// `contactledger ingest events FILE.jsonl` / `POST /v1/ingest/events`: JSON Lines of
/// documented events in their envelope (integrations, replays). Each non-blank line is one
/// event, validated by `EventEnvelopeParser`.
///
/// All lines are validated before the first append: any bad line refuses the whole input
/// with an error naming the line (1-based) and the field, and nothing is appended. Then the
/// events are appended in order, `batchEventsMax` per atomic batch, each deduplicated by its
/// key (so re-running a file appends only what is missing). A store failure in the middle
/// leaves the earlier batches appended; the error says which line's batch failed, and
/// re-running the file is harmless.
///
/// State rules of the other handlers that an envelope could bypass: the AI may not clear a
/// staff or system Do-Not-Contact (checked against the contact's stream folded from the log
/// plus the file's own earlier lines), and the actor must fit the type (`EventActorPolicy`,
/// e.g. only staff clear DNC) and the sender (`EnvelopeSender`: over HTTP no store events, no
/// `system` actor, `staff` only as the request's X-Staff-User). Store events reach the
/// registry after the append.
///
/// Thread-safe: holds only thread-safe references.
public struct EventEnvelopeHandler: Sendable {
    let store: EventStore
    let registry: StoreRegistry
    let appender: EventAppender

    /// Events per atomic append (a replay of millions must not become one frame).
    public static let batchEventsMax = 1000

    public init(store: EventStore, registry: StoreRegistry) {
        self.store = store
        self.registry = registry
        self.appender = EventAppender(store: store)
    }

    /// The outcome lists one event per non-blank line, in order. `sender` limits the actors
    /// the lines may name (`EnvelopeSender`).
    public func handle(_ bytes: [UInt8], from sender: EnvelopeSender = .operatorFile) async throws(CommandError) -> CommandOutcome {
        let events = try validate(bytes, from: sender)
        guard !events.isEmpty else { throw CommandError.invalid("", "has no events (every line is blank)") }
        var outcomes: [CommandOutcome.Event] = []
        outcomes.reserveCapacity(events.count)
        var start = 0
        while start < events.count {
            let chunk = Array(events[start..<min(start + Self.batchEventsMax, events.count)])
            do {
                outcomes += try await appender.append(chunk.map(\.event), ids: [:]).events
            } catch {
                var failed = error.at(line: chunk[0].line)
                failed.reason += start == 0 ? "" : " (the events before this line were appended; re-running the input is harmless)"
                throw failed
            }
            start += Self.batchEventsMax
        }
        if events.contains(where: { $0.event.type == .storeRegistered || $0.event.type == .storeUpdated }) {
            try registry.catchUp()
        }
        return CommandOutcome(events: outcomes, ids: ["events": String(outcomes.count)])
    }

    /// Every line parsed and checked; an error names its line.
    func validate(_ bytes: [UInt8], from sender: EnvelopeSender = .operatorFile) throws(CommandError) -> [(line: Int, event: DomainEvent)] {
        var events: [(line: Int, event: DomainEvent)] = []
        var folds = ContactFolds(store: store)
        for (index, slice) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var line = Array(slice)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            do {
                let event = try EventEnvelopeParser.parse(line, from: sender)
                try folds.check(event)
                events.append((index + 1, event))
            } catch {
                throw error.at(line: index + 1)
            }
        }
        return events
    }
}

/// The contact streams a file's `contact.analyzed` lines need, folded once from the log, with
/// the file's earlier events on them applied in order.
private struct ContactFolds {
    let store: EventStore
    var logged: [String: StreamState] = [:]
    var pending: [String: [DomainEvent]] = [:]

    init(store: EventStore) { self.store = store }

    mutating func check(_ event: DomainEvent) throws(CommandError) {
        defer { pending[event.stream, default: []].append(event) }
        guard case .contactAnalyzed(let analysis) = event.payload, analysis.doNotContact == false else { return }
        var state: StreamState
        if let cached = logged[event.stream] {
            state = cached
        } else {
            state = try StreamState.read(event.stream, from: store)
            logged[event.stream] = state
        }
        if state.position(ofKey: event.idempotencyKey) != nil { return }  // already recorded: a replay
        for earlier in pending[event.stream] ?? [] { try state.apply(FoldedEvent(pending: earlier), store: store) }
        do {
            try ContactAnalysisHandler.checkDoNotContact(false, in: state)
        } catch {
            throw error.under("payload")
        }
    }
}
