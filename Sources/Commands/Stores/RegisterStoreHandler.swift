import Domain
import EventStore

/// Registers or updates a store (`POST /v1/stores`, `contactledger store register FILE.json`):
/// `store.registered` the first time, `store.updated` (key `store.updated:<storeId>:<hash>`,
/// the whole new record) when the record changed, and a duplicate when it is the current
/// record already. Afterwards the registry has caught up, so the next ingest sees the store,
/// and the kept inputs the store may own are re-routed (`UnroutedRerouter`, CDP.md §8) — also
/// when the record was a duplicate, so registering again finishes a re-route a crash cut
/// short. The outcome then lists the re-routed events after the store's, and one note per
/// kept input (re-routed, with its positions, or still kept and why).
///
/// Refused, nothing appended: a record that does not validate (the field is named); a
/// tracking id or store phone number that belongs to another store (a message or lead would
/// then have two owners); and a change back to a record this store had before and left —
/// its `store.updated` key (a hash of the record, EVENTS.md) is taken by that earlier event,
/// so appending it again would be read as a retry of the old change. Change anything (even
/// the name's spelling) and re-send, or ask for a key scheme with a revision.
///
/// Thread-safe: holds only thread-safe references.
public struct RegisterStoreHandler: Sendable {
    let registry: StoreRegistry
    let appender: EventAppender
    let clock: any StoreClock
    let rerouter: UnroutedRerouter?

    /// `clock` stamps `occurredAt` (registry changes have no source time). `rerouter`: nil
    /// registers without re-routing (tests of the registry alone).
    public init(store: EventStore, registry: StoreRegistry, clock: any StoreClock = SystemClock()) {
        self.init(store: store, registry: registry, clock: clock, rerouter: nil)
    }

    init(store: EventStore, registry: StoreRegistry, clock: any StoreClock, rerouter: UnroutedRerouter?) {
        self.registry = registry
        self.appender = EventAppender(store: store)
        self.clock = clock
        self.rerouter = rerouter
    }

    /// The JSON of a registry record (fixtures/stores/*.json). `actor`: `staff` with the admin's
    /// id from the API, `system` from the CLI.
    public func handle(_ bytes: [UInt8], actor: EventActor = .system) async throws(CommandError) -> CommandOutcome {
        try await handle(try StoreProfileParser.parse(bytes), actor: actor)
    }

    public func handle(_ profile: StoreProfile, actor: EventActor = .system) async throws(CommandError) -> CommandOutcome {
        let ids = ["storeId": profile.storeId.rawValue]
        let stream = Streams.store(profile.storeId)
        let outcome = try await appender.decideAndAppend(stream: stream) { (state) throws(CommandError) -> EventAppender.Decision in
            try registry.catchUp()
            try checkOwnership(profile)
            let now = clock.now()
            guard let current = registry.profile(storeId: profile.storeId) else {
                return .append([DomainEvent(StoreRegistered(profile: profile), actor: actor, occurredAt: now)], ids: ids)
            }
            if current == profile, let origin = registry.origin(of: profile.storeId) {
                return .recorded(EventAppender.recorded([(origin.type, origin.idempotencyKey, origin.position)], stream: stream, ids: ids))
            }
            let key = IdempotencyKeys.storeUpdated(profile)
            if let earlier = state.position(ofKey: key) {
                throw CommandError(
                    .unprocessable, field: "",
                    reason: "store \(profile.storeId) had exactly this record before (position \(earlier)) and it was"
                        + " replaced since; its key \(key) is taken, so re-sending it would count as a retry."
                        + " Change any field to record it as a new update")
            }
            return .append([DomainEvent(StoreUpdated(profile: profile), actor: actor, occurredAt: now)], ids: ids)
        }
        try registry.catchUp()
        return try await reroute(for: profile, after: outcome)
    }

    /// The registration's outcome plus what re-routing the kept inputs did.
    private func reroute(for profile: StoreProfile, after registration: CommandOutcome) async throws(CommandError) -> CommandOutcome {
        guard let rerouter, let current = registry.profile(storeId: profile.storeId) else { return registration }
        let results = try await rerouter.reroute(for: current, at: clock.now())
        guard !results.isEmpty else { return registration }
        var outcome = registration
        for result in results {
            outcome.events += result.outcome?.events ?? []
            outcome.notes.append(result.note)
        }
        let count = results.count { $0.outcome != nil }
        if count > 0 { outcome.ids["rerouted"] = String(count) }
        return outcome
    }

    /// Tracking ids and store numbers route leads and messages: each has one store.
    private func checkOwnership(_ profile: StoreProfile) throws(CommandError) {
        for tracking in profile.trackingIds {
            if let owner = registry.profile(trackingId: tracking), owner.storeId != profile.storeId {
                throw CommandError(
                    .unprocessable, field: "trackingIds",
                    reason: "'\(tracking)' already belongs to store \(owner.storeId) (\(owner.name))")
            }
        }
        for phone in profile.phoneNumbers {
            if let owner = registry.profile(phoneNumber: phone), owner.storeId != profile.storeId {
                throw CommandError(
                    .unprocessable, field: "phoneNumbers",
                    reason: "\(phone) already belongs to store \(owner.storeId) (\(owner.name))")
            }
        }
    }
}
