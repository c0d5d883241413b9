import Domain
import EventStore

/// Time arithmetic and the date spellings the generated inputs use: RFC 5322 `Date:` headers
/// in the store's zone, Gmail's and Outlook's forwarded-header dates, ISO-8601 for JSON.
/// Pure functions. Thread-safe (stateless).
enum DemoTime {
    static let microsPerSecond: Int64 = 1_000_000
    static let microsPerMinute: Int64 = 60 * microsPerSecond
    static let microsPerHour: Int64 = 60 * microsPerMinute
    static let microsPerDay: Int64 = 24 * microsPerHour

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let weekdaysLong = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthsLong = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// The instant truncated to whole seconds (email headers carry no fractions).
    static func wholeSeconds(_ t: Timestamp) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: t.microsecondsSinceEpoch - t.microsecondsSinceEpoch % microsPerSecond)
    }

    static func plus(_ t: Timestamp, seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: t.microsecondsSinceEpoch + seconds * microsPerSecond)
    }

    static func iso(_ t: Timestamp) -> String { ISOTime.string(t) }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func weekday(_ date: CivilDate) -> Int { Int((date.daysSinceEpoch % 7 + 7 + 4) % 7) }

    /// `Mon, 02 Mar 2026 08:58:00 -0800`: the instant in `calendar`'s zone.
    static func rfc5322(_ t: Timestamp, in calendar: StoreCalendar) -> String {
        let local = calendar.localTime(at: t)
        let offset = local.utcOffsetSeconds
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600
        let minutes = abs(offset) % 3600 / 60
        return "\(weekdays[weekday(local.date)]), \(pad(local.date.day, 2)) \(months[local.date.month - 1]) \(local.date.year) "
            + "\(pad(local.hour, 2)):\(pad(local.minute, 2)):\(pad(local.second, 2)) \(sign)\(pad(hours, 2))\(pad(minutes, 2))"
    }

    /// `9:31 AM`.
    static func clock12(_ local: LocalDateTime) -> String {
        let hour = local.hour % 12 == 0 ? 12 : local.hour % 12
        return "\(hour):\(pad(local.minute, 2)) \(local.hour < 12 ? "AM" : "PM")"
    }

    /// Gmail's forwarded header: `Wed, Mar 4, 2026 at 9:31 AM` (no zone).
    static func gmail(_ t: Timestamp, in calendar: StoreCalendar) -> String {
        let local = calendar.localTime(at: t)
        return "\(weekdays[weekday(local.date)]), \(months[local.date.month - 1]) \(local.date.day), \(local.date.year) at \(clock12(local))"
    }

    /// Outlook's: `Wednesday, March 4, 2026 9:31 AM`.
    static func outlook(_ t: Timestamp, in calendar: StoreCalendar) -> String {
        let local = calendar.localTime(at: t)
        return "\(weekdaysLong[weekday(local.date)]), \(monthsLong[local.date.month - 1]) \(local.date.day), \(local.date.year) \(clock12(local))"
    }

    /// `2026-03-05`: the local date.
    static func localDate(_ t: Timestamp, in calendar: StoreCalendar) -> String {
        calendar.localTime(at: t).date.description
    }

    /// `2026-03-05 21:30 America/Los_Angeles`.
    static func localDescription(_ t: Timestamp, in calendar: StoreCalendar) -> String {
        let local = calendar.localTime(at: t)
        return "\(local.date) \(pad(local.hour, 2)):\(pad(local.minute, 2)) \(calendar.timeZone.identifier)"
    }

    /// The instant at local `hour:minute` on the local date of `t` plus `dayOffset` days.
    static func local(_ t: Timestamp, dayOffset: Int = 0, hour: Int, minute: Int, in calendar: StoreCalendar) -> Timestamp {
        let date = CivilDate(daysSinceEpoch: calendar.localTime(at: t).date.daysSinceEpoch + Int64(dayOffset))
        return calendar.instant(on: date, secondOfDay: hour * 3600 + minute * 60)
    }

    /// Outbound contact happens 09:00–19:30 local: well inside every rule set's window
    /// (federal 08:00–21:00, Florida 08:00–20:00). `t` itself when inside, else a random
    /// moment in the next morning's first hour.
    static func outboundSlot(_ t: Timestamp, in calendar: StoreCalendar, random: inout DemoRandom) -> Timestamp {
        let wall = calendar.localTime(at: t)
        let minuteOfDay = wall.hour * 60 + wall.minute
        if minuteOfDay >= 9 * 60 && minuteOfDay < 19 * 60 + 30 { return t }
        let dayOffset = minuteOfDay >= 19 * 60 + 30 ? 1 : 0
        return plus(local(t, dayOffset: dayOffset, hour: 9, minute: 0, in: calendar), seconds: Int64(random.int(60...3600)))
    }
}
