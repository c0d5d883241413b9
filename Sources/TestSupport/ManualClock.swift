import EventStore
import Synchronization

/// A `StoreClock` that a test controls: it starts at a fixed time and moves only when told
/// (`advance`) or by a fixed step after each reading, so every `recordedAt` is reproducible.
/// No test sleeps to make time pass (STYLE.md).
///
/// Thread-safe: the current time sits in a `Mutex`.
public final class ManualClock: StoreClock {
    private let current: Mutex<Int64>
    /// Added after each `now()`: distinct, increasing, deterministic timestamps per append.
    public let stepMicroseconds: Int64

    public init(start: Timestamp = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000), stepMicroseconds: Int64 = 1_000) {
        precondition(stepMicroseconds >= 0, "a store clock never goes backwards")
        self.current = Mutex(start.microsecondsSinceEpoch)
        self.stepMicroseconds = stepMicroseconds
    }

    public func now() -> Timestamp {
        current.withLock { now in
            defer { now += stepMicroseconds }
            return Timestamp(microsecondsSinceEpoch: now)
        }
    }

    public func advance(byMicroseconds delta: Int64) {
        precondition(delta >= 0, "a store clock never goes backwards")
        current.withLock { $0 += delta }
    }
}
