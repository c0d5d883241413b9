import Domain
import EventStore

/// Records a RingCentral call-log record as `call.logged` (PRODUCT.md "Calls", INTAKE.md;
/// `POST /v1/ingest/ringcentral/call`, `contactledger ingest ringcentral-call`).
///
/// The store comes from the store's own number on the near side, else `_account_id`; no store:
/// the record is kept as `input.unrouted` (`routed: false`, CDP.md §8) and re-routed through
/// this same code when the store that owns it is registered. The customer is the far side
/// (outbound → to, inbound → from), its number normalised to E.164 (`14155550164`,
/// `(415) 555-0187`); the event goes to the contact's stream, or to `call/<callId>` when the
/// far side is an internal extension or withheld (recorded, no contact). `result` is kept
/// verbatim. No fold: nothing about the call depends on earlier events, so a redelivery is
/// deduplicated by its key (`call.logged:<callId>`); a redelivery whose content changed is a
/// conflict (the key is taken by a different event) rather than a silent overwrite.
///
/// Thread-safe: holds only thread-safe references.
public struct RingCentralCallHandler: Sendable {
    let registry: StoreRegistry
    let appender: EventAppender
    let unrouted: UnroutedRecorder

    public init(store: EventStore, registry: StoreRegistry) {
        self.registry = registry
        self.appender = EventAppender(store: store)
        self.unrouted = UnroutedRecorder(appender: appender)
    }

    /// One call-log record: envelope, WebSocket array, or bare record.
    public func handle(_ bytes: [UInt8]) async throws(CommandError) -> CommandOutcome {
        try await handle(bytes, rerouting: nil)
    }

    func handle(_ bytes: [UInt8], rerouting: Rerouting?) async throws(CommandError) -> CommandOutcome {
        let call = try CommandError.parsing { () throws(IntakeError) in try RingCentralCallParser.parse(bytes) }
        return try await handle(call, input: bytes, rerouting: rerouting)
    }

    public func handle(_ call: RingCentralCall) async throws(CommandError) -> CommandOutcome {
        try await handle(call, input: nil, rerouting: nil)
    }

    /// `input`: the bytes the call was parsed from, kept when no store owns it (nil: a parsed
    /// call from code, refused with 422 when no store owns it).
    func handle(_ call: RingCentralCall, input: [UInt8]?, rerouting: Rerouting?) async throws(CommandError) -> CommandOutcome {
        let routing = try registry.routeRingCentral(storePhone: call.storePhone, accountId: call.accountId)
        guard case .store(let store) = routing else {
            guard case .unrouted(let reason) = routing else { preconditionFailure("routing is a store or unrouted") }
            if rerouting != nil { throw Rerouting.stillUnrouted(reason) }
            guard let input else { throw CommandError(.unprocessable, field: "_account_id", reason: reason) }
            let identity = try CallLogged.identity(of: call)
            let kept = InputUnrouted(
                kind: .ringCentralCall, sourceId: identity.callId.rawValue, reason: reason, accountId: identity.accountId,
                storePhone: call.storePhone, occurredAt: call.startTime.date, inputBytes: input)
            return try await unrouted.record(kept, actor: .ringcentral, ids: ["sourceId": identity.callId.rawValue])
        }
        let logged = try CallLogged(ringCentral: call, store: store)
        var ids = ["storeId": store.storeId.rawValue, "callId": logged.callId.rawValue]
        if let phone = logged.customerPhone { ids["customerPhone"] = phone.e164 }
        var outcome = try await appender.append(
            [DomainEvent(logged, actor: .ringcentral)], ids: ids, companion: rerouting?.settled(in: store.storeId) ?? [])
        outcome.routed = true
        return outcome
    }
}
