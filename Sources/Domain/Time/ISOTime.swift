import EventStore
import Foundation

/// ISO-8601 UTC text for instants, the one form payloads and keys use
/// (`2026-03-02T16:58:00.000Z`). Written by hand (not `ISO8601DateFormatter`) so that the
/// output is byte-stable across platforms and so that parsing yields exactly the `Date`
/// that `Timestamp` conversion yields — the canonical payload bytes depend on both.
///
/// Precision is the event store's: microseconds. Milliseconds are always written; six
/// fraction digits only when the instant has sub-millisecond precision.
public enum ISOTime {
    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` (or `.SSSSSSZ`), UTC.
    public static func string(_ date: Date) -> String {
        string(microseconds: Timestamp(date).microsecondsSinceEpoch)
    }

    public static func string(_ timestamp: Timestamp) -> String {
        string(microseconds: timestamp.microsecondsSinceEpoch)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSSSSZ`, UTC, always six fraction digits: the log's full
    /// precision in a fixed width (`store dump`/`export` lines).
    public static func microsecondString(_ timestamp: Timestamp) -> String {
        paddedString(microseconds: timestamp.microsecondsSinceEpoch, fractionDigits: 6)
    }

    /// `yyyy-MM-dd` of the instant in UTC.
    public static func dateString(_ date: Date) -> String {
        String(string(date).prefix(10))
    }

    static func string(microseconds: Int64) -> String {
        let (seconds, micros) = floorDivide(microseconds, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        guard (0...9999).contains(civil.year) else { return paddedString(microseconds: microseconds) }
        // Digits straight into bytes: the read side formats a dozen instants per contact row.
        let wide = micros % 1000 != 0
        return String(unsafeUninitializedCapacity: wide ? 27 : 24) { buffer in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
            }
            put(Int64(civil.year), 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(Int64(civil.month), 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(Int64(civil.day), 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(secondOfDay % 3600 / 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(wide ? micros : micros / 1000, wide ? 6 : 3, at: 20)
            buffer[wide ? 26 : 23] = UInt8(ascii: "Z")
            return wide ? 27 : 24
        }
    }

    /// The same text built from padded strings: for years outside 0...9999 (never in this
    /// product's data; kept total), and the reference the byte writer is tested against.
    static func paddedString(microseconds: Int64, fractionDigits: Int? = nil) -> String {
        let (seconds, micros) = floorDivide(microseconds, 1_000_000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        let fraction = micros % 1000 == 0 && fractionDigits != 6 ? pad(micros / 1000, 3) : pad(micros, 6)
        return "\(pad(Int64(civil.year), 4))-\(pad(Int64(civil.month), 2))-\(pad(Int64(civil.day), 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2)).\(fraction)Z"
    }

    /// The two grammars the product reads; one parser implements both.
    public enum Profile: Sendable {
        /// RFC 3339, what the intake contracts and staff requests promise:
        /// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`; no leap second, nothing else. An event's
        /// `occurredAt` feeds TCPA audits, so a time that needs guessing is refused.
        case rfc3339
        /// For people and files: also a space or `t` for `T`, `z`, a `,` fraction of any
        /// length, offsets `±HHMM` and `±HH`, and second 60 (a leap second, folded into the
        /// next minute).
        case lenient
    }

    /// Why text is not an instant: a phrase to follow the field's name (`occurredAt is not a
    /// calendar date: '2026-02-31T10:00:00Z' (2026-02-31 does not exist)`).
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM|±HHMM|±HH)`; a space may replace `T`.
    /// Fractions beyond microseconds are truncated. Nil for anything else.
    public static func parse(_ text: String) -> Date? {
        parseTimestamp(text)?.date
    }

    /// `timestamp(text, profile: .lenient)`, nil on any error.
    public static func parseTimestamp(_ text: String) -> Timestamp? {
        try? timestamp(text, profile: .lenient)
    }

    /// The product's one ISO-8601 reader. Fractions beyond microseconds (the log's precision)
    /// are truncated. A date that does not exist (`2026-02-31`) is an error saying so, never
    /// rolled over into the next month; a time without a zone is an error too (callers that
    /// mean a store's local time resolve it with the store's zone).
    public static func timestamp(_ text: String, profile: Profile) throws(ParseError) -> Timestamp {
        let strict = profile == .rfc3339
        let malformed = ParseError(
            reason: "is not an ISO-8601 time with a zone (YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)): '\(text.prefix(40))'")
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.take("-"), let month = scanner.number(2), scanner.take("-"),
              let day = scanner.number(2), scanner.take("T") || (!strict && (scanner.take("t") || scanner.take(" "))),
              let hour = scanner.number(2), scanner.take(":"), let minute = scanner.number(2), scanner.take(":"),
              let second = scanner.number(2),
              hour < 24, minute < 60, second < (strict ? 60 : 61)
        else { throw malformed }
        guard let date = CivilDate(validatingYear: year, month: month, day: day) else {
            throw ParseError(reason: "is not a calendar date: '\(text.prefix(40))' (\(text.prefix(10)) does not exist)")
        }
        var micros: Int64 = 0
        if scanner.take(".") || (!strict && scanner.take(",")) {
            var digits = 0
            while let digit = scanner.digit() {
                if digits < 6 { micros = micros * 10 + Int64(digit) }
                digits += 1
            }
            guard digits > 0, !strict || digits <= 9 else { throw malformed }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if scanner.take("Z") || (!strict && scanner.take("z")) {
        } else if let sign: Int64 = scanner.take("+") ? 1 : (scanner.take("-") ? -1 : nil) {
            guard let offsetHours = scanner.number(2), offsetHours < 24 else { throw malformed }
            let colon = scanner.take(":")
            let offsetMinutes = scanner.number(2)
            guard !strict || (colon && offsetMinutes != nil), !colon || offsetMinutes != nil else { throw malformed }
            guard (offsetMinutes ?? 0) < 60 else { throw malformed }
            offsetSeconds = sign * Int64(offsetHours * 3600 + (offsetMinutes ?? 0) * 60)
        } else {
            throw malformed  // a local time without a zone is ambiguous
        }
        guard scanner.atEnd else { throw malformed }
        let seconds = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offsetSeconds
        return Timestamp(microsecondsSinceEpoch: seconds * 1_000_000 + micros)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Floor division and its non-negative remainder.
func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
    let q = a / b, r = a % b
    return r < 0 ? (q - 1, r + b) : (q, r)
}

private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func number(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}

extension Timestamp {
    /// The instant of `date`, rounded to the nearest microsecond.
    public init(_ date: Date) {
        self.init(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// The instant as a `Date`. Converting back with `Timestamp(_:)` gives the same value.
    public var date: Date {
        Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000)
    }

    /// `self` plus a whole number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + seconds * 1_000_000)
    }
}
