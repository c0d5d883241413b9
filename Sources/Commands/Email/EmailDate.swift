import Domain
import Foundation

/// Reads the dates found in mail into instants.
///
/// One tolerant grammar covers RFC 5322 `Date:`/`Received:` dates, including the obsolete
/// syntax of §4.3 (optional day name, two- and three-digit years, zone names UT/GMT/EST…PDT,
/// military letters, comments), and the human dates mail clients write into forwarded
/// headers: Gmail `Wed, Mar 4, 2026 at 9:31 AM`, Apple Mail `March 4, 2026 at 9:31:00 AM PST`,
/// Outlook `Wednesday, March 4, 2026 9:31 AM`, and `3/4/2026 9:31 AM` (US order).
/// A word it does not know makes the whole date unreadable (nil) rather than guessed.
/// Thread-safe (stateless).
public enum EmailDate {
    /// The instant `text` names. A date without a zone is read in `timeZoneIfAbsent`
    /// (INTAKE.md: a forwarded date without zone is read in the store's time zone).
    public static func parse(_ text: String, timeZoneIfAbsent: TimeZone) -> Date? {
        var fields = Fields()
        let tokens = withoutComments(text).split { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" }
        guard tokens.count <= 16 else { return nil }
        for token in tokens {
            guard fields.read(String(token)) else { return nil }
        }
        guard let components = fields.validated() else { return nil }
        if let offset = fields.offsetSeconds {
            let days = Int(CivilDate(year: components.year, month: components.month, day: components.day).daysSinceEpoch)
            let seconds = days * 86_400 + components.hour * 3_600 + components.minute * 60 + components.second - offset
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZoneIfAbsent
        return calendar.date(
            from: DateComponents(
                year: components.year, month: components.month, day: components.day, hour: components.hour,
                minute: components.minute, second: components.second))
    }

    private static func withoutComments(_ text: String) -> String {
        var output = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")", depth > 0 {
                depth -= 1
            } else if depth == 0 {
                output.append(character)
            }
        }
        return output
    }

    private struct Components {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// What the tokens said so far. Each `read` returns false for a token it cannot place.
    private struct Fields {
        var year: Int?, month: Int?, day: Int?
        var hour: Int?, minute: Int?, second: Int?
        var isPM: Bool?
        var offsetSeconds: Int?

        mutating func read(_ raw: String) -> Bool {
            var token = raw.lowercased()
            while token.hasSuffix(".") { token.removeLast() }
            if token.isEmpty || EmailDateWords.ignored.contains(token) || EmailDateWords.dayNames.contains(token) {
                return true
            }
            if let month = EmailDateWords.months[token] { return set(&self.month, month) }
            if token == "am" || token == "a.m" || token == "pm" || token == "p.m" { return setMeridiem(token) }
            if let zone = EmailDateWords.zoneOffset(token, original: raw) {
                if offsetSeconds == nil { offsetSeconds = zone }  // "+0000 GMT": the first zone wins
                return true
            }
            if token.contains(":") { return readTime(token) }
            if token.contains("/") { return readNumericDate(token, separator: "/", order: (0, 1, 2)) }
            if token.contains("-") { return readNumericDate(token, separator: "-", order: (1, 2, 0)) }
            guard let number = Int(token), token.allSatisfy(\.isASCII) else { return false }
            if token.count >= 3 { return set(&year, number < 1000 ? number + 1900 : number) }
            if day == nil { return set(&day, number) }
            return set(&year, number < 50 ? number + 2000 : number + 1900)  // RFC 5322 §4.3
        }

        private mutating func setMeridiem(_ token: String) -> Bool {
            guard isPM == nil else { return false }
            isPM = token.hasPrefix("p")
            return true
        }

        /// `9:31`, `09:31:00`, `9:31am`, `09:31:00.250`.
        private mutating func readTime(_ token: String) -> Bool {
            var token = Substring(token)
            for suffix in ["am", "pm"] where token.hasSuffix(suffix) {
                guard setMeridiem(suffix) else { return false }
                token = token.dropLast(2)
            }
            let pieces = token.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(pieces.count), hour == nil else { return false }
            let secondsText = pieces.count == 3 ? pieces[2].prefix { $0 != "." } : "0"
            guard let h = Int(pieces[0]), let m = Int(pieces[1]), let s = Int(secondsText) else { return false }
            (hour, minute, second) = (h, m, s)
            return true
        }

        /// `3/4/2026` (month, day, year) or `2026-03-04` (year, month, day); `order` gives the
        /// piece index of (month, day, year).
        private mutating func readNumericDate(_ token: String, separator: Character, order: (Int, Int, Int)) -> Bool {
            let pieces = token.split(separator: separator, omittingEmptySubsequences: false).map { Int($0) }
            guard pieces.count == 3, let m = pieces[order.0], let d = pieces[order.1], var y = pieces[order.2] else {
                return false
            }
            if y < 100 { y += y < 50 ? 2000 : 1900 }
            return set(&month, m) && set(&day, d) && set(&year, y)
        }

        private func set(_ field: inout Int?, _ value: Int) -> Bool {
            guard field == nil else { return false }
            field = value
            return true
        }

        func validated() -> Components? {
            guard let year, let month, let day, var hour, let minute else { return nil }
            var second = second ?? 0
            guard (1900...9999).contains(year), (1...12).contains(month), (0...59).contains(minute),
                (0...60).contains(second)
            else { return nil }
            guard CivilDate(validatingYear: year, month: month, day: day) != nil else { return nil }
            if let isPM {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (isPM ? 12 : 0)
            }
            guard (0...23).contains(hour) else { return nil }
            second = min(second, 59)  // a leap second is read as :59
            return Components(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }
    }
}
