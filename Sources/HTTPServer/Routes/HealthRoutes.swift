import Synchronization
import Hummingbird

/// `GET /health`: liveness and readiness (API.md). 200 `{"status": "ok", …}` when the server
/// can serve reads and writes; 503 `{"status": "unavailable", …}` when it cannot (draining on
/// shutdown, or projections further behind than `APIServerOptions.readyLagEventsMax`).
/// `position` is the log's durable end; `projections` each projection's applied position and
/// lag (empty while none is hosted). No token: a load balancer or orchestrator calls it.
struct HealthRoutes {
    let services: APIServices
    let health: HealthState

    func register(on routes: RouteTable) {
        let services = self.services
        let health = self.health
        routes.add(.get, "/health", access: .open, authenticator: services.authenticator) { _ in
            let position = services.store.durablePosition
            let projections = health.projections()
            let lagging = projections.filter { position > $0.appliedPosition && position - $0.appliedPosition > services.options.readyLagEventsMax }
            let ready = !health.isDraining && lagging.isEmpty
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
                            ])
                        })
                ),
            ])
            return body.response(status: ready ? .ok : .serviceUnavailable, headers: [ReadPosition.positionHeader: String(position)])
        }
    }
}

/// What `/health` reports beyond the log: whether the server is draining, and the hosted
/// projections' positions (a closure, so the projection host plugs in without this file
/// knowing its types). Thread-safe: the flag is atomic, the closure is `@Sendable`.
public final class HealthState: Sendable {
    public struct Projection: Sendable {
        public var name: String
        public var appliedPosition: UInt64
        public init(name: String, appliedPosition: UInt64) {
            self.name = name
            self.appliedPosition = appliedPosition
        }
    }

    private let draining = Atomic<Bool>(false)
    let projections: @Sendable () -> [Projection]

    public init(projections: @escaping @Sendable () -> [Projection] = { [] }) {
        self.projections = projections
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }
    func startDraining() { draining.store(true, ordering: .relaxed) }
}
