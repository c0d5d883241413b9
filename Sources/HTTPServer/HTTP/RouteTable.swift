import HTTPTypes
import Hummingbird

/// Registers the API's routes on a Hummingbird router and remembers each (method, path,
/// access), so that the OpenAPI test compares the document with what is really served and the
/// error middleware can tell "no such path" (404) from "no such method here" (405).
///
/// Not thread-safe while routes are added (one builder at startup); read-only afterwards.
final class RouteTable: @unchecked Sendable {
    struct Route: Hashable, Sendable {
        var method: HTTPRequest.Method
        /// The template as registered, e.g. `/v1/stores/{storeId}/contacts/{phone}`.
        var path: String
        var access: RouteAccess

        static func == (a: Route, b: Route) -> Bool { a.method == b.method && a.path == b.path }
        func hash(into hasher: inout Hasher) {
            hasher.combine(method.rawValue)
            hasher.combine(path)
        }
    }

    let router: Router<APIRequestContext>
    private(set) var routes: [Route] = []

    init(router: Router<APIRequestContext>) {
        self.router = router
    }

    /// Adds `handler` for `method path`, behind the access check of `access`.
    func add(
        _ method: HTTPRequest.Method, _ path: String, access: RouteAccess, authenticator: Authenticator,
        _ handler: @escaping @Sendable (inout APIRequest) async throws -> Response
    ) {
        precondition(!routes.contains(Route(method: method, path: path, access: access)), "\(method) \(path) registered twice")
        routes.append(Route(method: method, path: path, access: access))
        let respond: @Sendable (Request, APIRequestContext) async throws -> Response = { request, context in
            guard access == .ringCentral, let echo = request.headers[RingCentralHeaders.validationToken] else {
                let caller = try authenticator.authenticate(request, access: access)
                var apiRequest = APIRequest(request: request, context: context, caller: caller, access: access)
                return try await handler(&apiRequest)
            }
            // RingCentral routes echo Validation-Token on every answer, refusals included.
            var response: Response
            do {
                let caller = try authenticator.authenticate(request, access: access)
                var apiRequest = APIRequest(request: request, context: context, caller: caller, access: access)
                response = try await handler(&apiRequest)
            } catch let error as APIError {
                response = error.response()
            }
            response.headers[RingCentralHeaders.validationToken] = echo
            return response
        }
        router.on(RouterPath(path), method: method, use: respond)
        if method == .get {
            // HEAD is GET without the body (RFC 9110 §9.3.2): same checks, same headers, and
            // the length the GET body would have.
            router.on(RouterPath(path), method: .head) { request, context in
                try await Self.headOnly(respond(request, context))
            }
        }
    }

    /// `response` with its headers and declared length, and no body bytes.
    static func headOnly(_ response: Response) -> Response {
        var head = response
        head.body = ResponseBody(contentLength: response.body.contentLength ?? 0) { writer in try await writer.finish(nil) }
        return head
    }

    /// The methods registered for a concrete path (`/v1/stores/5b0f…/tasks`), for 405's Allow.
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == segments.count else { return false }
            return zip(template, segments).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
        }.flatMap { $0.method == .get ? [$0.method, .head] : [$0.method] }
    }
}

/// RingCentral's webhook headers (INTAKE.md, API.md "RingCentral webhooks").
enum RingCentralHeaders {
    /// Sent on the subscription handshake; the answer must carry it back.
    static let validationToken = HTTPField.Name("Validation-Token")!
    /// RingCentral's stand-in for a bearer token (it cannot send `Authorization`).
    static let verificationToken = HTTPField.Name("Verification-Token")!
}
