import Domain
import EventStore

/// Staff actions on one contact (PRODUCT.md "Staff actions", EVENTS.md staff rows): notes,
/// Do-Not-Contact set/clear, tag/untag, complaint resolved, converted, merged.
///
/// Each event is keyed by the client's request id (`IdempotencyKeys.request`, scoped by type
/// and store), has the staff user as actor and the handler's clock as occurredAt. A retry
/// with the same request id and body is a duplicate with the original positions; the same
/// id with another body is a `.conflict` (the key is taken by a different event). With
/// `expectedVersion` (If-Match) the append checks the contact stream's version (for a merge:
/// the source contact's) and a mismatch is a `.conflict` carrying the actual version.
///
/// Checked from the log before appending: the store is registered, a tag is defined (and, to
/// untag, carried by the contact), a lead named is one of this store, a review named exists.
/// Deliberately not checked: that the contact has a stream. A contact made from a lead alone
/// lives in the read model but has no `contact/…` events yet, and Commands cannot read the
/// read model (STYLE.md); staff must be able to act on it, and a DNC for a number with no
/// history is still a request to honour.
///
/// Thread-safe: holds only thread-safe references.
public struct ContactCommandHandler: Sendable {
    let store: EventStore
    let registry: StoreRegistry
    let appender: EventAppender
    let clock: any StoreClock

    public init(store: EventStore, registry: StoreRegistry, clock: any StoreClock = SystemClock()) {
        self.store = store
        self.registry = registry
        self.appender = EventAppender(store: store)
        self.clock = clock
    }

    /// `storeId` and `phone` as in the route (`/v1/stores/{storeId}/contacts/{phone}`).
    public func handle(
        storeId rawStore: String, phone rawPhone: String, action: ContactAction, request: StaffRequest
    )
        async throws(CommandError) -> CommandOutcome
    {
        let (requestId, actor) = try request.validated()
        let storeId = try checked("storeId") { () throws(DomainError) in try StoreID(rawStore) }
        _ = try registry.requireStore(storeId)
        guard let phone = PhoneNumber(rawPhone) else {
            throw CommandError.invalid("phone", "'\(rawPhone.prefix(40))' is not a valid US/Canada phone number")
        }
        var ids = ["storeId": storeId.rawValue, "phone": phone.e164]
        let payloads = try payloads(for: action, storeId: storeId, phone: phone, ids: &ids)
        let now = clock.now()
        let events = payloads.map { DomainEvent($0, requestId: requestId, actor: actor, occurredAt: now) }
        let stream = Streams.contact(store: storeId, phone: phone)
        if case .untag = action {
            return try await untag(events, stream: stream, clientVersion: request.expectedVersion, ids: ids)
        }
        let expected = request.expectedVersion.map { [stream: ExpectedVersion.client($0)] } ?? [:]
        return try await appender.append(events, expectedVersions: expected, ids: ids)
    }

    /// Removing a tag the contact does not carry is a 404 with nothing appended (a no-op event
    /// would still show in the timeline and the log). Decided on the contact's stream folded
    /// from the log; a retry (its key is already in the stream) goes to the append, which
    /// answers the duplicate — or the conflict, when the same key untagged another tag.
    private func untag(
        _ events: [DomainEvent], stream: String, clientVersion: UInt64?, ids: [String: String]
    ) async throws(CommandError) -> CommandOutcome {
        try await appender.decideAndAppend(stream: stream, clientVersion: clientVersion) {
            (state) throws(CommandError) -> EventAppender.Decision in
            for event in events where state.position(ofKey: event.idempotencyKey) == nil {
                guard case .contactUntagged(let untagged) = event.payload, state.manualTags.contains(untagged.tagId.rawValue)
                else {
                    throw CommandError(.notFound, field: "tagId", reason: "the contact does not carry the tag \(ids["tagId"] ?? "")")
                }
            }
            return .append(events, ids: ids)
        }
    }

    private func payloads(
        for action: ContactAction, storeId: StoreID, phone: PhoneNumber, ids: inout [String: String]
    )
        throws(CommandError) -> [any EventPayload]
    {
        switch action {
        case .updateNotes(let notes):
            guard notes.utf8.count <= JSONField.textLengthMax else {
                throw CommandError.invalid("notes", "is longer than \(JSONField.textLengthMax) bytes")
            }
            try checkFreeText(notes, field: "notes", layout: .multiLine)
            return [ContactNotesUpdated(storeId: storeId, phone: phone, notes: notes)]
        case .setDoNotContact(let reason):
            return [ContactDNCSet(storeId: storeId, phone: phone, reason: try optionalText(reason, field: "reason"))]
        case .clearDoNotContact(let reason):
            return [ContactDNCCleared(storeId: storeId, phone: phone, reason: try optionalText(reason, field: "reason"))]
        case .tag(let raw):
            let tagId = try checked("tagId") { () throws(DomainError) in try SourceID(raw, field: "tagId") }
            guard store.streamVersion(Streams.tag(tagId)) != nil else {
                throw CommandError(.notFound, field: "tagId", reason: "no tag \(tagId) is defined (POST /v1/tags first)")
            }
            ids["tagId"] = tagId.rawValue
            return [ContactTagged(storeId: storeId, phone: phone, tagId: tagId)]
        case .untag(let raw):
            // Not checked against definitions: removing a tag whose definition went away must work.
            let tagId = try checked("tagId") { () throws(DomainError) in try SourceID(raw, field: "tagId") }
            ids["tagId"] = tagId.rawValue
            return [ContactUntagged(storeId: storeId, phone: phone, tagId: tagId)]
        case .resolveComplaint(let resolution):
            return [ContactComplaintResolved(storeId: storeId, phone: phone, resolution: try optionalText(resolution, field: "resolution"))]
        case .convert(let rawLead, let note):
            let leadId = try rawLead.flatMap { $0.intakeTrimmed.isEmpty ? nil : $0 }.map { raw throws(CommandError) in
                try checked("leadId") { () throws(DomainError) in try LeadID(raw, field: "leadId") }
            }
            if let leadId, try !leadBelongs(leadId, to: storeId) {
                throw CommandError(.notFound, field: "leadId", reason: "no lead \(leadId) is recorded for this store")
            }
            return [ContactConverted(storeId: storeId, phone: phone, leadId: leadId, note: try optionalText(note, field: "note"))]
        case .merge(let into, let rawReview):
            guard let target = PhoneNumber(into) else {
                throw CommandError.invalid("into", "'\(into.prefix(40))' is not a valid US/Canada phone number")
            }
            let reviewId = try rawReview.flatMap { $0.intakeTrimmed.isEmpty ? nil : $0 }.map { raw throws(CommandError) in
                try checked("reviewId") { () throws(DomainError) in try SourceID(raw, field: "reviewId") }
            }
            if let reviewId, store.streamVersion(Streams.review(reviewId)) == nil {
                throw CommandError(.notFound, field: "reviewId", reason: "no identity review \(reviewId) exists")
            }
            ids["targetPhone"] = target.e164
            return try [MergeSide.source, .target].map { side throws(CommandError) in
                try checked("into") { () throws(DomainError) in
                    try ContactMerged(storeId: storeId, sourcePhone: phone, targetPhone: target, recordedOn: side, reviewId: reviewId)
                }
            }
        }
    }

    /// Whether a lead of `storeId` is recorded as `leadId`. A lead of another store answers as
    /// a missing one does: a store's staff must not learn which leads other stores hold.
    private func leadBelongs(_ leadId: LeadID, to storeId: StoreID) throws(CommandError) -> Bool {
        let stream = Streams.lead(leadId)
        guard store.streamVersion(stream) != nil else { return false }
        let events: [RecordedEvent]
        do {
            events = try store.readStream(stream, fromVersion: 0)
        } catch {
            throw CommandError.fromStore(error)
        }
        return events.contains { $0.storeId == storeId.rawValue }
    }
}
