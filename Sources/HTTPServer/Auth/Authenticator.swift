import HTTPTypes
import Hummingbird

/// Who is calling: a token's scope, or nobody (open routes, and RingCentral's handshake, which
/// carries no credential). Thread-safe (a value).
enum Caller: Sendable, Equatable {
    case anonymous
    case token(Credential)

    var scope: TokenScope? { credential?.scope }

    var credential: Credential? {
        if case .token(let credential) = self { return credential }
        return nil
    }
}

/// What the server knows a request's token by (API.md "Staff identity"): its scope, whether
/// it may name the staff user (`X-Staff-User`), and a label for the actor of its staff
/// commands when it may not — never the token itself. Thread-safe (a value).
struct Credential: Sendable, Equatable {
    var scope: TokenScope
    /// Admin tokens, and tokens the tokens file marks `"actsForStaff": true`.
    var actsForStaff: Bool
    /// The tokens file's `name`, else `sha1-` and 12 hex digits of the token's SHA-1.
    var label: String

    /// The staff actor id of commands sent by a token that may not name the staff user:
    /// `token:<label>`. The colon keeps it apart from every `X-Staff-User` (whose characters
    /// exclude it), so no caller can pass for a token, nor a token for a person.
    var actorId: String { "token:" + label }
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
        guard let credential = tokens.entry(of: presented)?.credential else {
            throw Self.unauthorized("the token is not valid")
        }
        let scope = credential.scope
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
        return .token(credential)
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
