import EventStore
import Synchronization

/// A `StoreClock` the test sets by hand, so `recordedAt` is predictable and time can move
/// backwards (an NTP step) without sleeping. Thread-safe: the value sits in a Mutex.
final class SettableClock: StoreClock {
    private let microseconds: Mutex<Int64>

    init(microsecondsSinceEpoch: Int64 = SampleEvent.baseMicroseconds) {
        microseconds = Mutex(microsecondsSinceEpoch)
    }

    func now() -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microseconds.withLock { $0 })
    }

    func set(_ value: Int64) {
        microseconds.withLock { $0 = value }
    }

    func advance(by delta: Int64) {
        microseconds.withLock { $0 += delta }
    }
}
