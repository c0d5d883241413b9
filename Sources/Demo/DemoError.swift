import Commands
import EventStore

/// Why a demo run stopped. Thread-safe (a value).
public enum DemoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An option outside its range (`field` is the CLI option name without dashes).
    case invalidOption(field: String, reason: String)
    /// The store already holds events: a demo history is only written into an empty log, so
    /// it never mixes with real data and a second run cannot double it.
    case storeNotEmpty(directory: String, position: UInt64)
    /// A handler refused an input the generator expected it to accept (or the reverse) — a
    /// bug in the generator or in a handler; `input` names the input.
    case unexpectedOutcome(input: String, expected: String, actual: String)
    /// The handler failed for a reason the input cannot explain (store I/O, closed store).
    case handlerFailed(input: String, error: CommandError)
    /// Opening or closing the data directory failed.
    case storeFailed(String)

    public var description: String {
        switch self {
        case .invalidOption(let field, let reason): "--\(field) \(reason)"
        case .storeNotEmpty(let directory, let position):
            "\(directory) already holds \(position) events; the demo writes only into an empty data directory"
        case .unexpectedOutcome(let input, let expected, let actual):
            "\(input): expected \(expected), got \(actual)"
        case .handlerFailed(let input, let error): "\(input): \(error)"
        case .storeFailed(let reason): reason
        }
    }

    /// True for the errors a user can fix (options, a non-empty directory).
    public var isUserError: Bool {
        switch self {
        case .invalidOption, .storeNotEmpty: true
        case .unexpectedOutcome, .handlerFailed, .storeFailed: false
        }
    }
}
