import Domain
import EventStore
import Foundation
import Testing

/// Seeded properties of `StoreCalendar.dueAt`, checked against a minute-by-minute brute force
/// that only uses `isQuiet`; and `isQuiet` itself against Foundation's `Calendar`. Zones
/// include two DST rules, a half-hour DST shift (Australia/Lord_Howe) and a southern one.
/// Instants are biased towards DST transitions.
@Suite struct StoreCalendarPropertyTests {
    static let zones = ["America/Los_Angeles", "America/New_York", "America/Phoenix", "Australia/Lord_Howe", "Europe/London", "UTC"]
    static let minute: Int64 = 60_000_000
    /// 2025-01-01T00:00:00Z and 2027-12-31.
    static let rangeStart: Int64 = 1_735_689_600 * 1_000_000
    static let rangeEnd: Int64 = 1_830_211_200 * 1_000_000

    struct Case: CustomStringConvertible {
        var calendar: StoreCalendar
        var received: Timestamp
        var slaMinutes: Int
        var description: String {
            "zone \(calendar.timeZone.identifier), quiet \(calendar.quietHours), received \(ISOTime.string(received)), sla \(slaMinutes) min"
        }
    }

    /// A random calendar and a whole-minute instant (half of them within two days of a DST
    /// transition of the zone).
    static func randomCase(_ random: inout SeededRandom) -> Case {
        let zone = TimeZone(identifier: random.element(zones))!
        // Quiet windows up to 16 h, wrapping or not, sometimes empty.
        let start = Int.random(in: 0..<1440, using: &random)
        let length = random.chance(0.05) ? 0 : Int.random(in: 1...(16 * 60), using: &random)
        let quiet = try! QuietHours(start: TimeOfDay(hour: start / 60, minute: start % 60),
                                    end: TimeOfDay(hour: (start + length) % 1440 / 60, minute: (start + length) % 60))
        var micros = Int64.random(in: rangeStart..<rangeEnd, using: &random)
        if random.chance(0.5), let transition = zone.nextDaylightSavingTimeTransition(after: Timestamp(microsecondsSinceEpoch: micros).date) {
            micros = Timestamp(transition).microsecondsSinceEpoch + Int64.random(in: -2 * 86_400...2 * 86_400, using: &random) * 1_000_000
        }
        micros -= micros % minute
        let sla = random.element([0, 1, 5, 17, 240, 1440, Int.random(in: 0...900, using: &random)])
        return Case(calendar: StoreCalendar(timeZone: zone, quietHours: quiet), received: Timestamp(microsecondsSinceEpoch: micros), slaMinutes: sla)
    }

    /// Open whole minutes in [from, to), by asking `isQuiet` at each minute. Valid because every
    /// boundary (quiet start/end, DST transition) of these zones falls on a whole UTC minute.
    static func bruteForceOpenMinutes(_ calendar: StoreCalendar, from: Timestamp, to: Timestamp) -> Int {
        var count = 0
        var t = from.microsecondsSinceEpoch
        while t < to.microsecondsSinceEpoch {
            if !calendar.isQuiet(at: Timestamp(microsecondsSinceEpoch: t)) { count += 1 }
            t += minute
        }
        return count
    }

    @Test func dueAtCountsExactlyTheSLAInOpenMinutesAndIsNeverQuiet() {
        var random = SeededRandom()
        for _ in 0..<150 {
            let c = Self.randomCase(&random)
            let due = c.calendar.dueAt(from: c.received, slaMinutes: c.slaMinutes)
            #expect(due >= c.received, "\(c); \(random.comment)")
            #expect(!c.calendar.isQuiet(at: due), "due \(ISOTime.string(due)) is quiet; \(c); \(random.comment)")
            guard due.microsecondsSinceEpoch - c.received.microsecondsSinceEpoch <= 6 * 86_400 * 1_000_000 else { continue }
            #expect(Self.bruteForceOpenMinutes(c.calendar, from: c.received, to: due) == c.slaMinutes,
                    "due \(ISOTime.string(due)); \(c); \(random.comment)")
            // Earliest: if the minute before `due` is quiet, the SLA was already used up by then.
            let before = Timestamp(microsecondsSinceEpoch: due.microsecondsSinceEpoch - Self.minute)
            if due > c.received, c.calendar.isQuiet(at: before) {
                #expect(Self.bruteForceOpenMinutes(c.calendar, from: c.received, to: before) == c.slaMinutes,
                        "due \(ISOTime.string(due)) is later than needed; \(c); \(random.comment)")
            }
        }
    }

    @Test func dueAtIsMonotonicInReceivedAt() {
        var random = SeededRandom()
        for _ in 0..<400 {
            let c = Self.randomCase(&random)
            let later = Timestamp(microsecondsSinceEpoch: c.received.microsecondsSinceEpoch + Int64.random(in: 0...(3 * 86_400_000_000), using: &random))
            let first = c.calendar.dueAt(from: c.received, slaMinutes: c.slaMinutes)
            let second = c.calendar.dueAt(from: later, slaMinutes: c.slaMinutes)
            #expect(first <= second, "received later at \(ISOTime.string(later)) but due earlier; \(c); \(random.comment)")
        }
    }

    @Test func openTimeBetweenReceivedAndDueEqualsTheSLAForAnyInstant() {
        // Sub-minute instants too: the interval walk, not the brute force, checks these.
        var random = SeededRandom()
        for _ in 0..<400 {
            var c = Self.randomCase(&random)
            c.received = Timestamp(microsecondsSinceEpoch: c.received.microsecondsSinceEpoch + Int64.random(in: 0..<Self.minute, using: &random))
            let due = c.calendar.dueAt(from: c.received, slaMinutes: c.slaMinutes)
            #expect(c.calendar.openMicroseconds(from: c.received, to: due) == Int64(c.slaMinutes) * Self.minute, "\(c); \(random.comment)")
            #expect(!c.calendar.isQuiet(at: due), "\(c); \(random.comment)")
        }
    }

    @Test func isQuietAgreesWithFoundationCalendarWallClock() {
        var random = SeededRandom()
        for _ in 0..<2000 {
            let c = Self.randomCase(&random)
            let instant = Timestamp(microsecondsSinceEpoch: c.received.microsecondsSinceEpoch + Int64.random(in: 0..<Self.minute, using: &random))
            var gregorian = Calendar(identifier: .gregorian)
            gregorian.timeZone = c.calendar.timeZone
            let parts = gregorian.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant.date)
            let secondOfDay = parts.hour! * 3600 + parts.minute! * 60 + parts.second!
            #expect(c.calendar.isQuiet(at: instant) == c.calendar.quietHours.contains(secondOfDay: secondOfDay), "\(c); \(random.comment)")
            let local = c.calendar.localTime(at: instant)
            #expect(local.date == CivilDate(year: parts.year!, month: parts.month!, day: parts.day!) && local.secondOfDay == secondOfDay,
                    "\(local) at \(ISOTime.string(instant)) in \(c.calendar.timeZone.identifier); \(random.comment)")
        }
    }
}
