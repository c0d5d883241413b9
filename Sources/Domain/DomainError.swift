/// Why a value or an event was refused. Every case names what was wrong so that an ingest path
/// can answer "400: <field>: <reason>" and append nothing (EVENTS.md: "return an error that
/// names the field and the reason"). Only `Server` maps these to HTTP statuses.
///
/// Thread-safe (a value).
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A field's value is present but cannot be valid, e.g. `storeId: not a UUID`.
    case invalidField(field: String, reason: String)
    /// A required field is absent or empty.
    case missingField(field: String)
    /// A recorded event's type is not in the catalog (EventType).
    case unknownEventType(String)
    /// A recorded event's schema version is newer than this build knows, or has no upcaster.
    case unsupportedSchemaVersion(type: String, version: UInt16)
    /// A recorded payload is not valid JSON for its type and version.
    case malformedPayload(type: String, reason: String)

    /// The field the error is about, when there is one.
    public var field: String? {
        switch self {
        case .invalidField(let field, _), .missingField(let field): field
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .invalidField(let field, let reason): "\(field): \(reason)"
        case .missingField(let field): "\(field): is required"
        case .unknownEventType(let type): "unknown event type '\(type)'"
        case .unsupportedSchemaVersion(let type, let version): "\(type): unsupported schema version \(version)"
        case .malformedPayload(let type, let reason): "\(type): malformed payload: \(reason)"
        }
    }
}

extension DomainError {
    /// Maps a `DecodingError` from a payload or value decoder to `.malformedPayload`, keeping
    /// the coding path so the message names the field.
    static func malformed(type: String, _ error: any Error) -> DomainError {
        if let domain = error as? DomainError { return domain }
        guard let decoding = error as? DecodingError else { return .malformedPayload(type: type, reason: "\(error)") }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            let prefix = path(context)
            return .malformedPayload(type: type, reason: "missing \(prefix.isEmpty ? key.stringValue : prefix + "." + key.stringValue)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return .malformedPayload(type: type, reason: "\(path(context)): \(context.debugDescription)")
        @unknown default:
            return .malformedPayload(type: type, reason: "\(decoding)")
        }
    }
}
