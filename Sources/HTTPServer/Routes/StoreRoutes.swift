import Commands
import Domain
import Hummingbird

/// `POST /v1/stores` (admin: register or update a store, body as fixtures/stores/*.json),
/// `GET /v1/stores` (the stores the token may see) and `GET /v1/stores/{storeId}`.
///
/// Reads come from the command side's `StoreRegistry`, a fold of the log that is current
/// after every registration, so they need no projection; `X-Position` is the log's durable end.
struct StoreRoutes {
    let services: APIServices

    func register(on routes: RouteTable) {
        let services = self.services
        routes.add(.post, "/v1/stores", access: .admin, authenticator: services.authenticator) { request in
            let bytes = try await request.body(types: .json)
            let user = request.request.headers[StaffHeaders.staffUser] ?? "admin"
            let actor: EventActor
            do {
                actor = try EventActor.staff(userId: user)
            } catch {
                throw APIError.invalid("X-Staff-User", "\(error)")
            }
            return try await services.write { () throws(CommandError) in
                try await services.handlers.registerStore.handle(bytes, actor: actor)
            }
        }
        routes.add(.get, "/v1/stores", access: .stores, authenticator: services.authenticator) { request in
            let position = try await services.logPosition(for: request)
            let scope = request.scope
            let visible = services.handlers.registry.all
                .filter { profile in scope?.canSee(profile) ?? false }
                .sorted { $0.storeId.rawValue < $1.storeId.rawValue }
            let body = JSONOut.object([("stores", .array(visible.map(Self.json)))])
            return body.response(status: .ok, headers: [ReadPosition.positionHeader: String(position)])
        }
        routes.add(.get, "/v1/stores/{storeId}", access: .stores, authenticator: services.authenticator) { request in
            let position = try await services.logPosition(for: request)
            let profile = try services.visibleStore(try request.parameter("storeId"), to: request.scope)
            return Self.json(profile).response(status: .ok, headers: [ReadPosition.positionHeader: String(position)])
        }
    }

    /// The registry record exactly as registered (the canonical JSON of `StoreProfile`).
    static func json(_ profile: StoreProfile) -> JSONOut {
        .raw(EventCodec.canonicalJSON(profile))
    }
}
