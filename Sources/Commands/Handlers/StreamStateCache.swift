import EventStore
import Synchronization

/// The streams an `EventAppender` folded recently, so the next decision on the same stream
/// reads only the events appended since instead of the whole stream again (measured: folding
/// a contact stream per RingCentral notification — each earlier `message.logged` read from
/// the log and JSON-decoded — was a fifth of the ingest route's CPU).
///
/// A fold is a left fold over durable events, so a remembered state plus the stream's later
/// events equals a fold from the start. Two exceptions keep it exact:
/// - a state that read another stream (`StreamState.readsOtherStreams`: a merge target takes
///   the source contact's DNC as the source stands at fold time) is never remembered;
/// - only states folded from durable events are remembered (a fold never sees in-flight ones).
///
/// Bounded: past `streamsMax` streams, an arbitrary remembered stream is forgotten for each
/// new one (a forgotten stream is folded from the start, as without the cache).
/// Thread-safe (a mutex around the table; folds run outside it).
final class StreamStateCache: Sendable {
    static let streamsMax = 16_384

    private let states = Mutex<[String: StreamState]>([:])

    /// `stream` folded through its newest durable event.
    func fold(_ stream: String, from store: EventStore) throws(CommandError) -> StreamState {
        var state = states.withLock { $0[stream] } ?? StreamState(stream: stream)
        try state.catchUp(from: store)
        if !state.readsOtherStreams { remember(state) }
        return state
    }

    /// Remembers `state` followed by the events of its stream that an append made right
    /// after it — the append expected `state`'s version, so they are the stream's next events —
    /// without reading them back from the log (measured: reading back the event each request
    /// had just appended was a tenth of the ingest route's CPU). Folded from the appended
    /// bytes, as a read would fold them. Nothing is remembered when an event was a duplicate,
    /// is not durable yet, or names another stream's state (a merge).
    func appended(_ events: [ProposedEvent], result: AppendResult, after state: StreamState, durablePosition: UInt64) {
        var state = state
        for (event, outcome) in zip(events, result.outcomes) where event.stream == state.stream {
            guard case .appended(let position, let version) = outcome, position <= durablePosition,
                let folded = try? FoldedEvent(appended: event, position: position, version: version),
                folded.type != .contactMerged, (try? state.apply(folded, store: nil)) != nil
            else { return }
        }
        if !state.readsOtherStreams { remember(state) }
    }

    /// The state remembered for `stream`, as it is (tests).
    func remembered(_ stream: String) -> StreamState? {
        states.withLock { $0[stream] }
    }

    private func remember(_ state: StreamState) {
        states.withLock { states in
            if let known = states[state.stream] {
                // Two folds of one stream racing: keep the one that has seen more.
                guard state.eventCount >= known.eventCount else { return }
            } else if states.count >= Self.streamsMax {
                states.remove(at: states.startIndex)
            }
            states[state.stream] = state
        }
    }
}
