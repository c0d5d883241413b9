import EventStore
import Foundation

/// A store's clock: its IANA zone, its quiet hours and its SLA policy. Answers "what time is
/// it there", "is it quiet there" and "when is a task due" (READMODELS.md computeDueAt: the
/// SLA counts only open time, i.e. time outside quiet hours in the store's zone).
///
/// Quiet-ness is a function of the local wall-clock time of day, so it can change only where
/// local time crosses a quiet-hours boundary (`start` or `end`) or where the zone's offset
/// changes (a DST transition — local time jumps, possibly over a boundary). Between two such
/// instants local time advances linearly with real time, so whole spans are skipped at once
/// (`nextChange(after:)`) instead of stepping minute by minute. DST days are therefore exact:
/// on spring-forward day the night 21:00–08:00 lasts 10 real hours, on fall-back day 12.
///
/// Pure (no clock reads). Thread-safe: a value of Sendable parts.
public struct StoreCalendar: Sendable, Hashable {
    public let timeZone: TimeZone
    public let quietHours: QuietHours
    public let sla: SLAPolicy

    public init(timeZone: TimeZone, quietHours: QuietHours = .standard, sla: SLAPolicy = .standard) {
        self.timeZone = timeZone
        self.quietHours = quietHours
        self.sla = sla
    }

    static let microsPerSecond: Int64 = 1_000_000
    static let microsPerDay: Int64 = 86_400 * microsPerSecond

    // MARK: Local time

    /// The zone's offset from UTC at `instant`, in seconds (e.g. -28800 for PST).
    public func utcOffsetSeconds(at instant: Timestamp) -> Int {
        timeZone.secondsFromGMT(for: instant.date)
    }

    /// The store's local date and wall-clock time at `instant`.
    public func localTime(at instant: Timestamp) -> LocalDateTime {
        let offset = utcOffsetSeconds(at: instant)
        let local = instant.microsecondsSinceEpoch + Int64(offset) * Self.microsPerSecond
        let (days, microOfDay) = floorDivide(local, Self.microsPerDay)
        return LocalDateTime(date: CivilDate(daysSinceEpoch: days), microsecondOfDay: microOfDay, utcOffsetSeconds: offset)
    }

    /// Whether `instant` falls inside the store's quiet hours (start inclusive, end exclusive).
    public func isQuiet(at instant: Timestamp) -> Bool {
        quietHours.contains(secondOfDay: localTime(at: instant).secondOfDay)
    }

    /// The instant at which the store's wall clock reads `time` on `date`. A time skipped by a
    /// spring-forward transition resolves to the instant the same distance after the jump
    /// (02:30 → 03:30), as `Calendar` does; a time that occurs twice (fall-back) resolves to
    /// the earlier occurrence.
    public func instant(on date: CivilDate, secondOfDay: Int) -> Timestamp {
        let local = date.daysSinceEpoch * Self.microsPerDay + Int64(secondOfDay) * Self.microsPerSecond
        let before = Int64(timeZone.secondsFromGMT(for: Timestamp(microsecondsSinceEpoch: local - Self.microsPerDay).date))
        let after = Int64(timeZone.secondsFromGMT(for: Timestamp(microsecondsSinceEpoch: local + Self.microsPerDay).date))
        let solutions = Set([before, after]).map { offset in
            Timestamp(microsecondsSinceEpoch: local - offset * Self.microsPerSecond)
        }.filter { Int64(utcOffsetSeconds(at: $0)) * Self.microsPerSecond == local - $0.microsecondsSinceEpoch }
        return solutions.min() ?? Timestamp(microsecondsSinceEpoch: local - before * Self.microsPerSecond)
    }

    // MARK: Open time and due dates

    /// `from` itself when the store is open then, else the instant its quiet hours end.
    public func nextOpen(from instant: Timestamp) -> Timestamp {
        var t = instant
        while isQuiet(at: t) { t = nextChange(after: t) }
        return t
    }

    /// When a task with `priority` received at `receivedAt` is due, per the store's SLA policy.
    public func dueAt(from receivedAt: Timestamp, priority: TaskPriority) -> Timestamp {
        dueAt(from: receivedAt, slaMinutes: sla.minutes(for: priority))
    }

    /// `receivedAt` plus `slaMinutes` of open time (READMODELS.md: received 20:58 → due 08:03
    /// the next morning; 23:10 → 08:05).
    ///
    /// Invariants (tested as properties): the result is never inside quiet hours — an SLA that
    /// runs out exactly when quiet hours begin is due when they end, the next moment staff may
    /// call; the open time between `receivedAt` and the result equals the SLA; the result is
    /// monotonic in `receivedAt`.
    public func dueAt(from receivedAt: Timestamp, slaMinutes: Int) -> Timestamp {
        precondition(slaMinutes >= 0, "an SLA is not negative")
        var remaining = Int64(slaMinutes) * 60 * Self.microsPerSecond
        var t = receivedAt.microsecondsSinceEpoch
        if quietHours.isEmpty { return Timestamp(microsecondsSinceEpoch: t + remaining) }
        while true {
            let now = Timestamp(microsecondsSinceEpoch: t)
            let change = nextChange(after: now).microsecondsSinceEpoch
            if !isQuiet(at: now) {
                // [t, change) is open throughout.
                if t + remaining < change { return Timestamp(microsecondsSinceEpoch: t + remaining) }
                remaining -= change - t
            }
            t = change
        }
    }

    /// Open (non-quiet) time in `[from, to)`, in microseconds; 0 when `to <= from`.
    public func openMicroseconds(from: Timestamp, to: Timestamp) -> Int64 {
        var total: Int64 = 0
        var t = from
        while t < to {
            let change = min(nextChange(after: t), to)
            if !isQuiet(at: t) { total += change.microsecondsSinceEpoch - t.microsecondsSinceEpoch }
            t = change
        }
        return total
    }

    /// The first instant after `instant` at which quiet-ness may change: the next local
    /// crossing of a quiet-hours boundary at the current offset, or the zone's next offset
    /// transition, whichever comes first. Between `instant` and the result, quiet-ness is
    /// constant. Always strictly later than `instant` and at most one day later.
    func nextChange(after instant: Timestamp) -> Timestamp {
        let u = instant.microsecondsSinceEpoch
        var candidate = u + Self.microsPerDay
        if !quietHours.isEmpty {
            let offset = Int64(utcOffsetSeconds(at: instant)) * Self.microsPerSecond
            let microOfDay = floorDivide(u + offset, Self.microsPerDay).remainder
            for boundary in [quietHours.start, quietHours.end] {
                let boundaryMicros = Int64(boundary.minuteOfDay) * 60 * Self.microsPerSecond
                var delta = boundaryMicros - microOfDay
                if delta <= 0 { delta += Self.microsPerDay }
                candidate = min(candidate, u + delta)
            }
        }
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: instant.date) {
            let transitionMicros = Timestamp(transition).microsecondsSinceEpoch
            if transitionMicros > u && transitionMicros < candidate { candidate = transitionMicros }
        }
        return Timestamp(microsecondsSinceEpoch: candidate)
    }
}

/// A wall-clock reading in a store's zone. Thread-safe (a value).
public struct LocalDateTime: Hashable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    /// Microseconds since local midnight.
    public let microsecondOfDay: Int64
    /// The zone's offset from UTC at that instant, in seconds.
    public let utcOffsetSeconds: Int

    public var secondOfDay: Int { Int(microsecondOfDay / 1_000_000) }
    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay % 3600 / 60 }
    public var second: Int { secondOfDay % 60 }

    /// `2026-03-02 08:58:00 -08:00`.
    public var description: String {
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let offset = abs(utcOffsetSeconds)
        return "\(date) \(pad(hour)):\(pad(minute)):\(pad(second)) \(sign)\(pad(offset / 3600)):\(pad(offset % 3600 / 60))"
    }
}

/// STYLE.md's name for the store-hours calendar.
public typealias OpenHours = StoreCalendar
