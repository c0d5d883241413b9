import Foundation

/// The catalog as one sum type: one case per `EventType`, carrying that type's payload.
/// Projections switch over it; the compiler then checks that every type is handled.
public enum DomainPayload: Hashable, Sendable {
    case storeRegistered(StoreRegistered)
    case storeUpdated(StoreUpdated)
    case leadReceived(LeadReceived)
    case leadUpdated(LeadUpdated)
    case leadCooled(LeadCooled)
    case messageLogged(MessageLogged)
    case messageUpdated(MessageUpdated)
    case callLogged(CallLogged)
    case callAnalyzed(CallAnalyzed)
    case contactAnalyzed(ContactAnalyzed)
    case contactOptedOut(ContactOptedOut)
    case contactOptedIn(ContactOptedIn)
    case contactDNCSet(ContactDNCSet)
    case contactDNCCleared(ContactDNCCleared)
    case contactNotesUpdated(ContactNotesUpdated)
    case contactTagged(ContactTagged)
    case contactUntagged(ContactUntagged)
    case contactComplaintResolved(ContactComplaintResolved)
    case contactConverted(ContactConverted)
    case contactMerged(ContactMerged)
    case profileUpdated(ProfileUpdated)
    case identityReviewRequested(IdentityReviewRequested)
    case identityReviewResolved(IdentityReviewResolved)
    case taskCreated(TaskCreated)
    case taskCompleted(TaskCompleted)
    case taskSnoozed(TaskSnoozed)
    case taskReassigned(TaskReassigned)
    case taskCancelled(TaskCancelled)
    case tagDefined(TagDefined)
    case segmentDefined(SegmentDefined)
    case segmentSnapshotTaken(SegmentSnapshotTaken)
    case inputUnrouted(InputUnrouted)
    case inputRerouted(InputRerouted)

    /// The payload as its protocol, for the envelope's stream, key and store.
    public var payload: any EventPayload {
        switch self {
        case .storeRegistered(let p): p
        case .storeUpdated(let p): p
        case .leadReceived(let p): p
        case .leadUpdated(let p): p
        case .leadCooled(let p): p
        case .messageLogged(let p): p
        case .messageUpdated(let p): p
        case .callLogged(let p): p
        case .callAnalyzed(let p): p
        case .contactAnalyzed(let p): p
        case .contactOptedOut(let p): p
        case .contactOptedIn(let p): p
        case .contactDNCSet(let p): p
        case .contactDNCCleared(let p): p
        case .contactNotesUpdated(let p): p
        case .contactTagged(let p): p
        case .contactUntagged(let p): p
        case .contactComplaintResolved(let p): p
        case .contactConverted(let p): p
        case .contactMerged(let p): p
        case .profileUpdated(let p): p
        case .identityReviewRequested(let p): p
        case .identityReviewResolved(let p): p
        case .taskCreated(let p): p
        case .taskCompleted(let p): p
        case .taskSnoozed(let p): p
        case .taskReassigned(let p): p
        case .taskCancelled(let p): p
        case .tagDefined(let p): p
        case .segmentDefined(let p): p
        case .segmentSnapshotTaken(let p): p
        case .inputUnrouted(let p): p
        case .inputRerouted(let p): p
        }
    }

    public var type: EventType { Swift.type(of: payload).eventType }

    /// Decodes current-version JSON of `type` (upcasting happens before, in `EventCodec`).
    static func decode(type: EventType, data: Data, decoder: JSONDecoder) throws -> DomainPayload {
        switch type {
        case .storeRegistered: try decoder.decode(StoreRegistered.self, from: data).domainPayload
        case .storeUpdated: try decoder.decode(StoreUpdated.self, from: data).domainPayload
        case .leadReceived: try decoder.decode(LeadReceived.self, from: data).domainPayload
        case .leadUpdated: try decoder.decode(LeadUpdated.self, from: data).domainPayload
        case .leadCooled: try decoder.decode(LeadCooled.self, from: data).domainPayload
        case .messageLogged: try decoder.decode(MessageLogged.self, from: data).domainPayload
        case .messageUpdated: try decoder.decode(MessageUpdated.self, from: data).domainPayload
        case .callLogged: try decoder.decode(CallLogged.self, from: data).domainPayload
        case .callAnalyzed: try decoder.decode(CallAnalyzed.self, from: data).domainPayload
        case .contactAnalyzed: try decoder.decode(ContactAnalyzed.self, from: data).domainPayload
        case .contactOptedOut: try decoder.decode(ContactOptedOut.self, from: data).domainPayload
        case .contactOptedIn: try decoder.decode(ContactOptedIn.self, from: data).domainPayload
        case .contactDNCSet: try decoder.decode(ContactDNCSet.self, from: data).domainPayload
        case .contactDNCCleared: try decoder.decode(ContactDNCCleared.self, from: data).domainPayload
        case .contactNotesUpdated: try decoder.decode(ContactNotesUpdated.self, from: data).domainPayload
        case .contactTagged: try decoder.decode(ContactTagged.self, from: data).domainPayload
        case .contactUntagged: try decoder.decode(ContactUntagged.self, from: data).domainPayload
        case .contactComplaintResolved: try decoder.decode(ContactComplaintResolved.self, from: data).domainPayload
        case .contactConverted: try decoder.decode(ContactConverted.self, from: data).domainPayload
        case .contactMerged: try decoder.decode(ContactMerged.self, from: data).domainPayload
        case .profileUpdated: try decoder.decode(ProfileUpdated.self, from: data).domainPayload
        case .identityReviewRequested: try decoder.decode(IdentityReviewRequested.self, from: data).domainPayload
        case .identityReviewResolved: try decoder.decode(IdentityReviewResolved.self, from: data).domainPayload
        case .taskCreated: try decoder.decode(TaskCreated.self, from: data).domainPayload
        case .taskCompleted: try decoder.decode(TaskCompleted.self, from: data).domainPayload
        case .taskSnoozed: try decoder.decode(TaskSnoozed.self, from: data).domainPayload
        case .taskReassigned: try decoder.decode(TaskReassigned.self, from: data).domainPayload
        case .taskCancelled: try decoder.decode(TaskCancelled.self, from: data).domainPayload
        case .tagDefined: try decoder.decode(TagDefined.self, from: data).domainPayload
        case .segmentDefined: try decoder.decode(SegmentDefined.self, from: data).domainPayload
        case .segmentSnapshotTaken: try decoder.decode(SegmentSnapshotTaken.self, from: data).domainPayload
        case .inputUnrouted: try decoder.decode(InputUnrouted.self, from: data).domainPayload
        case .inputRerouted: try decoder.decode(InputRerouted.self, from: data).domainPayload
        }
    }
}
