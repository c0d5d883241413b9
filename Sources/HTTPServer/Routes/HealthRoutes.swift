import Hummingbird

/// `GET /health`: liveness and readiness (API.md). 200 `{"status": "ok", …}` when the server
/// can serve reads and writes; 503 `{"status": "unavailable", …}` when it cannot (a failed
/// projection, or projections further behind than `APIServerOptions.readyLagEventsMax`).
/// `position` is the log's durable end; `projections` each projection's applied position and
/// lag. No token: a load balancer or orchestrator calls it.
struct HealthRoutes {
    let services: APIServices
    let health: HealthState

    func register(on routes: RouteTable) {
        let services = self.services
        let health = self.health
        routes.add(.get, "/health", access: .open, authenticator: services.authenticator) { _ in
            let position = services.store.durablePosition
            let projections = health.projections()
            let lagging = projections.filter {
                $0.failed || (position > $0.appliedPosition && position - $0.appliedPosition > services.options.readyLagEventsMax)
            }
            let ready = lagging.isEmpty
            let body = JSONOut.object([
                ("status", .string(ready ? "ok" : "unavailable")),
                ("live", .bool(true)),
                ("ready", .bool(ready)),
                ("position", .uint(position)),
                (
                    "projections",
                    .array(
                        projections.map { projection in
                            .object([
                                ("name", .string(projection.name)),
                                ("appliedPosition", .uint(projection.appliedPosition)),
                                ("lagEvents", .uint(position > projection.appliedPosition ? position - projection.appliedPosition : 0)),
                                ("failed", .bool(projection.failed)),
                            ])
                        })
                ),
            ])
            return body.response(status: ready ? .ok : .serviceUnavailable, headers: [ReadPosition.positionHeader: String(position)])
        }
    }
}

/// What `/health` reports beyond the log: the hosted projections' positions and whether one
/// has failed. Thread-safe: the closure is `@Sendable` and reads thread-safe state.
struct HealthState: Sendable {
    struct Projection: Sendable {
        var name: String
        var appliedPosition: UInt64
        var failed: Bool
    }

    let projections: @Sendable () -> [Projection]
}
