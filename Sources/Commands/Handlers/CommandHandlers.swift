import EventStore

/// Every write-side handler over one store, sharing one `StoreRegistry` and one `CallIndex`:
/// what `Server` (HTTP routes, CLI subcommands) builds once per open data directory.
///
/// ```swift
/// let handlers = try CommandHandlers(store: store)
/// let outcome = try await handlers.ringCentralMessage.handle(bytes)   // 202 {"position": outcome.position, ...}
/// ```
///
/// Opening folds the registry from the log (one scan of store events); the call index is
/// built on the first call analysis. Thread-safe: every member is.
public struct CommandHandlers: Sendable {
    public let registry: StoreRegistry
    public let calls: CallIndex
    public let registerStore: RegisterStoreHandler
    public let ringCentralMessage: RingCentralMessageHandler
    public let ringCentralCall: RingCentralCallHandler
    /// Either analysis by its key (`ingest analysis`); `.call` / `.contact` for the HTTP routes.
    public let analysis: AnalysisHandler
    public let contacts: ContactCommandHandler
    public let tasks: TaskCommandHandler
    public let events: EventEnvelopeHandler
    /// The kept inputs no store owned (CDP.md §8), for `GET /v1/unrouted` and `unrouted list`.
    public let unrouted: UnroutedInputs

    /// `clock` stamps occurredAt of commands without a source time (store registrations,
    /// staff actions); tests pass a `ManualClock`.
    public init(store: EventStore, clock: any StoreClock = SystemClock()) throws(CommandError) {
        let registry = try StoreRegistry(store: store)
        let calls = CallIndex(store: store)
        self.registry = registry
        self.calls = calls
        let messageHandler = RingCentralMessageHandler(store: store, registry: registry)
        let callHandler = RingCentralCallHandler(store: store, registry: registry)
        let unrouted = UnroutedInputs(store: store)
        let rerouter = UnroutedRerouter(
            inputs: unrouted, messages: messageHandler, calls: callHandler, leads: LeadEmailHandler(store: store, registry: registry))
        self.unrouted = unrouted
        registerStore = RegisterStoreHandler(store: store, registry: registry, clock: clock, rerouter: rerouter)
        ringCentralMessage = messageHandler
        ringCentralCall = callHandler
        analysis = AnalysisHandler(
            call: CallAnalysisHandler(store: store, calls: calls),
            contact: ContactAnalysisHandler(store: store, registry: registry))
        contacts = ContactCommandHandler(store: store, registry: registry, clock: clock)
        tasks = TaskCommandHandler(store: store, registry: registry, clock: clock)
        events = EventEnvelopeHandler(store: store, registry: registry)
    }
}
