import Commands
import EventStore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Settings of the HTTP API. Thread-safe (a value).
public struct APIServerOptions: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); the bound port arrives in `onServerRunning`.
    public var port = 8080
    /// How long a read with `minPosition` waits for it before 503 (API.md: 2 s).
    public var readWait: Duration = .seconds(2)
    /// `/health` reports not ready while a projection is further behind than this.
    public var readyLagEventsMax: UInt64 = 50_000
    /// How often the lead-cooling sweeper runs; nil: never (tests drive it explicitly).
    public var coolingInterval: Duration? = .seconds(60)
    /// The outreach sweep (Do-Not-Contact ends outreach) runs after every batch that may
    /// give it work, and at least this often; nil: never (tests drive it explicitly).
    public var outreachInterval: Duration? = .seconds(60)
    /// Header-read, body-read and idle timeouts and the open-connection limit.
    public var connections = ConnectionLimits()
    /// Audit replays at once, across all tokens (each token scope runs at most one).
    public var auditReplaysMax = 2

    public init() {}
}

/// ContactLedger's HTTP API (API.md) on Hummingbird 2, as a library so that tests start it
/// in-process on 127.0.0.1 and the `contactledger serve` executable hosts it.
///
/// ```swift
/// let readSide = try ReadSide(store: store, dataDirectory: dataDirectory)
/// let server = try APIServer(store: store, readSide: readSide, tokens: tokens, options: options)
/// let app = server.application(logger: logger) { port in print("listening on \(port)") }
/// try await app.runService()      // SIGTERM/SIGINT: stop accepting, finish in-flight, return
/// await store.close()
/// ```
///
/// The server owns no storage: the caller opens the `EventStore` and closes it after the
/// application has returned, so every acknowledged write is flushed before exit.
/// Thread-safe: all members are immutable once built.
public struct APIServer: Sendable {
    let services: APIServices
    let routes: RouteTable
    let responder: RouterResponder<APIRequestContext>
    /// Read back from the Hummingbird router once built (the router itself is not Sendable).
    let routerRoutes: [(method: String, path: String)]
    public let metrics: APIMetrics
    let health: HealthState
    public let options: APIServerOptions
    public let readSide: ReadSide
    let clock: any StoreClock
    /// Open connections, shared by every connection's `ConnectionGuard`.
    let connections = ConnectionCounter()

    /// Builds the command handlers over `store` (one scan of store events for the registry)
    /// and registers every route. `readSide` is the read model the read routes answer from
    /// (its runner runs as a service of `application`).
    public init(
        store: EventStore, readSide: ReadSide, tokens: TokenTable, options: APIServerOptions = APIServerOptions(),
        clock: any StoreClock = SystemClock()
    ) throws(CommandError) {
        let handlers = try CommandHandlers(store: store, clock: clock)
        let metrics = APIMetrics()
        let runner = readSide.runner
        let health = HealthState(projections: {
            let status = runner.status
            return [HealthState.Projection(name: "readmodel", appliedPosition: status.appliedPosition, failed: status.failure != nil)]
        })
        let services = APIServices(
            store: store, handlers: handlers, leadEmail: LeadEmailHandler(store: store, registry: handlers.registry),
            metrics: metrics, authenticator: Authenticator(tokens: tokens), options: options, clock: clock)
        let router = Router(context: APIRequestContext.self)
        let routes = RouteTable(router: router)
        // Middleware applies to routes added after it: add it first. Outermost first.
        router.middlewares.add(ResponseHeadersMiddleware())
        router.middlewares.add(RequestLogMiddleware(metrics: metrics))
        router.middlewares.add(ErrorMiddleware(routes: routes))
        StoreRoutes(services: services).register(on: routes)
        IngestRoutes(services: services).register(on: routes)
        ContactRoutes(services: services).register(on: routes)
        ContactReadRoutes(services: services, readSide: readSide).register(on: routes)
        TaskRoutes(services: services).register(on: routes)
        TaskRoutes(services: services).registerReads(on: routes, readSide: readSide)
        EventRoutes(services: services).register(on: routes)
        UnroutedRoutes(services: services).register(on: routes)
        AuditRoutes(services: services, gate: AuditGate(replaysMax: options.auditReplaysMax)).register(on: routes)
        HealthRoutes(services: services, health: health).register(on: routes)
        MetricsRoutes(services: services, health: health).register(on: routes)
        OpenAPIRoute(services: services).register(on: routes)
        self.services = services
        self.routes = routes
        self.responder = router.buildResponder()
        // HEAD twins of GET routes (`RouteTable.add`) are implied by HTTP, not API operations.
        self.routerRoutes = router.routes.filter { $0.method != .head }.map { route in
            let path = route.path.description
            return (route.method.rawValue, path.hasPrefix("/") ? path : "/" + path)
        }
        self.metrics = metrics
        self.health = health
        self.options = options
        self.readSide = readSide
        self.clock = clock
    }

    /// Every route the Hummingbird router holds, as `(method, path template)`, e.g.
    /// `("GET", "/v1/stores/{storeId}")`: read back from the router itself, so the OpenAPI
    /// test compares the document with what is really served.
    public var registeredRoutes: [(method: String, path: String)] { routerRoutes }

    /// Whether each registered route needs a token (`false` for `/health`, `/metrics`,
    /// `/openapi.json`), keyed `"METHOD path"`.
    public var routesNeedingToken: [String: Bool] {
        Dictionary(uniqueKeysWithValues: routes.routes.map { ("\($0.method.rawValue) \($0.path)", $0.access != .open) })
    }

    /// The lead-email handler the ingest route uses, over the server's store and its live store
    /// registry: what a hosted IMAP poller records through, so a store registered through the
    /// API routes its leads at once.
    public var leadEmailHandler: LeadEmailHandler { services.leadEmail }

    /// Connections open now (each counted by its `ConnectionGuard` until it closes).
    public var openConnections: Int { connections.count }

    /// The OpenAPI document served at `/openapi.json`.
    public static var openAPIDocument: [UInt8] { OpenAPIRoute.document }

    /// The Hummingbird application: the HTTP server plus `services` (projection runner,
    /// sweeper) in one service group. On graceful shutdown the server stops accepting and
    /// finishes in-flight requests first, then the services stop in reverse order.
    public func application(
        services extra: [any Service] = [], logger: Logger,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<APIRequestContext>> {
        var hosted: [any Service] = [ProjectionService(runner: readSide.runner, logger: logger)]
        if let interval = options.coolingInterval {
            hosted.append(CoolingService(store: services.store, readSide: readSide, clock: clock, interval: interval, logger: logger))
        }
        if let interval = options.outreachInterval {
            hosted.append(OutreachService(store: services.store, readSide: readSide, clock: clock, interval: interval, logger: logger))
        }
        let limits = options.connections, counter = connections
        return Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: limits, counter: counter)])),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: nil),
            services: hosted + extra,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
