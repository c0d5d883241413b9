import Domain
import EventStore

/// Why a command handler refused its input or could not record it: a stable `code`, the
/// `field` at fault (a JSON path such as `body.from.phoneNumber`, `payload.phone`, or "" for
/// the input as a whole), the `reason`, and for the cases that have one the JSON Lines
/// `line` (1-based) and the stream's `actualVersion`.
///
/// Every handler throws only this type (typed throws) and appends nothing when it throws
/// (EVENTS.md: "on bad input append nothing and return an error that names the field and the
/// reason"). Parsers' `IntakeError`, Domain's `DomainError` and the store's `StoreError` are
/// mapped into it here, once. Only `Server` maps codes to HTTP statuses and exit codes; the
/// intended mapping is on each case. Thread-safe (a value).
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// 400: not one well-formed JSON value / JSON Lines document.
        case malformed = "malformed_input"
        /// 400: a required field is absent.
        case missingField = "missing_field"
        /// 400: a field has the wrong type, format or value.
        case invalidField = "invalid_field"
        /// 413: over a documented size limit.
        case tooLarge = "too_large"
        /// 404: the input refers to something the log does not hold (a call id, a store id).
        case notFound = "not_found"
        /// 422: well-formed but not acceptable (no store for this account; the AI clearing a
        /// staff Do-Not-Contact; completing a cancelled task).
        case unprocessable = "unprocessable"
        /// 409: the stream is not at the expected version (`actualVersion` says where it is),
        /// or an idempotency key is already used by a different event.
        case conflict = "conflict"
        /// 503: the store is read-only, closed, or stopped after a failed write.
        case unavailable = "unavailable"
        /// 500 / exit 2: an I/O error or corruption underneath; not the caller's fault.
        case storageFailure = "storage_failure"
    }

    public var code: Code
    public var field: String
    public var reason: String
    /// The 1-based line of a JSON Lines input the error is about.
    public var line: Int?
    /// For `.conflict` on a version: the stream's actual version (nil: the stream has no events).
    public var actualVersion: UInt64?

    public init(_ code: Code, field: String, reason: String, line: Int? = nil, actualVersion: UInt64? = nil) {
        self.code = code
        self.field = field
        self.reason = reason
        self.line = line
        self.actualVersion = actualVersion
    }

    public static func missing(_ field: String) -> CommandError {
        CommandError(.missingField, field: field, reason: "is required")
    }

    public static func invalid(_ field: String, _ reason: String) -> CommandError {
        CommandError(.invalidField, field: field, reason: reason)
    }

    /// Whether the caller can fix the input (a 4xx / CLI exit 1), as opposed to a store fault.
    public var isUserError: Bool { code != .unavailable && code != .storageFailure }

    public var description: String {
        var text = line.map { "line \($0): " } ?? ""
        text += field.isEmpty ? "\(code.rawValue): \(reason)" : "\(code.rawValue): \(field): \(reason)"
        return text
    }

    /// The same error about line `line` of a JSON Lines input.
    func at(line: Int) -> CommandError {
        var copy = self
        copy.line = line
        return copy
    }

    /// The same error with `prefix` put before its field (`payload` + `phone` → `payload.phone`).
    func under(_ prefix: String) -> CommandError {
        var copy = self
        copy.field = field.isEmpty ? prefix : (field.hasPrefix("[") ? prefix + field : "\(prefix).\(field)")
        return copy
    }
}

extension CommandError {
    public init(_ error: IntakeError) {
        let code: Code =
            switch error.code {
            case .malformed: .malformed
            case .missingField: .missingField
            case .invalidField: .invalidField
            case .tooLarge: .tooLarge
            }
        self.init(code, field: error.field, reason: error.reason)
    }

    /// A Domain validation error; `field` replaces the error's own field name when given
    /// (Domain names `storeId`, the input may call it `body.storeId`).
    public init(_ error: DomainError, field: String? = nil) {
        switch error {
        case .invalidField(let own, let reason):
            self.init(.invalidField, field: field ?? own, reason: reason)
        case .missingField(let own):
            self.init(.missingField, field: field ?? own, reason: "is required")
        case .unknownEventType(let type):
            self.init(.invalidField, field: field ?? "type", reason: "'\(type.prefix(60))' is not a documented event type")
        case .unsupportedSchemaVersion(let type, let version):
            self.init(.invalidField, field: field ?? "schemaVersion", reason: "\(type) has no schema version \(version)")
        case .malformedPayload(let type, let reason):
            self.init(.invalidField, field: field ?? "payload", reason: "not a valid \(type) payload: \(reason)")
        }
    }

    public init(_ error: StoreError) {
        switch error {
        case .versionConflict(let stream, let expected, let actual):
            self.init(
                .conflict, field: "version",
                reason: "\(stream) is at version \(ExpectedVersion.clientVersion(actual)) (its number of events), "
                    + "not \(ExpectedVersion.clientDescription(expected))",
                actualVersion: ExpectedVersion.clientVersion(actual))
        case .idempotencyConflict(let key, let position):
            self.init(
                .conflict, field: "idempotencyKey",
                reason: "\(key) was already used at position \(position) for a different event")
        case .invalidEvent(_, let field, let reason):
            self.init(.invalidField, field: field, reason: reason)
        case .readOnly, .closed, .writerFailed:
            self.init(.unavailable, field: "", reason: error.description)
        case .io, .noSpace, .corrupt, .locked:
            self.init(.storageFailure, field: "", reason: error.description)
        }
    }

    /// An error from code that throws the intake, Domain or command errors untyped.
    static func converting(_ error: any Error) -> CommandError {
        switch error {
        case let error as CommandError: error
        case let error as IntakeError: CommandError(error)
        case let error as DomainError: CommandError(error)
        case let error as StoreError: CommandError(error)
        default: CommandError(.storageFailure, field: "", reason: "\(error)")
        }
    }

    /// Any error thrown by the event store's reads (`readStream`, `scan`).
    static func fromStore(_ error: any Error) -> CommandError {
        if let store = error as? StoreError { return CommandError(store) }
        if let command = error as? CommandError { return command }
        return CommandError(.storageFailure, field: "", reason: "\(error)")
    }
}

/// Domain validation with the input's field name: `try checked("body.id") { try SourceID(raw) }`;
/// nil keeps the field the Domain error names.
@inline(__always)
func checked<T>(_ field: String?, _ make: () throws(DomainError) -> T) throws(CommandError) -> T {
    do {
        return try make()
    } catch {
        throw CommandError(error, field: field)
    }
}

extension CommandError {
    /// Runs an intake parser and maps its error: every handler's `handle(bytes)` starts here.
    static func parsing<T>(_ parse: () throws(IntakeError) -> T) throws(CommandError) -> T {
        do {
            return try parse()
        } catch {
            throw CommandError(error)
        }
    }
}

/// The version clients see (If-Match, ETag, 409 `actualVersion`, the read model's `version`):
/// the number of events in the stream, 0 for none. The store numbers a stream's events from
/// 0, so a client's N is the store's `.exact(N - 1)` and 0 is `.noStream` — one meaning for
/// contacts, tasks and every other stream.
extension ExpectedVersion {
    public static func client(_ version: UInt64) -> ExpectedVersion {
        version == 0 ? .noStream : .exact(version - 1)
    }

    /// The client's version of a stream whose last event has store version `last`.
    public static func clientVersion(_ last: UInt64?) -> UInt64 { last.map { $0 + 1 } ?? 0 }

    static func clientDescription(_ expected: ExpectedVersion) -> String {
        switch expected {
        case .any: "any"
        case .noStream: "0"
        case .exact(let last): String(last + 1)
        }
    }
}
