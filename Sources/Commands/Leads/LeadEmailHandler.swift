import Domain
import EventStore
import Foundation

/// Flow 1 (PRODUCT.md): one raw RFC 822 email → `lead.received` (first delivery), `lead.updated`
/// (a redelivery whose mapping fields changed), or a duplicate outcome (an identical redelivery).
///
/// Steps: parse (`MIMEMessage` + `LeadEmailParser`), resolve the store (tracking id first, then
/// the sender; no store → the lead is still recorded with storeId null), derive the lead id
/// (`LeadID.derive`), fold the lead's stream, append expecting the folded version. storeId is
/// forward-only: a redelivery that resolves no store never replaces a known one.
///
/// Parse errors (over a limit, empty, not a message) throw and append nothing. Thread-safe.
public struct LeadEmailHandler: Sendable {
    let store: EventStore
    let registry: StoreRegistry
    let appender: EventAppender

    static let attemptsMax = 5

    public init(store: EventStore, registry: StoreRegistry) {
        self.store = store
        self.registry = registry
        self.appender = EventAppender(store: store)
    }

    /// Parses and records one email. `actor`: `.leadWebhook` (upload) or `.imapPoller`.
    public func handle(
        _ bytes: [UInt8], internalDate: Date? = nil, actor: EventActor = .leadWebhook
    ) async throws(CommandError) -> CommandOutcome {
        let lead = try lead(from: bytes, internalDate: internalDate)
        return try await record(lead, actor: actor)
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

    /// Appends `lead` (or its changes) to the lead's stream, deciding from a fold.
    public func record(_ lead: LeadReceived, actor: EventActor) async throws(CommandError) -> CommandOutcome {
        let stream = Streams.lead(lead.leadId)
        var ids = ["leadId": lead.leadId.rawValue]
        if let storeId = lead.storeId { ids["storeId"] = storeId.rawValue }
        var attempt = 1
        while true {
            let folded = try fold(stream)
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
                    return EventAppender.recorded([currentEvent], stream: stream, ids: ids)
                }
                let event = DomainEvent(update, actor: actor)
                if let position = folded.positionByKey[event.idempotencyKey] {
                    return EventAppender.recorded([(.leadUpdated, event.idempotencyKey, position)], stream: stream, ids: ids)
                }
                events = [event]
            } else {
                events = [DomainEvent(lead, actor: actor)]
            }
            let expected: ExpectedVersion = folded.version.map { .exact($0) } ?? .noStream
            do {
                return try await appender.append(events, expectedVersions: [stream: expected], ids: ids)
            } catch let error where error.code == .conflict && error.field == "version" && attempt < Self.attemptsMax {
                attempt += 1
            }
        }
    }
}
