import Domain
import EventStore

/// The one way handlers append: Domain events in, `CommandOutcome` out, every store error
/// mapped to a `CommandError`.
///
/// `decideAndAppend` is for decisions that read a stream first (a message's latest revision,
/// who set DNC, whether a task ended): it folds the stream, asks `decide`, and appends
/// expecting the version it folded, so nothing that reached the stream in between can be
/// overlooked. When the stream moved meanwhile (another request for the same contact), it
/// folds again and re-decides, up to `attemptsMax` times. A version the client sent
/// (`If-Match`) is never retried: its conflict goes back to the client with the actual version.
///
/// Two details make the retry converge. The fold reads durable events only, while the store's
/// version check also counts events still in flight (appended, not yet synced); so the fold
/// waits until it has seen the stream's version including those (`settledState`), or it
/// would re-decide from the same stale state. And two requests that both propose a new key
/// (two first notifications of one message) race on the key before the version: the loser
/// gets an idempotency conflict, which is re-decided once per key — the fresh fold then
/// shows the winner's event and the decision changes (a `message.updated`, a duplicate); the
/// same key conflicting again is a real conflict (same key, different event) and is thrown.
///
/// `companion` events ride along in the same atomic batch as whatever the decision appends
/// (a re-routed input's `input.rerouted`, CDP.md §8), on their own streams with no version
/// expectation — their keys make them once-only; when the decision appends nothing (the log
/// already records the input), they are appended alone.
///
/// Folds go through a `StreamStateCache` of the appender's own, so a decision on a stream
/// folded before reads only the events since — and not the ones this appender appended after
/// its fold (`StreamStateCache.appended`).
///
/// Thread-safe: holds the thread-safe `EventStore` and cache.
struct EventAppender: Sendable {
    let store: EventStore
    let states = StreamStateCache()

    init(store: EventStore) {
        self.store = store
    }

    /// Every lost race means another append to the same stream succeeded, so the loop ends
    /// once the concurrent writers of one stream are served; the bound only stops a livelock
    /// bug. One contact rarely has more than a few requests in flight.
    static let attemptsMax = 32

    /// What `decide` wants done after reading the stream.
    enum Decision {
        /// Append these (the first on the folded stream).
        case append([DomainEvent], ids: [String: String], notes: [String] = [])
        /// Nothing to append: the log already records it.
        case recorded(CommandOutcome)
    }

    func append(
        _ events: [DomainEvent], expectedVersions: [String: ExpectedVersion] = [:], ids: [String: String],
        notes: [String] = [], companion: [DomainEvent] = []
    ) async throws(CommandError) -> CommandOutcome {
        try await append(events + companion, expectedVersions: expectedVersions, ids: ids, notes: notes, after: nil)
    }

    /// `outcome` (events the log already held) plus `companion` appended alone.
    func withCompanion(_ outcome: CommandOutcome, _ companion: [DomainEvent]) async throws(CommandError) -> CommandOutcome {
        guard !companion.isEmpty else { return outcome }
        let appended = try await append(companion, ids: outcome.ids)
        var merged = outcome
        merged.events += appended.events
        return merged
    }

    /// Appends; when `folded` is the state the append expected, the cache learns the events too.
    private func append(
        _ events: [DomainEvent], expectedVersions: [String: ExpectedVersion], ids: [String: String], notes: [String],
        after folded: StreamState?
    ) async throws(CommandError) -> CommandOutcome {
        let proposed = events.map { $0.proposed() }
        let result: AppendResult
        do {
            result = try await store.append(proposed, expectedVersions: expectedVersions)
        } catch {
            throw CommandError.fromStore(error)
        }
        if let folded {
            states.appended(proposed, result: result, after: folded, durablePosition: store.durablePosition)
        }
        return CommandOutcome(proposed: events, result: result, ids: ids, notes: notes)
    }

    /// Folds `stream`, decides, appends at the folded version; re-decides on a race.
    /// `clientVersion`: the version the client expects (If-Match), checked instead of the fold's.
    func decideAndAppend(
        stream: String, clientVersion: UInt64? = nil, companion: [DomainEvent] = [],
        _ decide: (StreamState) throws(CommandError) -> Decision
    ) async throws(CommandError) -> CommandOutcome {
        var attempt = 1
        var keysInConflict: Set<String> = []
        while true {
            let state = try await settledState(stream)
            switch try decide(state) {
            case .recorded(let outcome):
                return try await withCompanion(outcome, companion)
            case .append(let events, let ids, let notes):
                let expected: ExpectedVersion = clientVersion.map(ExpectedVersion.client) ?? state.expectedVersion
                do {
                    // With the client's version (If-Match) the append checked that one, not the fold's.
                    return try await append(
                        events + companion, expectedVersions: [stream: expected], ids: ids, notes: notes,
                        after: clientVersion == nil ? state : nil)
                } catch let error where error.code == .conflict && attempt < Self.attemptsMax {
                    switch error.field {
                    case "version" where clientVersion == nil: break
                    case "idempotencyKey" where keysInConflict.insert(error.reason).inserted: break
                    default: throw error
                    }
                    attempt += 1
                }
            }
        }
    }

    /// The stream folded once the fold has caught up with the stream's in-flight events (the
    /// store's version counts them; reads see durable events only). Each wait is one group
    /// commit; the bound keeps a closing store (whose waits return at once) from spinning.
    ///
    /// The durable position is read before the fold: when the fold misses an event of the
    /// stream, that event was not durable at fold time, so the durable position will pass the
    /// value read before — the wait cannot outlast it. (Read after the fold, the event could
    /// turn durable in between and the wait would be for a later append that may never come.)
    func settledState(_ stream: String) async throws(CommandError) -> StreamState {
        var durable = store.durablePosition
        var state = try states.fold(stream, from: store)
        var waits = 0
        while state.version != store.streamVersion(stream), waits < Self.attemptsMax {
            await store.waitForDurable(after: durable)
            durable = store.durablePosition
            state = try states.fold(stream, from: store)
            waits += 1
        }
        return state
    }

    /// An outcome for events the log already holds at `positions` (found by a fold).
    static func recorded(
        _ found: [(type: EventType, key: String, position: UInt64)], stream: String, ids: [String: String],
        notes: [String] = []
    ) -> CommandOutcome {
        CommandOutcome(
            events: found.map {
                CommandOutcome.Event(type: $0.type, stream: stream, idempotencyKey: $0.key, position: $0.position, deduplicated: true)
            },
            ids: ids, notes: notes)
    }
}
