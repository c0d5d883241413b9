/// Timeline entry types (READMODELS.md contact_timeline) and their idempotency keys. A
/// timeline entry's id is `DeterministicIDs.timelineID(idempotencyKey:)` of its key, so a
/// rebuild reproduces it; the key is unique in the read model, so an event replayed twice
/// makes one entry.
public enum TimelineEntryType: String, DomainEnum {
    case leadCreated = "lead.created"
    case messageCreated = "message.created"
    case callCreated = "call.created"
    case complaintOpened = "contact.complaint_opened"
    case complaintResolved = "contact.complaint_resolved"
    case dncSet = "contact.dnc_set"
    case dncCleared = "contact.dnc_cleared"
    case optedOut = "contact.opted_out"
    case optedIn = "contact.opted_in"
    case notesUpdated = "contact.notes_updated"
    case leadStatusChanged = "lead.status_changed"
    case leadCooled = "lead.cooled"
    case taskCompleted = "task.completed"
    case merged = "contact.merged"

    public static var fieldName: String { "eventType" }

    /// `eventCategory`: the part before the dot (`lead`, `message`, `call`, `contact`, `task`).
    public var category: String { String(rawValue.prefix(while: { $0 != "." })) }
}

public enum TimelineKeys {
    /// `lead.created:<leadId>` (seed 000 step ⑤).
    public static func leadCreated(_ leadId: LeadID) -> String { "lead.created:\(leadId.rawValue)" }

    /// `message.created:<rcMessageId>`.
    public static func messageCreated(_ rcMessageId: RingCentralID) -> String { "message.created:\(rcMessageId.rawValue)" }

    /// `call.created:<rcCallId>`.
    public static func callCreated(_ rcCallId: RingCentralID) -> String { "call.created:\(rcCallId.rawValue)" }

    /// `contact.complaint_opened:<analysisId>`: the analysis that first reported the complaint.
    public static func complaintOpened(_ analysisId: AnalysisID) -> String { "contact.complaint_opened:\(analysisId.rawValue)" }

    /// `lead.status_changed:<event key>`: a status change caused by the event with that key.
    public static func leadStatusChanged(causedBy eventKey: String) -> String { "lead.status_changed:\(eventKey)" }

    /// An entry that mirrors exactly one event (dnc_set, opted_out, notes_updated, lead.cooled,
    /// task.completed, merged, complaint_resolved, …) uses that event's idempotency key.
    public static func mirroring(eventKey: String) -> String { eventKey }
}
