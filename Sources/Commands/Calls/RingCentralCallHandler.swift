import Domain
import EventStore

/// Records a RingCentral call-log record as `call.logged` (PRODUCT.md "Calls", INTAKE.md;
/// `POST /v1/ingest/ringcentral/call`, `contactledger ingest ringcentral-call`).
///
/// The store comes from the store's own number on the near side, else `_account_id`
/// (unresolvable: 422 naming the account, nothing appended). The customer is the far side
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

    public init(store: EventStore, registry: StoreRegistry) {
        self.registry = registry
        self.appender = EventAppender(store: store)
    }

    /// One call-log record: envelope, WebSocket array, or bare record.
    public func handle(_ bytes: [UInt8]) async throws(CommandError) -> CommandOutcome {
        let call = try CommandError.parsing { () throws(IntakeError) in try RingCentralCallParser.parse(bytes) }
        return try await handle(call)
    }

    public func handle(_ call: RingCentralCall) async throws(CommandError) -> CommandOutcome {
        let store = try registry.resolveRingCentral(storePhone: call.storePhone, accountId: call.accountId)
        let logged = try CallLogged(ringCentral: call, store: store)
        var ids = ["storeId": store.storeId.rawValue, "callId": logged.callId.rawValue]
        if let phone = logged.customerPhone { ids["customerPhone"] = phone.e164 }
        return try await appender.append([DomainEvent(logged, actor: .ringcentral)], ids: ids)
    }
}
