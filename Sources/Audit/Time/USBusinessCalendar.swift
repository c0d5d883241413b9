import Domain

/// US federal holidays and business days, for OPTOUT-HONOR's "10 business days" (47 CFR
/// 64.1200(a)(10)). Holidays are computed from their rules (5 U.S.C. 6103), not listed:
///
/// | holiday | rule |
/// |---|---|
/// | New Year's Day | January 1 |
/// | Birthday of Martin Luther King, Jr. | third Monday of January (from 1986) |
/// | Washington's Birthday | third Monday of February |
/// | Memorial Day | last Monday of May |
/// | Juneteenth National Independence Day | June 19 (from 2021) |
/// | Independence Day | July 4 |
/// | Labor Day | first Monday of September |
/// | Columbus Day | second Monday of October |
/// | Veterans Day | November 11 |
/// | Thanksgiving Day | fourth Thursday of November |
/// | Christmas Day | December 25 |
///
/// A fixed-date holiday on a Saturday is observed the Friday before, on a Sunday the Monday
/// after (Executive Order 11582) — so New Year's Day 2022 (a Saturday) was observed on Friday
/// 2021-12-31. A business day is a Monday to Friday that is not an observed holiday.
/// Thread-safe (stateless).
public enum USBusinessCalendar {
    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    public static func weekday(_ date: CivilDate) -> Int {
        let days = date.daysSinceEpoch
        return Int(((days + 4) % 7 + 7) % 7)
    }

    /// The observed federal holidays of `year`, in date order (may include December 31 of
    /// `year` for the next New Year's Day, never a date of another year).
    public static func observedHolidays(in year: Int) -> [CivilDate] {
        var dates: [CivilDate] = [
            observed(CivilDate(year: year, month: 1, day: 1)),
            nthWeekday(3, weekday: 1, month: 2, year: year),
            lastWeekday(1, month: 5, year: year),
            observed(CivilDate(year: year, month: 7, day: 4)),
            nthWeekday(1, weekday: 1, month: 9, year: year),
            nthWeekday(2, weekday: 1, month: 10, year: year),
            observed(CivilDate(year: year, month: 11, day: 11)),
            nthWeekday(4, weekday: 4, month: 11, year: year),
            observed(CivilDate(year: year, month: 12, day: 25)),
        ]
        if year >= 1986 { dates.append(nthWeekday(3, weekday: 1, month: 1, year: year)) }
        if year >= 2021 { dates.append(observed(CivilDate(year: year, month: 6, day: 19))) }
        // Next year's New Year's Day observed on this year's December 31.
        let nextNewYear = observed(CivilDate(year: year + 1, month: 1, day: 1))
        if nextNewYear.year == year { dates.append(nextNewYear) }
        return dates.filter { $0.year == year }.sorted()
    }

    public static func isHoliday(_ date: CivilDate) -> Bool {
        observedHolidays(in: date.year).contains(date)
    }

    public static func isBusinessDay(_ date: CivilDate) -> Bool {
        let day = weekday(date)
        return day != 0 && day != 6 && !isHoliday(date)
    }

    /// Business days in `(start, end]`: 0 when `end <= start`. Receipt on Friday, honoured the
    /// next Monday → 1.
    public static func businessDays(after start: CivilDate, through end: CivilDate) -> Int {
        var count = 0
        var day = start.daysSinceEpoch + 1
        let last = end.daysSinceEpoch
        var holidays: (year: Int, dates: Set<CivilDate>) = (Int.min, [])
        while day <= last {
            let date = CivilDate(daysSinceEpoch: day)
            if holidays.year != date.year { holidays = (date.year, Set(observedHolidays(in: date.year))) }
            let weekdayNumber = weekday(date)
            if weekdayNumber != 0 && weekdayNumber != 6 && !holidays.dates.contains(date) { count += 1 }
            day += 1
        }
        return count
    }

    /// The date of the `n`th business day after `start` (n ≥ 1).
    public static func businessDay(_ n: Int, after start: CivilDate) -> CivilDate {
        precondition(n >= 1, "counting starts at business day 1")
        var remaining = n
        var day = start.daysSinceEpoch
        while true {
            day += 1
            let date = CivilDate(daysSinceEpoch: day)
            if isBusinessDay(date) {
                remaining -= 1
                if remaining == 0 { return date }
            }
        }
    }

    /// Saturday → Friday before, Sunday → Monday after.
    static func observed(_ date: CivilDate) -> CivilDate {
        switch weekday(date) {
        case 6: CivilDate(daysSinceEpoch: date.daysSinceEpoch - 1)
        case 0: CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1)
        default: date
        }
    }

    /// The `n`th `weekday` (0 = Sunday) of a month.
    static func nthWeekday(_ n: Int, weekday target: Int, month: Int, year: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)
        let shift = (target - weekday(first) + 7) % 7
        return CivilDate(year: year, month: month, day: 1 + shift + 7 * (n - 1))
    }

    /// The last `weekday` of a month.
    static func lastWeekday(_ target: Int, month: Int, year: Int) -> CivilDate {
        let nextMonth = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
        let last = CivilDate(daysSinceEpoch: nextMonth.daysSinceEpoch - 1)
        let back = (weekday(last) - target + 7) % 7
        return CivilDate(daysSinceEpoch: last.daysSinceEpoch - Int64(back))
    }
}
