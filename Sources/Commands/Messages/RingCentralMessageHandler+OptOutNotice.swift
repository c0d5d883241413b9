import Domain
import EventStore

extension RingCentralMessageHandler {
    /// RingCentral's A2P opt-out notice (`RingCentralOptOutNotice`): RingCentral took the
    /// customer's STOP itself, so the notice is the revocation, received at its `timestamp`.
    ///
    /// Routed like a message — the store by its number (`body.to`), else the account; no store:
    /// kept unrouted (CDP.md §8). `active: true` → `contact.opted_out` by system; `active:
    /// false` → `contact.opted_in` by system, only when it clears a Do-Not-Contact the system
    /// set (`DoNotContactRule`): a staff or AI DNC stays, nothing is appended and the outcome's
    /// notes say why. Keys `contact.opted_out:notice:<uuid>` / `contact.opted_in:notice:<uuid>`:
    /// a redelivered notice is a duplicate.
    func handle(_ notice: RingCentralOptOutNotice, input: [UInt8], rerouting: Rerouting?) async throws(CommandError) -> CommandOutcome {
        let top = notice.shape == .webSocket ? "[1]." : ""
        let noticeId = try checked(top + "uuid") { () throws(DomainError) in try SourceID(notice.uuid, field: "uuid") }
        let account = try notice.accountId.map { raw throws(CommandError) in
            try checked("_account_id") { () throws(DomainError) in try AccountID(raw, field: "_account_id") }
        }
        let routing = try registry.routeRingCentral(storePhone: notice.storePhone, accountId: account?.rawValue)
        guard case .store(let store) = routing else {
            return try await keep(
                routing, kind: .ringCentralOptOut, sourceId: noticeId.rawValue, accountId: account, storePhone: notice.storePhone,
                occurredAt: notice.timestamp, input: input, rerouting: rerouting)
        }
        let phone = notice.customerPhone
        let stream = Streams.contact(store: store.storeId, phone: phone)
        let ids = ["storeId": store.storeId.rawValue, "customerPhone": phone.e164, "noticeId": noticeId.rawValue]
        let at = notice.timestamp.date
        let event =
            notice.active
            ? DomainEvent(ContactOptedOut(storeId: store.storeId, phone: phone, noticeId: noticeId, receivedAt: at), actor: .system)
            : DomainEvent(ContactOptedIn(storeId: store.storeId, phone: phone, noticeId: noticeId, receivedAt: at), actor: .system)
        let companion = rerouting?.settled(in: store.storeId) ?? []
        var outcome = try await appender.decideAndAppend(stream: stream, companion: companion) {
            (state) throws(CommandError) -> EventAppender.Decision in
            if let position = state.position(ofKey: event.idempotencyKey) {
                return .recorded(EventAppender.recorded([(event.type, event.idempotencyKey, position)], stream: stream, ids: ids))
            }
            if !notice.active, !DoNotContactRule.wouldClear(state.doNotContact, by: .system) {
                let reason =
                    state.doNotContact.map { "Do-Not-Contact was set by \($0.rawValue), which an opt-in cannot clear" }
                    ?? "no Do-Not-Contact is in force"
                let note = "A2P opt-in notice \(noticeId) for \(phone) not recorded as contact.opted_in: \(reason)"
                return .recorded(CommandOutcome(events: [], ids: ids, notes: [note]))
            }
            return .append([event], ids: ids)
        }
        outcome.routed = true
        return outcome
    }
}
