import EventStore
import Synchronization

/// The store's clock during an import: the recordedAt of the batch being appended, so that an
/// export → import → export round trip is byte-identical; the wall clock when the file has
/// none, or when it would put an event before the newest one already in the log (recordedAt
/// never runs backwards: an audit of "what the system knew at T" relies on it).
///
/// Thread-safe: both fields sit behind a mutex (the store calls `now()` under its own lock).
final class ImportClock: StoreClock {
    private let state = Mutex<(next: Timestamp?, floor: Timestamp)>((nil, Timestamp(microsecondsSinceEpoch: 0)))

    var next: Timestamp? {
        get { state.withLock { $0.next } }
        set { state.withLock { $0.next = newValue } }
    }

    var floor: Timestamp {
        get { state.withLock { $0.floor } }
        set { state.withLock { $0.floor = newValue } }
    }

    func now() -> Timestamp {
        state.withLock { state in
            let chosen: Timestamp
            if let next = state.next, next >= state.floor {
                chosen = next
            } else {
                chosen = max(SystemClock().now(), state.floor)
            }
            state.floor = chosen
            return chosen
        }
    }
}
