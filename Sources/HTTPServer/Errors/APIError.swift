import HTTPTypes
import Commands
import Hummingbird

/// An error answer of the API (API.md "Errors"): a status and the body
/// `{"error": {"code": "invalid_field", "message": "…", "field": "phone"}}`, plus
/// `actualVersion` on a version conflict and `line` for a JSON Lines input.
///
/// Every refusal of the server, from auth to a handler's `CommandError`, becomes one of these
/// before it leaves a route, so clients see one shape. `field` is null when the input as a
/// whole is at fault. Thread-safe (a value).
public struct APIError: Error, HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    /// The stable codes clients switch on. The first nine are `CommandError.Code`'s.
    public enum Code: String, Sendable, CaseIterable {
        case malformedInput = "malformed_input"
        case missingField = "missing_field"
        case invalidField = "invalid_field"
        case tooLarge = "too_large"
        case notFound = "not_found"
        case unprocessable = "unprocessable"
        case conflict = "conflict"
        case unavailable = "unavailable"
        case storageFailure = "storage_failure"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        case unsupportedMediaType = "unsupported_media_type"
        case methodNotAllowed = "method_not_allowed"
        case tooManyRequests = "too_many_requests"
        case internalError = "internal_error"

        /// The status API.md gives each code.
        public var status: HTTPResponse.Status {
            switch self {
            case .malformedInput, .missingField, .invalidField: .badRequest
            case .tooLarge: .contentTooLarge
            case .notFound: .notFound
            case .unprocessable: .unprocessableContent
            case .conflict: .conflict
            case .unavailable: .serviceUnavailable
            case .storageFailure, .internalError: .internalServerError
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .unsupportedMediaType: .unsupportedMediaType
            case .methodNotAllowed: .methodNotAllowed
            case .tooManyRequests: .tooManyRequests
            }
        }
    }

    public var code: Code
    public var message: String
    /// The input field or header at fault; nil for the input as a whole.
    public var field: String?
    public var line: Int?
    public var actualVersion: UInt64?
    /// Extra response headers (`WWW-Authenticate` on 401, `Retry-After` on 503).
    public var headers: [(HTTPField.Name, String)] = []

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var status: HTTPResponse.Status { code.status }

    public var description: String {
        "\(code.rawValue)\(field.map { " (\($0))" } ?? ""): \(message)"
    }

    public static func == (a: APIError, b: APIError) -> Bool {
        a.code == b.code && a.message == b.message && a.field == b.field && a.line == b.line && a.actualVersion == b.actualVersion
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The JSON answer; no request needed (the error middleware also answers for Hummingbird).
    func response() -> Response {
        var error: [(String, JSONOut)] = [
            ("code", .string(code.rawValue)),
            ("message", .string(message)),
            ("field", field.map(JSONOut.string) ?? .null),
        ]
        if let line { error.append(("line", .int(Int64(line)))) }
        if let actualVersion { error.append(("actualVersion", .uint(actualVersion))) }
        var response = JSONOut.object([("error", .object(error))]).response(status: status)
        for (name, value) in headers { response.headers[name] = value }
        if code == .conflict, let actualVersion { response.headers[.eTag] = "\"\(actualVersion)\"" }
        return response
    }
}

extension APIError {
    /// A handler's refusal with the status API.md gives its code (only Server maps codes to
    /// statuses, STYLE.md). A store fault keeps its code but not the store's wording about
    /// files: the detail goes to the log, not to the client.
    init(_ error: CommandError) {
        let code: Code =
            switch error.code {
            case .malformed: .malformedInput
            case .missingField: .missingField
            case .invalidField: .invalidField
            case .tooLarge: .tooLarge
            case .notFound: .notFound
            case .unprocessable: .unprocessable
            case .conflict: .conflict
            case .unavailable: .unavailable
            case .storageFailure: .storageFailure
            }
        let message =
            switch code {
            case .storageFailure: "the event store failed to record this request; nothing was acknowledged"
            case .unavailable: "the event store is not accepting writes (\(error.reason))"
            default: error.reason
            }
        self.init(code, message, field: error.field.isEmpty ? nil : error.field)
        line = error.line
        actualVersion = error.actualVersion
        if code == .unavailable { headers.append((.retryAfter, "5")) }
    }

    static func missingHeader(_ name: String) -> APIError {
        APIError(.missingField, "the \(name) header is required", field: name)
    }

    static func invalid(_ field: String, _ reason: String) -> APIError {
        APIError(.invalidField, reason, field: field)
    }

    /// What a store-scoped token sees for another store's data, and anyone for a missing one.
    static func noSuchStore(_ storeId: String) -> APIError {
        APIError(.notFound, "no store \(storeId.prefix(64))", field: "storeId")
    }
}
