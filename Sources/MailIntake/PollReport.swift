import Commands
import IMAPClient

/// What one pass over a mailbox did. Thread-safe (a value).
public struct PollReport: Sendable, Equatable {
    /// One quarantined message: its IMAP UID or Maildir file name, and why.
    public struct Quarantined: Sendable, Equatable {
        public var message: String
        public var reason: String
    }

    /// Messages the pass found to work on (unseen UIDs; Maildir files without the S flag).
    public var found = 0
    /// Messages whose lead events were new.
    public var appended = 0
    /// Messages already recorded (a redelivery, or a pass that died before marking them seen).
    public var duplicates = 0
    public var quarantined: [Quarantined] = []
    /// Left unseen for the next pass (a version conflict that outlasted the handler's retries).
    public var deferred = 0

    public init() {}

    mutating func add(_ disposition: MailDisposition, message: String) {
        switch disposition {
        case .recorded(let outcome):
            if outcome.deduplicated { duplicates += 1 } else { appended += 1 }
        case .quarantine(let reason):
            quarantined.append(Quarantined(message: message, reason: reason))
        case .deferred:
            deferred += 1
        case .storeFault:
            break
        }
    }
}

/// A pass that ended early. `partial` is what it did before: every message counted there as
/// appended or duplicate is durable (and, unless the error came while marking, marked seen).
/// Thread-safe (a value).
public enum MailPollError: Error, Sendable, CustomStringConvertible {
    /// The server or the network failed, or refused a command.
    case imap(IMAPError, partial: PollReport)
    /// The event store could not record (I/O, read-only, closed): nothing later can be recorded either.
    case store(CommandError, partial: PollReport)
    /// The configuration or the Maildir is unusable.
    case configuration(MailIntakeError)

    public var partial: PollReport {
        switch self {
        case .imap(_, let partial), .store(_, let partial): partial
        case .configuration: PollReport()
        }
    }

    public var description: String {
        switch self {
        case .imap(let error, _): error.description
        case .store(let error, _): "store: \(error.description)"
        case .configuration(let error): error.description
        }
    }
}
