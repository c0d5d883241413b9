import HTTPTypes
import Hummingbird

/// The outermost middleware: headers every answer carries, errors included.
/// `X-Content-Type-Options: nosniff` keeps browsers from reading a JSON or CSV answer (which
/// may echo client input) as HTML or script; the HTML audit report adds its own
/// Content-Security-Policy (`AuditRoutes`).
///
/// Thread-safe (stateless).
struct ResponseHeadersMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[Self.contentTypeOptions] = "nosniff"
        return response
    }
}
