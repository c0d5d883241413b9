import HTTPTypes
import Hummingbird
import Logging

/// Turns every failure inside a route into API.md's error body, so no client ever sees
/// Hummingbird's empty-bodied errors or a bare 500 for bad input:
///
/// - `APIError`: as it is.
/// - Hummingbird's `HTTPError`: 404 for an unknown path (405 with `Allow` when the path exists
///   under other methods), 413 from a body over the limit, the rest by status.
/// - Anything else is a fault of the server: 500 `internal_error`, logged with the request id.
///
/// Thread-safe (immutable).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            if error.code == .storageFailure || error.code == .internalError {
                context.logger.error("request failed", metadata: ["error": .string(error.description)])
            }
            return error.response()
        } catch let error as HTTPError {
            return translate(error, request: request).response()
        } catch {
            context.logger.error("unexpected error", metadata: ["error": .string(String(describing: error))])
            return APIError(.internalError, "the server failed to handle this request").response()
        }
    }

    func translate(_ error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            let methods = routes.methods(matching: request.uri.path)
            guard !methods.isEmpty else {
                return APIError(.notFound, "no route \(request.uri.path.prefix(200))")
            }
            var notAllowed = APIError(
                .methodNotAllowed, "\(request.method.rawValue) is not supported here; use \(methods.map(\.rawValue).joined(separator: ", "))")
            notAllowed.headers.append((.allow, methods.map(\.rawValue).joined(separator: ", ")))
            return notAllowed
        case .contentTooLarge:
            return APIError(.tooLarge, "the request body is over this route's limit")
        case .unsupportedMediaType:
            return APIError(.unsupportedMediaType, error.body ?? "unsupported media type", field: "Content-Type")
        case .badRequest:
            return APIError(.malformedInput, error.body ?? "bad request")
        default:
            return APIError(.internalError, error.body ?? "the server failed to handle this request")
        }
    }
}
