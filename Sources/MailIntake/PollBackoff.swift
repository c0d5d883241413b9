/// How long the poller waits after consecutive failed passes: `initial`, doubling each time,
/// never more than `max` (INTAKE.md: "a connection failure … is retried next interval with
/// backoff"). No jitter: one poller per mailbox, so there is no herd to spread.
/// Thread-safe (a value).
public struct PollBackoff: Sendable, Equatable {
    public var initial: Duration
    public var max: Duration

    public init(initial: Duration = .seconds(10), max: Duration = .seconds(300)) {
        precondition(initial > .zero && max >= initial, "backoff needs 0 < initial <= max")
        self.initial = initial
        self.max = max
    }

    /// The wait after `failures` consecutive failures (1 → `initial`).
    public func delay(afterFailures failures: Int) -> Duration {
        precondition(failures >= 1, "a backoff follows at least one failure")
        var delay = initial
        for _ in 1..<min(failures, 64) {
            delay *= 2
            if delay >= max { return max }
        }
        return Swift.min(delay, max)
    }
}
