import Domain
import EventStore

/// What a handler did: for each event it proposed, where it is in the log and whether it was
/// new; plus the ids the caller reports back (API.md: writes answer
/// `{"position": N, "deduplicated": false, ...ids}`).
///
/// Idempotency is an outcome, not an error (STYLE.md): `kind` is `.appended(positions:)` when
/// at least one event is new, `.duplicate(originalPositions:)` when the log already held
/// everything (a redelivery, a retried request). Thread-safe (a value).
public struct CommandOutcome: Hashable, Sendable {
    /// One proposed event and its fate.
    public struct Event: Hashable, Sendable {
        public var type: EventType
        public var stream: String
        public var idempotencyKey: String
        /// Its position: new, or the original's for a duplicate.
        public var position: UInt64
        public var deduplicated: Bool
    }

    public enum Kind: Hashable, Sendable {
        case appended(positions: [UInt64])
        case duplicate(originalPositions: [UInt64])
    }

    /// In the order proposed. For a duplicate decided from the log (an older message revision)
    /// these are the log's events that already record it.
    public var events: [Event]
    /// Ids for the response, e.g. `storeId`, `messageId`, `customerPhone`, `taskId`.
    public var ids: [String: String]
    /// What the handler decided not to append and why (e.g. an opt-in that cannot clear a
    /// staff Do-Not-Contact). Empty in the ordinary case.
    public var notes: [String]
    /// For inputs that are routed to a store (RingCentral messages, calls and notices, lead
    /// emails): whether they were (`false`: kept on an `unrouted/…` stream, CDP.md §8); nil
    /// for commands that name their store.
    public var routed: Bool?

    /// `events` is empty only when the handler decided that nothing needs recording (an A2P
    /// opt-in notice that may not clear a staff Do-Not-Contact); `notes` then say why.
    public init(events: [Event], ids: [String: String] = [:], notes: [String] = []) {
        precondition(!events.isEmpty || !notes.isEmpty, "an outcome names at least one event or says why none")
        self.events = events
        self.ids = ids
        self.notes = notes
    }

    public var positions: [UInt64] { events.map(\.position) }

    /// The highest position touched: a reader waiting for it reads its own write.
    public var position: UInt64 { positions.max() ?? 0 }

    /// True when nothing was appended.
    public var deduplicated: Bool { events.allSatisfy(\.deduplicated) }

    public var kind: Kind {
        deduplicated ? .duplicate(originalPositions: positions) : .appended(positions: positions)
    }

    /// The events of `types`, in order.
    public func events(ofType type: EventType) -> [Event] { events.filter { $0.type == type } }

    /// Pairs the events a handler proposed with the store's per-event outcomes.
    init(proposed: [DomainEvent], result: AppendResult, ids: [String: String], notes: [String] = []) {
        precondition(proposed.count == result.outcomes.count, "one outcome per proposed event")
        let events = zip(proposed, result.outcomes).map { event, outcome in
            Event(
                type: event.type, stream: event.stream, idempotencyKey: event.idempotencyKey,
                position: outcome.position, deduplicated: outcome.isDuplicate)
        }
        self.init(events: events, ids: ids, notes: notes)
    }
}
