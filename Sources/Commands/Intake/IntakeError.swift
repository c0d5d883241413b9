/// Why an ingest adapter refused its input: the field (a JSON path such as
/// `body.to[0].phoneNumber`, or "" for the document as a whole) and the reason.
///
/// Every intake parser throws only this type (typed throws), so a caller can map any failure
/// to a response without a catch-all: `Server` turns `code` into the API's error code
/// (`{"error": {"code": "invalid_field", "message": …, "field": …}}`, API.md) and the status
/// (400, or 413 for `.tooLarge`). Parsers never append anything, so an error means nothing
/// happened. Thread-safe (a value).
public struct IntakeError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// The bytes are not one well-formed JSON value (or the payload is otherwise unreadable).
        case malformed = "malformed_input"
        /// A required field is absent or null.
        case missingField = "missing_field"
        /// A field is present but has the wrong type, format or value.
        case invalidField = "invalid_field"
        /// The payload exceeds a documented limit.
        case tooLarge = "too_large"
    }

    public var code: Code
    /// Path of the offending field; "" when the whole payload is at fault.
    public var field: String
    public var reason: String

    public init(_ code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    public static func missing(_ field: String) -> IntakeError {
        IntakeError(.missingField, field: field, reason: "is required")
    }

    public static func invalid(_ field: String, _ reason: String) -> IntakeError {
        IntakeError(.invalidField, field: field, reason: reason)
    }

    public var description: String {
        field.isEmpty ? "\(code.rawValue): \(reason)" : "\(code.rawValue): \(field) \(reason)"
    }
}
