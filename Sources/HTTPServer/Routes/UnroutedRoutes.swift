import Commands
import Domain
import Hummingbird

/// `GET /v1/unrouted?from=N&limit=M&status=pending|all` (admin; CDP.md §8): the inputs no
/// store owned — RingCentral messages, calls and A2P opt-out notices for unknown accounts and
/// numbers, leads with no store mapping — kept on `unrouted/…` streams, in log order, with the
/// reason and the facts that would route them. `pending` (the default) lists those not
/// re-routed yet; `all` also the re-routed ones, with where they went.
///
/// Paged like `GET /v1/events`: `from` is a log position, `next` where to continue (null at the
/// end). Read from the command side's `UnroutedInputs` (a fold of the log, current with the
/// durable end), so it needs no projection; `X-Position` is the log's durable end.
struct UnroutedRoutes {
    let services: APIServices
    static let limitDefault = 100
    static let limitMax = 1000

    func register(on routes: RouteTable) {
        let services = self.services
        routes.add(.get, "/v1/unrouted", access: .admin, authenticator: services.authenticator) { request in
            let from = try request.queryInt("from", UInt64(1)...UInt64.max) ?? 1
            let limit = try request.queryInt("limit", 1...Self.limitMax) ?? Self.limitDefault
            let status = request.query("status") ?? "pending"
            guard status == "pending" || status == "all" else {
                throw APIError.invalid("status", "must be pending or all, found '\(status.prefix(40))'")
            }
            let position = try await services.logPosition(for: request)
            let page: (inputs: [UnroutedInput], next: UInt64?)
            do throws(CommandError) {
                page = try services.handlers.unrouted.list(from: from, limit: limit, includeRerouted: status == "all")
            } catch {
                throw APIError(error)
            }
            let body = JSONOut.object([
                ("inputs", .array(page.inputs.map { .raw(EventCodec.canonicalJSON($0)) })),
                ("next", page.next.map(JSONOut.uint) ?? .null),
                ("position", .uint(position)),
            ])
            return body.response(status: .ok, headers: [ReadPosition.positionHeader: String(position)])
        }
    }
}
