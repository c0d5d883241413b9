import Domain
import EventStore
import Foundation

/// Flow 1 (PRODUCT.md): one raw RFC 822 email → `lead.received` (first delivery), `lead.updated`
/// (a redelivery whose mapping fields changed), or a duplicate outcome (an identical redelivery).
///
/// Steps: parse (`MIMEMessage` + `LeadEmailParser`), resolve the store (tracking id first, then
/// the sender), derive the lead id (`LeadID.derive`), fold the lead's stream, append expecting
/// the folded version. storeId is forward-only: a redelivery that resolves no store never
/// replaces a known one. A new lead that no store owns (no store has its tracking id or its
/// sender, or several share the sender and no tracking id decides) is kept as
/// `input.unrouted` with the raw email and answered `routed: false` (CDP.md §8); registering
/// the store that owns it re-routes it through this same code into an ordinary
/// `lead.received` with its store, at its original receivedAt.
///
/// Parse errors (over a limit, empty, not a message) throw and append nothing. Thread-safe.
public struct LeadEmailHandler: Sendable {
    let store: EventStore
    let registry: StoreRegistry
    let appender: EventAppender
    let unrouted: UnroutedRecorder

    static let attemptsMax = 5

    public init(store: EventStore, registry: StoreRegistry) {
        self.store = store
        self.registry = registry
        self.appender = EventAppender(store: store)
        self.unrouted = UnroutedRecorder(appender: appender)
    }

    /// The raw email a lead came from, kept when no store owns the lead.
    public struct Email: Sendable {
        public var bytes: [UInt8]
        public var internalDate: Date?

        public init(bytes: [UInt8], internalDate: Date?) {
            self.bytes = bytes
            self.internalDate = internalDate
        }
    }

    /// Parses and records one email. `actor`: `.leadWebhook` (upload) or `.imapPoller`.
    public func handle(
        _ bytes: [UInt8], internalDate: Date? = nil, actor: EventActor = .leadWebhook
    ) async throws(CommandError) -> CommandOutcome {
        try await handle(bytes, internalDate: internalDate, actor: actor, rerouting: nil)
    }

    func handle(
        _ bytes: [UInt8], internalDate: Date?, actor: EventActor, rerouting: Rerouting?
    ) async throws(CommandError) -> CommandOutcome {
        let lead = try lead(from: bytes, internalDate: internalDate)
        return try await record(lead, actor: actor, email: Email(bytes: bytes, internalDate: internalDate), rerouting: rerouting)
    }

    /// The `lead.received` payload an email gives (no store access beyond the registry lookup).
    public func lead(from bytes: [UInt8], internalDate: Date? = nil) throws(CommandError) -> LeadReceived {
        let parsed = try Self.parse(bytes, internalDate: internalDate)
        return try Self.lead(from: parsed, resolvingWith: registry)
    }

    /// Parse only (no registry, no store): the benchmark's unit.
    public static func parse(_ bytes: [UInt8], internalDate: Date? = nil) throws(CommandError) -> ParsedLeadEmail {
        let message: MIMEMessage
        do {
            message = try MIMEMessage.parse(bytes: bytes)
        } catch {
            switch error {
            case .messageTooLarge, .tooManyHeaderLines:
                throw CommandError(.tooLarge, field: "message", reason: error.description)
            case .emptyMessage, .noHeaderFields:
                throw CommandError(.malformed, field: "message", reason: error.description)
            }
        }
        return LeadEmailParser.parse(message, internalDate: internalDate)
    }

    static func lead(from parsed: ParsedLeadEmail, resolvingWith registry: StoreRegistry) throws(CommandError) -> LeadReceived {
        guard let receivedAt = parsed.receivedAt else {
            throw CommandError(.missingField, field: "receivedAt", reason: "no INTERNALDATE, Received or Date header gives the time")
        }
        var warnings = parsed.warnings.map(\.description)
        let trackingId = parsed.trackingId.flatMap { try? TrackingID($0) }
        if let raw = parsed.trackingId, trackingId == nil { warnings.append("tracking id '\(raw.prefix(64))' is not valid; ignored") }
        let sender = parsed.leadEmail.flatMap { try? EmailAddress($0) }
        let email = (parsed.contactEmail ?? parsed.leadEmail).flatMap { try? EmailAddress($0) }

        try registry.catchUp()
        var profile = trackingId.flatMap { registry.profile(trackingId: $0) }
        if profile == nil, let sender {
            let candidates = registry.profiles(leadSender: sender)
            if candidates.count == 1 {
                profile = candidates[0]
            } else if candidates.count > 1 {
                warnings.append("sender \(sender.rawValue) feeds \(candidates.count) stores and no tracking id decides; store left unknown")
            }
        }

        let leadId = LeadID.derive(email: email, phone: parsed.phone, receivedAt: receivedAt)
        return LeadReceived(
            leadId: leadId, storeId: profile?.storeId, franchiseId: profile?.franchiseId, accountId: profile?.accountId,
            leadType: parsed.leadType ?? "Unknown", firstName: parsed.firstName, lastName: parsed.lastName,
            phone: parsed.phone, email: email, bookedDate: parsed.bookedDate, bookedTime: parsed.bookedTime,
            subject: parsed.subject ?? "", from: parsed.from ?? "", recipient: parsed.recipient ?? "",
            trackingId: trackingId, rawBody: parsed.rawBody, isForwarded: parsed.isForwarded,
            forwardedOriginalFrom: parsed.forwardedOriginalFrom, forwardedOriginalTo: parsed.forwardedOriginalTo,
            forwardedOriginalDate: parsed.forwardedOriginalDate, receivedAt: receivedAt, parseWarnings: warnings)
    }

    /// What the lead's stream says so far.
    struct Folded {
        var version: UInt64?
        var received: LeadReceived?
        var receivedPosition: UInt64?
        /// The mapping in force: the original overlaid with every lead.updated.
        var current: LeadReceived?
        var positionByKey: [String: UInt64] = [:]
        /// The event that made `current`: lead.received, or the latest lead.updated.
        var currentEvent: (type: EventType, key: String, position: UInt64)?
    }

    func fold(_ stream: String) throws(CommandError) -> Folded {
        let recorded: [RecordedEvent]
        do {
            recorded = try store.readStream(stream)
        } catch {
            throw CommandError.fromStore(error)
        }
        var folded = Folded()
        for event in recorded {
            folded.version = event.version
            folded.positionByKey[event.idempotencyKey] = event.position
            let domain: DomainEvent
            do {
                domain = try DomainEvent(recorded: event)
            } catch {
                throw CommandError(.storageFailure, field: "", reason: "\(stream) at \(event.position): \(error)")
            }
            switch domain.payload {
            case .leadReceived(let received):
                if folded.received == nil {
                    folded.received = received
                    folded.receivedPosition = event.position
                    folded.current = received
                    folded.currentEvent = (.leadReceived, event.idempotencyKey, event.position)
                }
            case .leadUpdated(let update):
                guard var current = folded.current else { break }
                current.leadType = update.leadType
                current.franchiseId = update.franchiseId
                current.accountId = update.accountId
                if let storeId = update.storeId { current.storeId = storeId }
                folded.current = current
                folded.currentEvent = (.leadUpdated, event.idempotencyKey, event.position)
            default:
                break
            }
        }
        return folded
    }

    /// Why no store took `lead` (its storeId is nil), for the unrouted record.
    static func unroutedReason(_ lead: LeadReceived) -> String {
        if let ambiguous = lead.parseWarnings.first(where: { $0.contains("no tracking id decides") }) { return ambiguous }
        let tracking = lead.trackingId.map { "tracking id '\($0.rawValue)'" } ?? "no tracking id"
        return "no store is registered for \(tracking) or this lead's sender"
    }

    /// Appends `lead` (or its changes) to the lead's stream, deciding from a fold. A new lead
    /// with no store is kept unrouted with `email` (its raw form); without `email` it is refused
    /// (422), since nothing could re-route it.
    public func record(_ lead: LeadReceived, actor: EventActor, email: Email? = nil) async throws(CommandError) -> CommandOutcome {
        try await record(lead, actor: actor, email: email, rerouting: nil)
    }

    func record(
        _ lead: LeadReceived, actor: EventActor, email: Email?, rerouting: Rerouting?
    ) async throws(CommandError) -> CommandOutcome {
        let stream = Streams.lead(lead.leadId)
        var ids = ["leadId": lead.leadId.rawValue]
        if let storeId = lead.storeId { ids["storeId"] = storeId.rawValue }
        var attempt = 1
        while true {
            let folded = try fold(stream)
            if folded.current == nil, lead.storeId == nil {
                return try await keep(lead, actor: actor, email: email, rerouting: rerouting)
            }
            // A kept copy of a lead that a later delivery already routed is settled with that store.
            let companion = (lead.storeId ?? folded.current?.storeId).map { rerouting?.settled(in: $0) ?? [] } ?? []
            let events: [DomainEvent]
            if let current = folded.current, let currentEvent = folded.currentEvent {
                if let storeId = current.storeId, ids["storeId"] == nil { ids["storeId"] = storeId.rawValue }
                // The mapping comes from the registry as one piece: a redelivery that resolves no
                // store keeps the known store's franchise and account too (storeId forward-only).
                var redelivery = lead
                if redelivery.storeId == nil, current.storeId != nil {
                    redelivery.franchiseId = current.franchiseId
                    redelivery.accountId = current.accountId
                }
                guard let update = LeadUpdated.changes(from: current, to: redelivery) else {
                    // Already recorded: by the lead.received, or by the update that made the mapping current.
                    return try await routed(EventAppender.recorded([currentEvent], stream: stream, ids: ids), companion)
                }
                let event = DomainEvent(update, actor: actor)
                if let position = folded.positionByKey[event.idempotencyKey] {
                    return try await routed(
                        EventAppender.recorded([(.leadUpdated, event.idempotencyKey, position)], stream: stream, ids: ids), companion)
                }
                events = [event]
            } else {
                events = [DomainEvent(lead, actor: actor)]
            }
            let expected: ExpectedVersion = folded.version.map { .exact($0) } ?? .noStream
            do {
                var outcome = try await appender.append(events, expectedVersions: [stream: expected], ids: ids, companion: companion)
                outcome.routed = true
                return outcome
            } catch let error where error.code == .conflict && error.field == "version" && attempt < Self.attemptsMax {
                attempt += 1
            }
        }
    }

    /// A lead the log already records, plus a re-route's `input.rerouted` when re-routing.
    private func routed(_ outcome: CommandOutcome, _ companion: [DomainEvent]) async throws(CommandError) -> CommandOutcome {
        var outcome = try await appender.withCompanion(outcome, companion)
        outcome.routed = true
        return outcome
    }

    /// A new lead no store owns: kept as `input.unrouted` (or, re-routing, left kept).
    private func keep(
        _ lead: LeadReceived, actor: EventActor, email: Email?, rerouting: Rerouting?
    ) async throws(CommandError) -> CommandOutcome {
        let reason = Self.unroutedReason(lead)
        if rerouting != nil { throw Rerouting.stillUnrouted(reason) }
        guard let email else { throw CommandError(.unprocessable, field: "storeId", reason: reason) }
        // The sender routes a lead (a store's leadSenders); the payload has only the From
        // header's text, so the kept email is parsed once more (unrouted leads only).
        let sender = (try? Self.parse(email.bytes, internalDate: email.internalDate))?.leadEmail.flatMap { try? EmailAddress($0) }
        let kept = InputUnrouted(
            kind: .leadEmail, sourceId: lead.leadId.rawValue, reason: reason, trackingId: lead.trackingId,
            leadSender: sender, occurredAt: lead.receivedAt, internalDate: email.internalDate, inputBytes: email.bytes)
        return try await unrouted.record(kept, actor: actor, ids: ["leadId": lead.leadId.rawValue, "sourceId": lead.leadId.rawValue])
    }
}
