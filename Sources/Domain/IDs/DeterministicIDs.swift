import EventStore

/// Every id derived from events (EVENTS.md: "Ids derived from events (task ids, timeline ids)
/// are deterministic ... so that a rebuild reproduces them"). Each kind has its own UUIDv5
/// namespace, itself the UUIDv5 of a fixed URL under `NAMESPACE_URL`, so an event id and a
/// timeline id made from the same key never coincide. Changing a namespace string changes
/// every id: these strings are part of the on-disk contract.
public enum DeterministicIDs {
    static let eventNamespace = UUIDv5.make(namespace: UUIDv5.namespaceURL, name: "urn:contactledger:event")
    static let taskNamespace = UUIDv5.make(namespace: UUIDv5.namespaceURL, name: "urn:contactledger:task")
    static let timelineNamespace = UUIDv5.make(namespace: UUIDv5.namespaceURL, name: "urn:contactledger:timeline")
    static let reviewNamespace = UUIDv5.make(namespace: UUIDv5.namespaceURL, name: "urn:contactledger:review")

    /// The event id of the event with this idempotency key (`DomainEvent.proposed()` uses it).
    public static func eventID(idempotencyKey: String) -> EventID {
        UUIDv5.eventID(UUIDv5.make(namespace: eventNamespace, name: idempotencyKey))
    }

    /// The id of the `lead_outreach` task a lead makes (seed 000 step ④; one task per lead).
    public static func leadOutreachTask(leadId: LeadID) -> TaskID {
        TaskID(uuid: UUIDv5.make(namespace: taskNamespace, name: "lead_outreach:\(leadId.rawValue)"))
    }

    /// The id of a staff-created task, from its `task.created` idempotency key.
    public static func task(idempotencyKey: String) -> TaskID {
        TaskID(uuid: UUIDv5.make(namespace: taskNamespace, name: idempotencyKey))
    }

    /// A timeline entry's id, from the entry's own idempotency key (e.g. `lead.created:<leadId>`,
    /// see `TimelineKeys`).
    public static func timelineID(idempotencyKey: String) -> String {
        UUIDv5.string(UUIDv5.make(namespace: timelineNamespace, name: idempotencyKey))
    }

    /// An identity review's id, from the idempotency key of the event that triggered it.
    public static func reviewID(triggeringIdempotencyKey: String) -> String {
        UUIDv5.string(UUIDv5.make(namespace: reviewNamespace, name: triggeringIdempotencyKey))
    }
}
