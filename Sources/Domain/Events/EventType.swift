/// Every event type of the catalog (spec EVENTS.md). The raw value is the type string stored
/// in the log and shown to auditors; never reuse one for another meaning. A payload change
/// bumps `currentSchemaVersion` and adds an upcaster (`Upcasters`), so old versions stay
/// readable. docs/EVENTS.md documents each type's payload.
public enum EventType: String, DomainEnum {
    case storeRegistered = "store.registered"
    case storeUpdated = "store.updated"
    case leadReceived = "lead.received"
    case leadUpdated = "lead.updated"
    case leadCooled = "lead.cooled"
    case messageLogged = "message.logged"
    case messageUpdated = "message.updated"
    case callLogged = "call.logged"
    case callAnalyzed = "call.analyzed"
    case contactAnalyzed = "contact.analyzed"
    case contactOptedOut = "contact.opted_out"
    case contactOptedIn = "contact.opted_in"
    case contactDNCSet = "contact.dnc_set"
    case contactDNCCleared = "contact.dnc_cleared"
    case contactNotesUpdated = "contact.notes_updated"
    case contactTagged = "contact.tagged"
    case contactUntagged = "contact.untagged"
    case contactComplaintResolved = "contact.complaint_resolved"
    case contactConverted = "contact.converted"
    case contactMerged = "contact.merged"
    case profileUpdated = "profile.updated"
    case identityReviewRequested = "identity.review_requested"
    case identityReviewResolved = "identity.review_resolved"
    case taskCreated = "task.created"
    case taskCompleted = "task.completed"
    case taskSnoozed = "task.snoozed"
    case taskReassigned = "task.reassigned"
    case taskCancelled = "task.cancelled"
    case tagDefined = "tag.defined"
    case segmentDefined = "segment.defined"
    case segmentSnapshotTaken = "segment.snapshot_taken"
    case inputUnrouted = "input.unrouted"
    case inputRerouted = "input.rerouted"

    public static var fieldName: String { "type" }

    /// The schema version new events of this type are written with. Older versions are
    /// upcast on read (`EventCodec.decode(type:schemaVersion:payload:)`).
    public var currentSchemaVersion: UInt16 {
        switch self {
        // v1 named the RingCentral account `siteId` (seed 000/001: renamed to accountId in
        // migration 0016); v2 calls it `accountId`.
        case .messageLogged: 2
        // v2: an opt-out or opt-in from RingCentral's A2P opt-out notice has `noticeId` and
        // neither `messageId` nor `keyword` (v1 payloads are valid v2 payloads).
        case .contactOptedOut, .contactOptedIn: 2
        default: 1
        }
    }

    /// Whether the idempotency key comes from the source record (EVENTS.md) rather than a
    /// client-supplied request id.
    public var hasSourceKey: Bool {
        switch self {
        case .storeRegistered, .storeUpdated, .leadReceived, .leadUpdated, .leadCooled, .messageLogged, .messageUpdated,
             .callLogged, .callAnalyzed, .contactAnalyzed, .contactOptedOut, .contactOptedIn, .profileUpdated,
             .identityReviewRequested, .inputUnrouted, .inputRerouted:
            true
        default:
            false
        }
    }
}
