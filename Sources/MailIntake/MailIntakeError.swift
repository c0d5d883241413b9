/// Why mail intake could not start or run: bad configuration (a typed error naming the field
/// and the reason) or a failure reading the password. Poll-time failures are reported in
/// ``PollReport`` / ``IMAPPollError`` instead. Thread-safe (a value).
public enum MailIntakeError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(field, reason): "\(field): \(reason)"
        }
    }
}
