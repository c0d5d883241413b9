import HTTPTypes
import Commands
import Domain
import Foundation
import Hummingbird

/// One request as a route handler sees it: the Hummingbird request and context, who is
/// calling, and typed accessors whose failures are `APIError`s naming the parameter.
/// Owned by one request (not shared).
struct APIRequest {
    var request: Request
    let context: APIRequestContext
    let caller: Caller
    let access: RouteAccess

    /// A path parameter, percent-decoded (`%2B15551234567` → `+15551234567`).
    func parameter(_ name: String) throws -> String {
        guard let raw = context.parameters.get(name) else {
            preconditionFailure("route has no {\(name)} parameter")
        }
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError.invalid(name, "is not valid percent-encoding: '\(raw.prefix(64))'")
        }
        return decoded
    }

    /// The query parameter `name` (the last one when repeated), nil when absent.
    func query(_ name: String) -> String? {
        request.uri.queryParameters[values: name[...]].last.map(String.init)
    }

    /// Every value of a repeatable query parameter, comma-separated lists split.
    func queryList(_ name: String) -> [String] {
        request.uri.queryParameters[values: name[...]].flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    /// An integer query parameter within `range`.
    func queryInt<T: FixedWidthInteger>(_ name: String, _ range: ClosedRange<T>) throws -> T? {
        guard let raw = query(name) else { return nil }
        guard let value = T(raw), range.contains(value) else {
            throw APIError.invalid(name, "must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(raw.prefix(40))'")
        }
        return value
    }

    /// The body after the limit and media-type checks.
    mutating func body(bytesMax: Int = BodyReader.bytesMaxDefault, types: BodyReader.MediaTypes) async throws -> [UInt8] {
        try await BodyReader.read(&request, bytesMax: bytesMax, types: types)
    }

    /// A JSON object body decoded as `T`; an empty optional body decodes as `{}`.
    mutating func json<T: Decodable>(_ type: T.Type, types: BodyReader.MediaTypes = .json) async throws -> T {
        var bytes = try await body(types: types)
        if bytes.isEmpty { bytes = Array("{}".utf8) }
        return try RequestJSON.decode(type, from: bytes)
    }

    /// The staff identity (API.md "Staff identity"): `Idempotency-Key`, the staff user, and
    /// `If-Match`. A token that may act for staff (admin, or `actsForStaff` in the tokens file)
    /// names the user in `X-Staff-User` (required); any other token's commands are recorded as
    /// the token's own actor (`Credential.actorId`), and its `X-Staff-User` is refused (403).
    func staffRequest() throws -> StaffRequest {
        guard let key = request.headers[StaffHeaders.idempotencyKey] else { throw APIError.missingHeader("Idempotency-Key") }
        guard let credential = caller.credential else { throw Authenticator.unauthorized("a bearer token is required") }
        if let user = try claimedStaffUser() {
            return StaffRequest(requestId: key, staffUserId: user, source: .header, expectedVersion: try expectedVersion())
        }
        guard !credential.actsForStaff else { throw APIError.missingHeader("X-Staff-User") }
        return StaffRequest(requestId: key, staffUserId: credential.actorId, source: .credential, expectedVersion: try expectedVersion())
    }

    /// `X-Staff-User` when the token may send it, nil when absent; 403 from any other token.
    func claimedStaffUser() throws -> String? {
        guard let user = request.headers[StaffHeaders.staffUser] else { return nil }
        guard caller.credential?.actsForStaff == true else {
            throw APIError(
                .forbidden, "this token may not name a staff user; its commands are recorded as the token's own actor",
                field: "X-Staff-User")
        }
        return user
    }

    /// `If-Match: "7"` (or `7`, or `W/"7"`): the stream version the client last saw.
    func expectedVersion() throws -> UInt64? {
        guard let raw = request.headers[.ifMatch] else { return nil }
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        guard let version = UInt64(text) else {
            throw APIError.invalid("If-Match", "must be a stream version such as \"3\" (from the ETag of a read or a 409), not '\(raw.prefix(40))'")
        }
        return version
    }

    /// The scope of the token (routes other than `.open` always have one, but the
    /// RingCentral handshake).
    var scope: TokenScope? { caller.scope }
}

/// The staff headers of API.md.
enum StaffHeaders {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let staffUser = HTTPField.Name("X-Staff-User")!
}

/// Decoding of the small JSON bodies of staff routes, with errors that name the field.
///
/// The bytes are read first by Domain's `JSONReader`, the product's one strict reader:
/// Foundation's `JSONDecoder` alone accepts trailing commas, a duplicate member (the first
/// wins), raw control characters in strings and invalid UTF-8, each a 400 `malformed_input`
/// here. Only then does `JSONDecoder` map the (now known-good) text onto the route's body
/// type, where it is strict as needed: `true` is not `1`, a string is not a number. Unknown
/// members are ignored (clients may send more than a route reads).
enum RequestJSON {
    /// Staff bodies are flat objects; deeper nesting is refused before any decoding.
    static let depthMax = 16

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        do {
            _ = try JSONReader.value(bytes, depthMax: depthMax)
        } catch {
            throw APIError(.malformedInput, "the body is not valid JSON: \(error)")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw map(error)
        }
    }

    static func map(_ error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return APIError(.missingField, "is required", field: path(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            return APIError(.missingField, "is required (null given)", field: path(context.codingPath))
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            if field.isEmpty { return APIError(.malformedInput, "the body must be a JSON object") }
            return APIError(.invalidField, "must be \(describe(type))", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty { return APIError(.malformedInput, "the body is not valid JSON") }
            return APIError(.invalidField, context.debugDescription, field: field)
        @unknown default:
            return APIError(.malformedInput, "the body could not be read")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "a boolean"
        case is String.Type: "a string"
        case is Int.Type, is UInt64.Type, is Int64.Type: "an integer"
        default: "of type \(type)"
        }
    }
}
