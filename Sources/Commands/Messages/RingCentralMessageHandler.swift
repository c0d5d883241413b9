import Domain
import EventStore

/// Records a RingCentral message-store notification (PRODUCT.md Flow 5, INTAKE.md;
/// `POST /v1/ingest/ringcentral/message`, `contactledger ingest ringcentral-message`), or
/// RingCentral's A2P opt-out notice on the same route (`RingCentralOptOutNotice`: the
/// envelope's `event` tells them apart; see `handle(_ notice:)`).
///
/// 1. Parse (`RingCentralMessageParser`); resolve the store from the store's own number, else
///    the account. No store: the input is kept as `input.unrouted` on its `unrouted/…` stream
///    with the reason, and answered `routed: false` (CDP.md §8); registering the store that
///    owns it re-routes it through this same code (`rerouting`), at its original times.
/// 2. Fold the message's stream — the contact's, or `message/<rcId>` for a short code or an
///    unknown far side (no contact) — to learn whether the message is known and its latest
///    revision (lastModifiedTime).
/// 3. Unknown message: `message.logged`; and, in the same atomic batch, for an inbound opt-out
///    keyword `contact.opted_out` (actor system), for START/UNSTOP `contact.opted_in` — but
///    only when it clears a DNC the system set (`DoNotContactRule`); a staff (or AI) DNC
///    stays, the message is still logged, and the outcome's `notes` say why no opt-in.
///    Known message with a newer revision: `message.updated`. Same or older revision: a
///    duplicate, answered with the positions that already record it (a redelivered first
///    notification gets its message.logged and consent event positions back).
///
/// The append expects the stream version the decision was made at, so two notifications
/// racing for one contact are decided in turn (`EventAppender.decideAndAppend`).
///
/// Thread-safe: holds only thread-safe references.
public struct RingCentralMessageHandler: Sendable {
    let registry: StoreRegistry
    let appender: EventAppender
    let unrouted: UnroutedRecorder

    public init(store: EventStore, registry: StoreRegistry) {
        self.registry = registry
        self.appender = EventAppender(store: store)
        self.unrouted = UnroutedRecorder(appender: appender)
    }

    /// One notification: envelope, WebSocket array, or bare record; or an A2P opt-out notice.
    public func handle(_ bytes: [UInt8]) async throws(CommandError) -> CommandOutcome {
        try await handle(bytes, rerouting: nil)
    }

    func handle(_ bytes: [UInt8], rerouting: Rerouting?) async throws(CommandError) -> CommandOutcome {
        let notification = try CommandError.parsing { () throws(IntakeError) in try RingCentralMessageNotification.parse(bytes) }
        switch notification {
        case .message(let message): return try await handle(message, input: bytes, rerouting: rerouting)
        case .optOutNotice(let notice): return try await handle(notice, input: bytes, rerouting: rerouting)
        }
    }

    public func handle(_ message: RingCentralMessage) async throws(CommandError) -> CommandOutcome {
        try await handle(message, input: nil, rerouting: nil)
    }

    /// `input`: the bytes the message was parsed from, kept when no store owns it (nil: a
    /// parsed message from code, which is then refused with 422 as before CDP.md §8).
    func handle(_ message: RingCentralMessage, input: [UInt8]?, rerouting: Rerouting?) async throws(CommandError) -> CommandOutcome {
        let routing = try registry.routeRingCentral(storePhone: message.storePhone, accountId: message.accountId)
        guard case .store(let store) = routing else {
            let identity = try MessageLogged.identity(of: message)
            return try await keep(
                routing, kind: .ringCentralMessage, sourceId: identity.messageId.rawValue, accountId: identity.accountId,
                storePhone: message.storePhone, occurredAt: message.creationTime, input: input, rerouting: rerouting)
        }
        let logged = try MessageLogged(ringCentral: message, store: store)
        var ids = ["storeId": store.storeId.rawValue, "messageId": logged.messageId.rawValue]
        if let phone = logged.customerPhone { ids["customerPhone"] = phone.e164 }
        if let code = logged.shortCode { ids["shortCode"] = code }
        let companion = rerouting?.settled(in: store.storeId) ?? []
        var outcome = try await appender.decideAndAppend(stream: logged.stream, companion: companion) {
            (state) throws(CommandError) -> EventAppender.Decision in
            guard let history = state.messages[logged.messageId.rawValue] else {
                return firstNotification(message, logged, state: state, ids: ids)
            }
            if message.revisionTime > history.latestRevision {
                let update = MessageUpdated(ringCentral: message, logged: logged)
                return .append([DomainEvent(update, actor: .ringcentral)], ids: ids)
            }
            return .recorded(recorded(message, logged, history: history, state: state, ids: ids))
        }
        outcome.routed = true
        return outcome
    }

    /// An input no store owns: kept (`input.unrouted`), or — when re-routing — left kept.
    func keep(
        _ routing: StoreRouting, kind: UnroutedInputKind, sourceId: String, accountId: AccountID?, storePhone: PhoneNumber?,
        occurredAt: Timestamp, input: [UInt8]?, rerouting: Rerouting?
    ) async throws(CommandError) -> CommandOutcome {
        guard case .unrouted(let reason) = routing else { preconditionFailure("keep is for unrouted inputs") }
        if rerouting != nil { throw Rerouting.stillUnrouted(reason) }
        guard let input else { throw CommandError(.unprocessable, field: "_account_id", reason: reason) }
        let kept = InputUnrouted(
            kind: kind, sourceId: sourceId, reason: reason, accountId: accountId, storePhone: storePhone,
            occurredAt: occurredAt.date, inputBytes: input)
        return try await unrouted.record(kept, actor: .ringcentral, ids: ["sourceId": sourceId])
    }

    /// `message.logged`, plus the consent event its keyword calls for.
    private func firstNotification(
        _ message: RingCentralMessage, _ logged: MessageLogged, state: StreamState, ids: [String: String]
    ) -> EventAppender.Decision {
        var events = [DomainEvent(logged, actor: .ringcentral)]
        var notes: [String] = []
        if let keyword = message.consentKeyword, let phone = logged.customerPhone {
            switch keyword.intent {
            case .optOut:
                let optOut = ContactOptedOut(
                    storeId: logged.storeId, phone: phone, messageId: logged.messageId, keyword: keyword.keyword,
                    receivedAt: logged.creationTime)
                events.append(DomainEvent(optOut, actor: .system))
            case .optIn where DoNotContactRule.wouldClear(state.doNotContact, by: .system):
                let optIn = ContactOptedIn(
                    storeId: logged.storeId, phone: phone, messageId: logged.messageId, keyword: keyword.keyword,
                    receivedAt: logged.creationTime)
                events.append(DomainEvent(optIn, actor: .system))
            case .optIn:
                let reason =
                    state.doNotContact.map { "Do-Not-Contact was set by \($0.rawValue), which an opt-in keyword cannot clear" }
                    ?? "no Do-Not-Contact is in force"
                notes.append("\(keyword.keyword) from \(phone) not recorded as contact.opted_in: \(reason)")
            }
        }
        return .append(events, ids: ids, notes: notes)
    }

    /// A revision the stream already has (or an older one): the events that record it.
    private func recorded(
        _ message: RingCentralMessage, _ logged: MessageLogged, history: StreamState.MessageHistory, state: StreamState,
        ids: [String: String]
    ) -> CommandOutcome {
        let id = logged.messageId
        let revision = message.revisionTime
        var found: [(type: EventType, key: String, position: UInt64)] = []
        var notes: [String] = []
        if revision == history.loggedRevision, let position = history.loggedPosition {
            found.append((.messageLogged, IdempotencyKeys.messageLogged(id), position))
            for (type, key) in [
                (EventType.contactOptedOut, IdempotencyKeys.contactOptedOut(id)), (.contactOptedIn, IdempotencyKeys.contactOptedIn(id)),
            ] {
                if let position = state.position(ofKey: key) { found.append((type, key, position)) }
            }
        } else if let position = history.positionByRevision[revision] {
            found.append((.messageUpdated, IdempotencyKeys.messageUpdated(id, lastModifiedTime: revision.date), position))
        } else {
            // Older than what is recorded: nothing to add; point at the latest revision.
            let latest = history.latestRevision
            let isLogged = history.loggedRevision == latest
            found.append(
                (
                    isLogged ? .messageLogged : .messageUpdated,
                    isLogged ? IdempotencyKeys.messageLogged(id) : IdempotencyKeys.messageUpdated(id, lastModifiedTime: latest.date),
                    history.latestPosition
                ))
            notes.append("revision \(ISOTime.string(revision)) is older than the recorded \(ISOTime.string(latest))")
        }
        return EventAppender.recorded(found, stream: logged.stream, ids: ids, notes: notes)
    }
}
