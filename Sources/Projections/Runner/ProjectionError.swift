/// Why a projection could not apply an event, or why the read model could not be opened or
/// swapped. A projection that fails stops at that position and reports it; it never skips.
/// Thread-safe (a value).
public enum ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The event's payload does not decode (a newer schema, or a bug in an upcaster).
    case undecodable(position: UInt64, type: String, reason: String)
    /// Applying the event failed (a schema invariant, a SQLite error).
    case applyFailed(projection: ProjectionName, position: UInt64, type: String, reason: String)
    /// The read model's files (CURRENT, a generation) are missing or unreadable.
    case storage(path: String, reason: String)
    /// Another process maintains this read model (it holds the lock file).
    case locked(path: String, holder: String)
    /// The log is behind the read model (a different or truncated log).
    case aheadOfLog(projection: ProjectionName, checkpoint: UInt64, logEnd: UInt64)
    /// A name that is not a projection (`rebuild --projection`).
    case unknownProjection(String)

    public var code: String {
        switch self {
        case .undecodable: "undecodable_event"
        case .applyFailed: "apply_failed"
        case .storage: "storage_failure"
        case .locked: "locked"
        case .aheadOfLog: "ahead_of_log"
        case .unknownProjection: "unknown_projection"
        }
    }

    /// The log position the projection stopped at, when the error is about one event.
    public var position: UInt64? {
        switch self {
        case .undecodable(let position, _, _), .applyFailed(_, let position, _, _): position
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .undecodable(let position, let type, let reason):
            "event \(position) (\(type)) does not decode: \(reason)"
        case .applyFailed(let projection, let position, let type, let reason):
            "projection \(projection.rawValue) stopped at event \(position) (\(type)): \(reason)"
        case .storage(let path, let reason):
            "\(path): \(reason)"
        case .locked(let path, let holder):
            "\(path) is held by \(holder): another process maintains this read model"
        case .aheadOfLog(let projection, let checkpoint, let logEnd):
            "projection \(projection.rawValue) has applied up to \(checkpoint) but the log ends at \(logEnd): rebuild it"
        case .unknownProjection(let name):
            "no projection named '\(name)' (known: \(ProjectionName.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}
