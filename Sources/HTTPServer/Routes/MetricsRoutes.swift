import HTTPTypes
import Hummingbird

/// `GET /metrics`: the Prometheus text exposition of `APIMetrics` (no token, like `/health`).
struct MetricsRoutes {
    let services: APIServices
    let health: HealthState

    func register(on routes: RouteTable) {
        let services = self.services
        let health = self.health
        routes.add(.get, "/metrics", access: .open, authenticator: services.authenticator) { _ in
            let durable = services.store.durablePosition
            for projection in health.projections() {
                services.metrics.projectionLag(durable > projection.appliedPosition ? durable - projection.appliedPosition : 0, projection: projection.name)
                services.metrics.projectionStatus(
                    appliedPosition: projection.appliedPosition, failed: projection.failed, projection: projection.name)
            }
            let text = services.metrics.render(store: services.store)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
