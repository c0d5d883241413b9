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
