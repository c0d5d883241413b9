/// The words of mail dates: month and day names, filler words and zone names.
/// Thread-safe (constants).
enum EmailDateWords {
    static let months: [String: Int] = {
        let names = [
            ["jan", "january"], ["feb", "february"], ["mar", "march"], ["apr", "april"], ["may"], ["jun", "june"],
            ["jul", "july"], ["aug", "august"], ["sep", "sept", "september"], ["oct", "october"],
            ["nov", "november"], ["dec", "december"],
        ]
        var table: [String: Int] = [:]
        for (index, spellings) in names.enumerated() {
            for name in spellings { table[name] = index + 1 }
        }
        return table
    }()

    static let dayNames: Set<String> = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// Words clients put between the parts of a date (`… 2026 at 9:31 AM`).
    static let ignored: Set<String> = ["at", "on", "-"]

    /// RFC 5322 §4.3 names plus the North American ones clients print, in hours east of UTC.
    private static let zoneHours: [String: Double] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "edt": -4, "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7, "pdt": -7, "pst": -8,
        "akdt": -8, "akst": -9, "hst": -10, "adt": -3, "ast": -4, "ndt": -2.5, "nst": -3.5,
    ]

    /// Seconds east of UTC for a zone token, or nil when `token` is not a zone.
    /// `original` keeps the case: a single upper-case letter is a military zone, which
    /// RFC 5322 §4.3 says to read as -0000 (the letters were defined with the wrong sign).
    static func zoneOffset(_ token: String, original: String) -> Int? {
        if let hours = zoneHours[token] { return Int(hours * 3_600) }
        if original.count == 1, let letter = original.unicodeScalars.first, ("A"..."Z").contains(letter), letter != "J" {
            return 0
        }
        var rest = Substring(token)
        for prefix in ["gmt", "utc", "ut"] where rest.hasPrefix(prefix) && rest.count > prefix.count {
            rest = rest.dropFirst(prefix.count)
            break
        }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let digits = rest.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // "+0100" and "+01:00" are hours and minutes; "+1" and "+05" are hours only.
        let hours = digits.count <= 2 ? Int(digits) : Int(digits.dropLast(2))
        let minutes = digits.count <= 2 ? 0 : Int(digits.suffix(2))
        guard let hours, let minutes, hours <= 23, minutes <= 59 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60)
    }
}
