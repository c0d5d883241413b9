/// Who may call a route (API.md "Auth"), declared where the route is registered so the
/// OpenAPI document's `security` and the checks cannot drift apart route by route.
enum RouteAccess: Sendable, Equatable {
    /// `/health`, `/metrics`, `/openapi.json`: no token (loopback operations endpoints).
    case open
    /// Admin tokens only: store registration, the raw log.
    case admin
    /// Admin and `ingest` tokens: the ingest routes.
    case ingest
    /// As `.ingest`, and the token may also come in RingCentral's `Verification-Token` header;
    /// a `Validation-Token` header is echoed (the subscription handshake).
    case ringCentral
    /// Admin, franchise and store tokens; a `{storeId}` in the path must be visible to the
    /// token, else 404 (a store token must not learn that another store exists).
    case stores
}
