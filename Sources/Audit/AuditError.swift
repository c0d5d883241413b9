import EventStore

/// Why an audit could not run: bad options (a user error naming the field), or a log that
/// cannot be read (corruption or I/O, reported with the store's own location). The CLI maps
/// `.invalidField` to exit 1 and the rest to exit 2; the HTTP server maps `.invalidField` to 400.
/// Thread-safe (a value).
public enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option or query parameter is wrong: which one, and why.
    case invalidField(field: String, reason: String)
    /// The zone table file could not be read or parsed (line and reason).
    case invalidZoneTable(path: String, line: Int, reason: String)
    /// The log could not be read: the store's error, located.
    case store(StoreError)
    /// An event in the log does not decode (a writer bug or a format the build does not know).
    case undecodableEvent(position: UInt64, type: String, reason: String)

    public var description: String {
        switch self {
        case .invalidField(let field, let reason): "\(field): \(reason)"
        case .invalidZoneTable(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .store(let error): "\(error)"
        case .undecodableEvent(let position, let type, let reason): "event \(position) (\(type)) cannot be read: \(reason)"
        }
    }

    /// True when the caller can fix it by changing the request.
    public var isUserError: Bool {
        if case .invalidField = self { return true }
        return false
    }

    static func wrap(_ error: any Error) -> AuditError {
        if let error = error as? AuditError { return error }
        if let error = error as? StoreError { return .store(error) }
        return .undecodableEvent(position: 0, type: "", reason: "\(error)")
    }
}
