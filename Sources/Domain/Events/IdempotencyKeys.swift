import Foundation

/// Idempotency keys (spec EVENTS.md "idempotency key" column). Built only here. The same
/// source record always gives the same key, so a redelivery appends nothing; a changed
/// record gives a new key (store.updated, lead.updated, message.updated, profile.updated).
///
/// Staff commands carry a client request id (`Idempotency-Key` header). EVENTS.md keys them by
/// that id; here the key is `<type>:<scope>:<requestId>` — scoped by event type and by store
/// (or franchise) so that two tenants' clients choosing the same request id can never
/// dedupe each other's events, and one id reused for two different commands is not
/// mistaken for a retry.
public enum IdempotencyKeys {
    public static func storeRegistered(_ storeId: StoreID) -> String {
        "store.registered:\(storeId.rawValue)"
    }

    /// `store.updated:<storeId>:<hash>`, hash = `ContentHash.of(profile)`.
    public static func storeUpdated(_ profile: StoreProfile) -> String {
        "store.updated:\(profile.storeId.rawValue):\(ContentHash.of(profile))"
    }

    public static func leadReceived(_ leadId: LeadID) -> String {
        "lead.received:\(leadId.rawValue)"
    }

    /// `lead.updated:<leadId>:<hash of changed fields>` — the hash covers the mapping fields
    /// the update carries (leadType, franchiseId, accountId, storeId), not the redelivery's time,
    /// so the same change redelivered twice is one event.
    public static func leadUpdated(_ update: LeadUpdated) -> String {
        "lead.updated:\(update.leadId.rawValue):\(ContentHash.of(update.changedFields))"
    }

    /// `lead.cooled:<storeId>:<phone>:<createdAt>`, createdAt as ISO-8601 UTC (`ISOTime`).
    public static func leadCooled(store: StoreID, phone: PhoneNumber, contactCreatedAt: Date) -> String {
        "lead.cooled:\(store.rawValue):\(phone.e164):\(ISOTime.string(contactCreatedAt))"
    }

    public static func messageLogged(_ rcMessageId: RingCentralID) -> String {
        "message.logged:\(rcMessageId.rawValue)"
    }

    /// `message.updated:<rcMessageId>:<lastModifiedTime>`, the time as ISO-8601 UTC.
    public static func messageUpdated(_ rcMessageId: RingCentralID, lastModifiedTime: Date) -> String {
        "message.updated:\(rcMessageId.rawValue):\(ISOTime.string(lastModifiedTime))"
    }

    public static func callLogged(_ rcCallId: RingCentralID) -> String {
        "call.logged:\(rcCallId.rawValue)"
    }

    public static func callAnalyzed(_ rcCallId: RingCentralID, analysisId: AnalysisID) -> String {
        "call.analyzed:\(rcCallId.rawValue):\(analysisId.rawValue)"
    }

    public static func contactAnalyzed(_ analysisId: AnalysisID) -> String {
        "contact.analyzed:\(analysisId.rawValue)"
    }

    /// From the inbound SMS that carried the keyword.
    public static func contactOptedOut(_ rcMessageId: RingCentralID) -> String {
        "contact.opted_out:\(rcMessageId.rawValue)"
    }

    public static func contactOptedIn(_ rcMessageId: RingCentralID) -> String {
        "contact.opted_in:\(rcMessageId.rawValue)"
    }

    /// From RingCentral's A2P opt-out notice: its `uuid` (the notice has no message id).
    /// `notice:` keeps a notice's uuid apart from a message id of the same digits.
    public static func contactOptedOut(noticeId: SourceID) -> String {
        "contact.opted_out:notice:\(noticeId.rawValue)"
    }

    public static func contactOptedIn(noticeId: SourceID) -> String {
        "contact.opted_in:notice:\(noticeId.rawValue)"
    }

    /// `input.unrouted:<kind>:<sourceId>:<sha1 of the input bytes>`: the same bytes redelivered
    /// are one input; another revision of the record (other bytes) is another.
    public static func inputUnrouted(kind: UnroutedInputKind, sourceId: String, input: [UInt8]) -> String {
        "input.unrouted:\(kind.rawValue):\(sourceId):\(hexString(SHA1.hash(input)))"
    }

    /// `input.rerouted:` + what follows `input.unrouted:` in the unrouted input's key: once each.
    public static func inputRerouted(unroutedKey: String) -> String {
        "input.rerouted:" + unroutedKey.dropFirst("input.unrouted:".count)
    }

    /// `profile.updated:<integration>:<externalId>:<version or hash>`.
    public static func profileUpdated(_ update: ProfileUpdated) -> String {
        "profile.updated:\(update.integration.rawValue):\(update.externalId.rawValue):\(update.version?.rawValue ?? ContentHash.of(update))"
    }

    /// Derived from the triggering event: one review per triggering event.
    public static func identityReviewRequested(triggeringIdempotencyKey: String) -> String {
        "identity.review_requested:\(triggeringIdempotencyKey)"
    }

    /// The system's cancellation of an outreach task because its contact is under
    /// Do-Not-Contact (issue 15): at most one per task. Cannot collide with a staff
    /// cancellation (`task.cancelled:<storeId>:<requestId>`: a store id is a UUID).
    public static func taskCancelledForDoNotContact(_ taskId: TaskID) -> String {
        "task.cancelled:do_not_contact:\(taskId.rawValue)"
    }

    /// A staff (or integration) command's key: `<type>:<scope>:<requestId>`; `scope` is the
    /// store id, or for franchise-wide definitions the franchise id (see the type's notes).
    public static func request(_ type: EventType, scope: String, requestId: RequestID) -> String {
        "\(type.rawValue):\(scope):\(requestId.rawValue)"
    }
}

/// A short, stable digest of a value's canonical JSON (sorted keys, ISO-8601 UTC dates):
/// lower-case hex SHA-1. Used inside idempotency keys ("hash of changed fields").
public enum ContentHash {
    public static func of(_ value: some Encodable) -> String {
        hexString(SHA1.hash(EventCodec.canonicalJSON(value)))
    }
}
