import HTTPTypes
import Hummingbird

/// Who is calling: a token's scope, or nobody (open routes, and RingCentral's handshake, which
/// carries no credential). Thread-safe (a value).
enum Caller: Sendable, Equatable {
    case anonymous
    case token(TokenScope)

    var scope: TokenScope? {
        if case .token(let scope) = self { return scope }
        return nil
    }
}

/// The bearer-token check of API.md "Auth", applied per route by `RouteTable`: a missing or
/// unknown token is 401 (with `WWW-Authenticate: Bearer`), a known token outside the route's
/// access is 403. The store visibility of store-scoped tokens (404) is the routes' part,
/// because only they know which store a request is about.
///
/// Thread-safe (immutable).
struct Authenticator: Sendable {
    let tokens: TokenTable

    func authenticate(_ request: Request, access: RouteAccess) throws(APIError) -> Caller {
        if access == .open { return .anonymous }
        let presented: Substring?
        if let authorization = request.headers[.authorization] {
            presented = try Self.bearerToken(authorization)
        } else if access == .ringCentral, let verification = request.headers[RingCentralHeaders.verificationToken] {
            presented = verification[...]
        } else {
            presented = nil
        }
        guard let presented else {
            // RingCentral's subscription handshake carries only Validation-Token: the route
            // answers it without appending anything, and refuses anything else from nobody.
            if access == .ringCentral, request.headers[RingCentralHeaders.validationToken] != nil { return .anonymous }
            throw Self.unauthorized("a bearer token is required (Authorization: Bearer <token>)")
        }
        guard let scope = tokens.scope(of: presented) else {
            throw Self.unauthorized("the token is not valid")
        }
        let allowed: Bool =
            switch access {
            case .open: true
            case .admin: scope == .admin
            case .ingest, .ringCentral: scope == .admin || scope == .ingest
            case .stores: scope.readsStores
            }
        guard allowed else {
            throw APIError(.forbidden, "a \(Self.kind(of: scope)) token may not use this route")
        }
        return .token(scope)
    }

    /// `Bearer <token>` (scheme case-insensitive, RFC 6750 §2.1).
    static func bearerToken(_ header: String) throws(APIError) -> Substring {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        return parts[1].drop(while: { $0 == " " })
    }

    static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, message, field: "Authorization")
        error.headers.append((.wwwAuthenticate, "Bearer"))
        return error
    }

    static func kind(of scope: TokenScope) -> String {
        switch scope {
        case .admin: "admin"
        case .ingest: "ingest"
        case .franchise: "franchise"
        case .store: "store"
        }
    }
}
