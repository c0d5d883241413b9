import Commands
import Domain
import Foundation

/// What intake does with one message once `LeadEmailHandler` has run — the one rule both the
/// IMAP poller and Maildir intake follow (PRODUCT.md Flow 1 step 4, INTAKE.md):
///
/// | handler result                                  | disposition   | the message        |
/// |-------------------------------------------------|---------------|--------------------|
/// | appended or duplicate (durable)                 | `.recorded`   | marked seen        |
/// | bad input (parse error, a limit, missing time…) | `.quarantine` | moved to Quarantine|
/// | a conflict (a race the handler did not settle)  | `.deferred`   | left unseen        |
/// | store unavailable or failing (I/O, read-only)   | `.storeFault` | left unseen; stop  |
///
/// A message is marked seen only in the first row: after the append is durable. Thread-safe (a value).
public enum MailDisposition: Sendable, Equatable {
    case recorded(CommandOutcome)
    case quarantine(reason: String)
    case deferred(reason: String)
    case storeFault(CommandError)

    public init(_ result: Result<CommandOutcome, CommandError>) {
        switch result {
        case .success(let outcome):
            self = .recorded(outcome)
        case .failure(let error):
            switch error.code {
            case .unavailable, .storageFailure:
                self = .storeFault(error)
            case .conflict:
                // A race with another writer of the same lead, not the message's fault: retry next pass.
                self = .deferred(reason: error.description)
            default:
                self = .quarantine(reason: error.description)
            }
        }
    }

    /// Runs the handler on `bytes` and sorts the result.
    static func of(
        _ bytes: [UInt8], internalDate: Date?, leads: LeadEmailHandler
    ) async -> MailDisposition {
        do {
            return .init(.success(try await leads.handle(bytes, internalDate: internalDate, actor: .imapPoller)))
        } catch {
            return .init(.failure(error))
        }
    }

    /// Records an already parsed lead and sorts the result.
    static func of(_ lead: LeadReceived, email: LeadEmailHandler.Email, leads: LeadEmailHandler) async -> MailDisposition {
        do {
            return .init(.success(try await leads.record(lead, actor: .imapPoller, email: email)))
        } catch {
            return .init(.failure(error))
        }
    }

    func count(in metrics: MailIntakeMetrics) {
        switch self {
        case .recorded(let outcome): (outcome.deduplicated ? metrics.duplicate : metrics.appended).increment()
        case .quarantine: metrics.quarantined.increment()
        case .deferred: metrics.deferred.increment()
        case .storeFault: break
        }
    }
}
