/// A wall-clock time of day, minute precision, written `HH:mm` (`"21:00"`).
public struct TimeOfDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Minutes since local midnight, 0..<1440.
    public let minuteOfDay: Int

    public init(hour: Int, minute: Int = 0) throws(DomainError) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else {
            throw .invalidField(field: "time", reason: "\(hour):\(minute) is not a time of day")
        }
        minuteOfDay = hour * 60 + minute
    }

    /// Parses `H:mm` or `HH:mm`, 00:00–23:59.
    public init(_ raw: String, field: String = "time") throws(DomainError) {
        let text = try Validate.nonEmpty(raw, field: field)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
        else { throw .invalidField(field: field, reason: "'\(text.prefix(20))' is not a time HH:mm between 00:00 and 23:59") }
        minuteOfDay = hour * 60 + minute
    }

    public var hour: Int { minuteOfDay / 60 }
    public var minute: Int { minuteOfDay % 60 }

    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minuteOfDay < b.minuteOfDay }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A store's quiet hours in its local time: `[start, end)`, wrapping midnight when
/// `start > end` (the default 21:00–08:00: quiet from 21:00 inclusive until 08:00 exclusive).
/// When `start == end` there are no quiet hours (an always-open store); a store that is never
/// open cannot be expressed, because a task could then never fall due.
///
/// JSON: `{"start": "21:00", "end": "08:00"}` as in fixtures/stores/*.json. Thread-safe (a value).
public struct QuietHours: Hashable, Sendable, Codable, CustomStringConvertible {
    public let start: TimeOfDay
    public let end: TimeOfDay

    public init(start: TimeOfDay, end: TimeOfDay) {
        self.start = start
        self.end = end
    }

    public init(start: String, end: String, field: String = "quietHours") throws(DomainError) {
        self.start = try TimeOfDay(start, field: "\(field).start")
        self.end = try TimeOfDay(end, field: "\(field).end")
    }

    /// 21:00–08:00, READMODELS.md's default (and TCPA.md HOURS-1's window).
    public static let standard = QuietHours(start: TimeOfDay(unchecked: 21 * 60), end: TimeOfDay(unchecked: 8 * 60))

    /// No quiet hours at all.
    public var isEmpty: Bool { start == end }

    /// Whether the window crosses local midnight.
    public var wrapsMidnight: Bool { start > end }

    /// Whether a local wall-clock time, in seconds since local midnight (0..<86400), is quiet.
    public func contains(secondOfDay: Int) -> Bool {
        let startSecond = start.minuteOfDay * 60, endSecond = end.minuteOfDay * 60
        if startSecond == endSecond { return false }
        if startSecond < endSecond { return secondOfDay >= startSecond && secondOfDay < endSecond }
        return secondOfDay >= startSecond || secondOfDay < endSecond
    }

    public var description: String { "\(start)–\(end)" }
}

extension TimeOfDay {
    init(unchecked minuteOfDay: Int) {
        precondition((0..<1440).contains(minuteOfDay), "minute of day out of range")
        self.minuteOfDay = minuteOfDay
    }
}
