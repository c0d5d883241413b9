/// The numbers the rules use (TCPA.md: "every rule is configurable and the report says which
/// rule set and parameters it used"). Defaults are the spec's. Thread-safe (a value).
public struct TCPAParameters: Sendable, Hashable, Codable {
    /// A local calling window `[start, end)` in minutes after midnight.
    public struct Window: Sendable, Hashable, Codable, CustomStringConvertible {
        public var startMinute: Int
        public var endMinute: Int

        public init(startMinute: Int, endMinute: Int) {
            self.startMinute = startMinute
            self.endMinute = endMinute
        }

        /// Whether a local time (µs after midnight) is inside: 20:59:59.999999 is, 21:00:00 is not.
        func contains(microOfDay: Int64) -> Bool {
            microOfDay >= Int64(startMinute) * 60_000_000 && microOfDay < Int64(endMinute) * 60_000_000
        }

        public var description: String {
            func hhmm(_ m: Int) -> String { (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)" }
            return "\(hhmm(startMinute))–\(hhmm(endMinute))"
        }
    }

    /// HOURS-1: 08:00–21:00 (47 CFR 64.1200(c)(1): "before 8 a.m. or after 9 p.m.").
    public var federalWindow = Window(startMinute: 8 * 60, endMinute: 21 * 60)
    /// Florida, Oklahoma, Maryland: 08:00–20:00.
    public var stateWindow = Window(startMinute: 8 * 60, endMinute: 20 * 60)
    /// State sets: at most this many calls per rolling 24 hours to one number.
    public var stateCallsPer24HoursMax = 3
    /// OPTOUT-CONFIRM: the confirmation SMS must be sent within this many seconds of the opt-out.
    public var confirmationWindowSeconds = 300
    /// OPTOUT-HONOR: business days allowed between receipt and Do-Not-Contact in force.
    public var honorBusinessDaysMax = 10
    /// DNC-RETAIN: years a Do-Not-Contact must stay honoured unless the customer opts back in.
    public var retainYears = 5
    /// Inbound SMS whose whole text is one of these (case-insensitive, surrounding punctuation
    /// ignored) is a revocation (47 CFR 64.1200(a)(10)).
    public var optOutKeywords = ["STOP", "STOPALL", "QUIT", "END", "REVOKE", "OPT OUT", "OPTOUT", "CANCEL", "UNSUBSCRIBE"]

    public init() {}

    public static let standard = TCPAParameters()
}
