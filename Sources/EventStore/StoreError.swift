import Glibc

/// Every operating error the store reports. Programmer errors are preconditions instead.
///
/// Each case carries its context (file and offset, stream, key) so that the message alone
/// tells an operator what happened and where. `code` is a stable identifier for callers.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// The file system is full; nothing of the failed append was written.
    case noSpace(path: String, bytesRequested: UInt64)
    /// Bytes on disk do not match the format.
    case corrupt(file: String, offset: UInt64, reason: String)
    /// Another process holds the data directory's writer lock.
    case locked(path: String, holder: String)
    /// The stream's version is not what the append expected.
    case versionConflict(stream: String, expected: ExpectedVersion, actual: UInt64?)
    /// The idempotency key is already in the log for a different event.
    case idempotencyConflict(key: String, originalPosition: UInt64)
    /// An event to append is malformed (empty type, oversized payload, ...).
    case invalidEvent(index: Int, field: String, reason: String)
    /// The store was opened read-only, or refused writing because of corruption.
    case readOnly(reason: String)
    /// An earlier write or fsync failed; the writer refuses appends until the store is reopened.
    case writerFailed(cause: String)
    case closed

    public var code: String {
        switch self {
        case .io: "io_error"
        case .noSpace: "no_space"
        case .corrupt: "corrupt"
        case .locked: "locked"
        case .versionConflict: "version_conflict"
        case .idempotencyConflict: "idempotency_conflict"
        case .invalidEvent: "invalid_event"
        case .readOnly: "read_only"
        case .writerFailed: "writer_failed"
        case .closed: "closed"
        }
    }

    public var description: String {
        switch self {
        case let .io(operation, path, errno):
            "\(operation) failed on \(path): \(String(cString: strerror(errno))) (errno \(errno))"
        case let .noSpace(path, bytes):
            "no space left on device writing \(path) (needed \(bytes) bytes); nothing was appended"
        case let .corrupt(file, offset, reason):
            "corrupt log: \(file) at byte offset \(offset): \(reason)"
        case let .locked(path, holder):
            "data directory is locked by another writer (\(holder)); lock file \(path)"
        case let .versionConflict(stream, expected, actual):
            "version conflict on stream \(stream): expected \(expected), actual \(actual.map(String.init) ?? "no stream")"
        case let .idempotencyConflict(key, position):
            "idempotency key \(key) already used at position \(position) by a different event"
        case let .invalidEvent(index, field, reason):
            "event \(index): field \(field): \(reason)"
        case let .readOnly(reason):
            "store is read-only: \(reason)"
        case let .writerFailed(cause):
            "writer stopped after a failed write (\(cause)); reopen the store"
        case .closed:
            "store is closed"
        }
    }
}
