import Domain

/// Which actors may cause each event type (docs/EVENTS.md "Streams and keys", actor column),
/// enforced for events that arrive in their envelope (`ingest events`), where the sender
/// names the actor itself. The product invariants it protects: only staff clear
/// Do-Not-Contact (TCPA.md DNC-AI), opt-outs are the system's, analyses are the AI's.
/// Integrations may replay the records they relay (RingCentral, leads, conversions, profiles).
/// Thread-safe (stateless).
enum EventActorPolicy {
    static func allowed(for type: EventType) -> Set<ActorType> {
        switch type {
        case .storeRegistered, .storeUpdated: [.staff, .system]
        case .leadReceived, .leadUpdated: [.imapPoller, .system, .leadWebhook, .integration]
        case .leadCooled, .contactOptedOut, .contactOptedIn, .identityReviewRequested: [.system]
        case .messageLogged, .messageUpdated, .callLogged: [.ringcentral, .integration]
        case .callAnalyzed, .contactAnalyzed: [.ai]
        // Kept as the intake that received it recorded it; the re-route is the system's.
        case .inputUnrouted: [.ringcentral, .imapPoller, .leadWebhook, .system]
        case .inputRerouted: [.system]
        case .contactDNCSet: [.staff, .ai]
        case .contactConverted: [.staff, .integration]
        case .profileUpdated: [.integration]
        case .contactDNCCleared, .contactNotesUpdated, .contactTagged, .contactUntagged, .contactComplaintResolved,
            .contactMerged, .identityReviewResolved, .taskCreated, .taskCompleted, .taskSnoozed, .taskReassigned,
            .tagDefined, .segmentDefined, .segmentSnapshotTaken:
            [.staff]
        // The system cancels the outreach tasks of a contact under Do-Not-Contact (issue 15).
        case .taskCancelled: [.staff, .system]
        }
    }

    static func check(_ actor: EventActor, for type: EventType) throws(CommandError) {
        let allowed = allowed(for: type)
        guard allowed.contains(actor.type) else {
            throw CommandError.invalid(
                "actor.type",
                "\(type.rawValue) cannot be caused by \(actor.type.rawValue) (allowed: \(allowed.map(\.rawValue).sorted().joined(separator: ", ")))"
            )
        }
    }

    /// What `sender` may send on top of `check`: the operator's own file anything the type
    /// allows; an HTTP request no store event (the admin store routes register stores, so the
    /// registry's checks apply), no `system` actor (opt-outs and opt-ins, cooling and reviews
    /// are the server's own decisions, and a forged `contact.opted_in` would clear a real
    /// STOP), and a `staff` actor only as the staff user the request's credentials act for.
    static func check(_ actor: EventActor, for type: EventType, from sender: EnvelopeSender) throws(CommandError) {
        guard case .api(let staffUserId) = sender else { return }
        if type == .storeRegistered || type == .storeUpdated {
            throw CommandError.invalid("type", "\(type.rawValue) is recorded only through POST /v1/stores")
        }
        switch actor.type {
        case .system:
            throw CommandError.invalid("actor.type", "system events are the server's own; a request cannot claim the system actor")
        case .staff:
            guard let staffUserId else {
                throw CommandError.invalid(
                    "actor.type", "a staff actor must be the staff user the credentials act for: send X-Staff-User with an admin token")
            }
            guard actor.id == staffUserId else {
                throw CommandError.invalid("actor.id", "must be the X-Staff-User of the request ('\(staffUserId.prefix(64))')")
            }
        default:
            return
        }
    }
}

/// Who sends an envelope input, which decides which actors it may name (`EventActorPolicy`).
/// Thread-safe (a value).
public enum EnvelopeSender: Hashable, Sendable {
    /// `contactledger ingest events FILE.jsonl`: the operator, who owns the data directory —
    /// a replay of `store dump` carries every actor the log holds.
    case operatorFile
    /// `POST /v1/ingest/events` (admin tokens): no store events, no `system` actor, and a
    /// `staff` actor only as `staffUserId`, the `X-Staff-User` the request's token may send
    /// (nil when it sent none).
    case api(staffUserId: String?)
}
