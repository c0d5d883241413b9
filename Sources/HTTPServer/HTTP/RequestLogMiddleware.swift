import HTTPTypes
import Foundation
import Hummingbird
import Logging

/// The outermost middleware but `ResponseHeadersMiddleware`: gives each request its id (the client's `X-Request-Id` when it is
/// short printable ASCII, else a new UUID), answers with it in `X-Request-Id`, puts it on the
/// request's logger as `request_id`, writes one structured access-log line per request, and
/// records the request metrics by route template (never the raw path: the label set must stay
/// bounded whatever clients send).
///
/// Thread-safe (immutable).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: APIMetrics
    static let requestIdHeader = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestId = Self.requestId(request.headers[Self.requestIdHeader])
        context.requestId = requestId
        context.logger[metadataKey: "request_id"] = .string(requestId)
        let started = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // ErrorMiddleware sits inside and answers everything; this is a last resort.
            context.logger.error("unhandled error", metadata: ["error": .string(String(describing: error))])
            response = APIError(.internalError, "the server failed to handle this request").response()
        }
        let elapsed = Int64(DispatchTime.now().uptimeNanoseconds - started)
        response.headers[Self.requestIdHeader] = requestId
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, durationNanoseconds: elapsed)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(String(request.uri.path.prefix(300))),
                "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible(Double(elapsed) / 1_000_000),
            ])
        return response
    }

    static func requestId(_ given: String?) -> String {
        if let given, (1...128).contains(given.utf8.count), given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return given
        }
        return UUID().uuidString.lowercased()
    }
}
