import ArgumentParser
import EventStore
import Glibc

/// Errors a command raises on purpose, each with its exit status (API.md).
enum CLIError: Error, CustomStringConvertible {
    /// Bad input from the user: exit 1.
    case user(String)
    /// The log is damaged: exit 2.
    case corruption(String)
    /// Anything else that went wrong inside: exit 2.
    case fault(String)

    var description: String {
        switch self {
        case .user(let reason), .corruption(let reason), .fault(let reason): reason
        }
    }
}

enum ExitStatus {
    static let success: Int32 = 0
    static let userError: Int32 = 1
    static let corruptionOrFault: Int32 = 2

    /// Prints what `error` means (one line on stderr, or help on stdout) and returns the status.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let exit as ExitCode:
            // Thrown after a command printed its own output (verify's problem list).
            return exit.rawValue
        case let error as CLIError:
            Console.error(error.description)
            if case .user = error { return userError }
            return corruptionOrFault
        case let error as StoreError:
            Console.error(error.located)
            return status(of: error)
        default:
            let code = ContactLedger.exitCode(for: error)
            if code == .success {
                // --help, --version: argument-parser's text, on stdout.
                Console.out(ContactLedger.fullMessage(for: error))
                return success
            }
            if code == .validationFailure {
                let message = ContactLedger.message(for: error)
                    .split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                Console.error("\(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message) (see --help)")
                return userError
            }
            Console.error("internal error: \(error)")
            return corruptionOrFault
        }
    }

    /// Store errors that the user can fix are user errors; the rest mean damage or a fault.
    static func status(of error: StoreError) -> Int32 {
        switch error {
        case .locked, .versionConflict, .idempotencyConflict, .invalidEvent, .readOnly, .closed: userError
        case .io(_, _, let errno) where errno == ENOENT || errno == EACCES || errno == ENOTDIR: userError
        case .io, .noSpace, .corrupt, .writerFailed: corruptionOrFault
        }
    }
}
