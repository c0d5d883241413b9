import EventStore

/// Parses the ISO-8601 profile that RingCentral and the AI analyzer send (RFC 3339):
/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, e.g. `2026-03-02T17:01:00.000Z` or
/// `2026-03-02T09:01:00-08:00`.
///
/// Strict on purpose: an event's `occurredAt` comes from here and feeds TCPA audits, so a
/// time without a zone, a date like 2026-02-30 or a leap second is refused rather than
/// guessed. Fractions may have 1–9 digits; digits beyond microseconds (the log's precision)
/// are truncated. Integer calendar arithmetic (days-from-civil), no `Date`, so no rounding.
enum StrictISO8601 {
    static func parse(_ text: String) -> Timestamp? {
        var reader = Reader(bytes: Array(text.utf8))
        return reader.timestamp()
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

private struct Reader {
    let bytes: [UInt8]
    var at = 0

    mutating func number(_ width: Int) -> Int64? {
        guard at + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[at..<(at + width)] {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        at += width
        return value
    }

    mutating func skip(_ byte: Character) -> Bool {
        guard at < bytes.count, bytes[at] == byte.asciiValue else { return false }
        at += 1
        return true
    }

    mutating func timestamp() -> Timestamp? {
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2), skip("T"),
            let hour = number(2), skip(":"), let minute = number(2), skip(":"), let second = number(2),
            (1...12).contains(month), (1...StrictISO8601.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        guard let micros = fraction(), let offsetSeconds = offset(), at == bytes.count else { return nil }
        let days = StrictISO8601.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Timestamp(microsecondsSinceEpoch: seconds * 1_000_000 + micros)
    }

    /// Microseconds of an optional `.fraction`; nil when the fraction is malformed.
    mutating func fraction() -> Int64? {
        guard skip(".") else { return 0 }
        var micros: Int64 = 0
        var digits = 0
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9") {
            if digits < 6 { micros = micros * 10 + Int64(bytes[at] - UInt8(ascii: "0")) }
            digits += 1
            at += 1
        }
        guard (1...9).contains(digits) else { return nil }
        for _ in min(digits, 6)..<6 { micros *= 10 }
        return micros
    }

    /// Seconds east of UTC; nil when the zone designator is missing or malformed.
    mutating func offset() -> Int64? {
        if skip("Z") { return 0 }
        let sign: Int64
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(2), skip(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
