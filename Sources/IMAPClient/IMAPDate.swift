import Domain
import Foundation

/// IMAP `date-time` (RFC 3501 §9): `"23-Nov-2026 15:43:13 +0000"`, the day padded with a
/// space or a zero. INTERNALDATE is the lead's receivedAt (INTAKE.md), so a value that does not
/// parse is reported (nil), never guessed. Thread-safe (stateless).
public enum IMAPDate {
    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ")
        guard parts.count == 3 else { return nil }
        let dayMonthYear = parts[0].split(separator: "-")
        let clock = parts[1].split(separator: ":")
        let zone = parts[2]
        guard dayMonthYear.count == 3, clock.count == 3, zone.count == 5,
            let day = Int(dayMonthYear[0]),
            let month = months.firstIndex(of: dayMonthYear[1].uppercased()).map({ $0 + 1 }),
            dayMonthYear[2].count == 4, let year = Int(dayMonthYear[2]),
            let date = CivilDate(validatingYear: year, month: month, day: day),  // not 31-Feb
            let hour = Int(clock[0]), (0...23).contains(hour),
            let minute = Int(clock[1]), (0...59).contains(minute),
            let second = Int(clock[2]), (0...60).contains(second),
            let sign = zone.first, sign == "+" || sign == "-",
            let zoneHours = Int(zone.dropFirst().prefix(2)), let zoneMinutes = Int(zone.suffix(2)),
            zoneHours <= 23, zoneMinutes <= 59
        else { return nil }
        let offsetSeconds = (zoneHours * 3600 + zoneMinutes * 60) * (sign == "-" ? -1 : 1)
        let local = Int(date.daysSinceEpoch) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - offsetSeconds))
    }

    /// Formats `date` in UTC the way a server would send it (for APPEND and tests).
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondsOfDay = total - days * 86_400
        let civil = CivilDate(daysSinceEpoch: Int64(days))
        let (year, month, day) = (civil.year, civil.month, civil.day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(day))-\(months[month - 1].capitalized)-\(year) "
            + "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) +0000"
    }
}
