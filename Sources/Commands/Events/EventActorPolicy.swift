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
            .taskCancelled, .tagDefined, .segmentDefined, .segmentSnapshotTaken:
            [.staff]
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
}
