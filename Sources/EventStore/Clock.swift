import Glibc

/// The store's source of `recordedAt`. Injected so tests control time (STYLE.md: no wall
/// clock inside EventStore except through this).
public protocol StoreClock: Sendable {
    func now() -> Timestamp
}

/// CLOCK_REALTIME in microseconds.
public struct SystemClock: StoreClock {
    public init() {}

    public func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(microsecondsSinceEpoch: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000)
    }
}
