import EventStore
import Synchronization

/// The simulated clock of a demo run: it reads the instant the generator is at in the
/// generated timeline, not the wall clock. The generator advances it before each input to
/// that input's delivery time (a few seconds to hours after the input's own occurredAt), so
///
/// - staff commands, whose occurredAt is the command handlers' clock, happen at story time;
/// - the event store, when opened with this clock (`EventStoreOptions.clock`), stamps
///   recordedAt shortly after occurredAt — strictly from the timeline, so two runs with the
///   same options write byte-identical logs.
///
/// It never runs backwards (`advance(to:)` ignores an earlier instant; the store additionally
/// keeps recordedAt non-decreasing). Thread-safe: the instant sits in a `Mutex` (the store
/// reads it under its own lock from another thread).
public final class DemoClock: StoreClock {
    private let current: Mutex<Timestamp>

    public init(start: Timestamp) {
        current = Mutex(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward to `instant` (never back).
    public func advance(to instant: Timestamp) {
        current.withLock { if instant > $0 { $0 = instant } }
    }
}
