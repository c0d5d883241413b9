import Domain
import EventStore
import Foundation

/// A time zone's UTC offsets as a sorted list of constant-offset spans, so that converting an
/// instant to local time is a binary search instead of a call into Foundation/ICU (which costs
/// microseconds, and an audit converts millions of instants).
///
/// The spans are computed lazily from `TimeZone.nextDaylightSavingTimeTransition(after:)` and
/// grow to cover every instant asked for; between two transitions the offset is constant, so
/// the answer is exact on DST days (2026-03-08 02:00 → 03:00 in New York). Not thread-safe
/// (a cache): one per replay.
struct ZoneOffsets {
    let identifier: String
    let timeZone: TimeZone
    /// Span `i` starts at `starts[i]` (µs) and has `offsets[i]` (s); it ends where `i + 1` starts.
    private var starts: [Int64] = []
    private var offsets: [Int32] = []
    private var coveredFrom: Int64 = 0
    private var coveredUntil: Int64 = 0

    static let microsPerSecond: Int64 = 1_000_000
    static let microsPerDay: Int64 = 86_400 * microsPerSecond
    /// How far beyond the instant asked for a computation reaches (two years: ~4 transitions).
    static let marginMicros: Int64 = 2 * 366 * microsPerDay

    init(identifier: String, timeZone: TimeZone) {
        self.identifier = identifier
        self.timeZone = timeZone
    }

    /// Offset from UTC in seconds at `instant` (µs since the epoch).
    mutating func offsetSeconds(at instant: Int64) -> Int {
        if starts.isEmpty || instant < coveredFrom || instant >= coveredUntil { cover(instant) }
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= instant { low = mid } else { high = mid - 1 }
        }
        return Int(offsets[low])
    }

    /// Local microseconds since midnight and the local date at `instant`.
    mutating func local(at instant: Int64) -> (date: CivilDate, microOfDay: Int64, offsetSeconds: Int) {
        let offset = offsetSeconds(at: instant)
        let local = instant + Int64(offset) * Self.microsPerSecond
        let days = local >= 0 ? local / Self.microsPerDay : (local - Self.microsPerDay + 1) / Self.microsPerDay
        return (CivilDate(daysSinceEpoch: days), local - days * Self.microsPerDay, offset)
    }

    /// `2026-03-04T20:30:00-08:00`: the wall clock with its offset, to the second.
    mutating func localText(at instant: Int64) -> String {
        let (date, micro, offset) = local(at: instant)
        let second = Int(micro / Self.microsPerSecond)
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset) / 60
        return "\(date)T\(pad(second / 3600)):\(pad(second % 3600 / 60)):\(pad(second % 60))\(sign)\(pad(magnitude / 60)):\(pad(magnitude % 60))"
    }

    private mutating func cover(_ instant: Int64) {
        let from = starts.isEmpty ? instant - Self.marginMicros : min(coveredFrom, instant - Self.marginMicros)
        let until = starts.isEmpty ? instant + Self.marginMicros : max(coveredUntil, instant + Self.marginMicros)
        var newStarts: [Int64] = [from]
        var newOffsets: [Int32] = [Int32(timeZone.secondsFromGMT(for: Self.date(from)))]
        var cursor = Self.date(from)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor) {
            let micros = Timestamp(next).microsecondsSinceEpoch
            guard micros < until, micros > newStarts[newStarts.count - 1] else { break }
            newStarts.append(micros)
            newOffsets.append(Int32(timeZone.secondsFromGMT(for: next)))
            cursor = next
        }
        starts = newStarts
        offsets = newOffsets
        coveredFrom = from
        coveredUntil = until
    }

    private static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}
