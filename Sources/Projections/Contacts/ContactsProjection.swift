import Domain
import GRDB

/// contacts and contact_timeline (READMODELS.md; PRODUCT.md Flow 1 step ⑤, Flow 5 step ④,
/// calls, AI contact analysis, staff actions, lead cooling).
///
/// Each event loads the contact's row (once per batch: `ContactRowCache`), changes it
/// through `ReadModelRules`, puts it back, and writes the timeline entries the change calls for (status changes and complaints compare
/// the row before and after). Events on the contact's own stream also set `version` (the
/// stream version, for If-Match); every change sets `updatedAt` to the event's recordedAt.
/// A contact is created by the first event that names it: a routable lead (lifecycleStage
/// `lead`, leadStatus `new`), otherwise lifecycleStage `unknown` (fixtures: a voicemail
/// from a new number). Live, a value with no mutable state (thread-safe); a rebuild's load
/// shares its contact cache, which the runner uses from one thread at a time (`RebuildLoad`).
struct ContactsProjection: Projection {
    var name: ProjectionName { .contacts }
    /// nil when live: each batch reads the rows it touches and writes them back, with their
    /// search-index entries, when it ends. A full rebuild's load (`RebuildLoad`) passes the
    /// cache it keeps across its batches: rows are written only when the cache holds
    /// `heldMax` contacts and when the load ends, and the search index is filled once from
    /// the final rows (`ContactSearchIndex.fill`).
    let load: Load?

    struct Load: Sendable {
        let rows: ContactRowCache
        /// The most contacts kept in memory (about 0.5–1 kB each) before they are written
        /// and the cache starts again (`ProjectionRunner.Options.rebuildContactsHeldMax`).
        let heldMax: Int
    }

    init(load: Load? = nil) {
        self.load = load
    }

    func apply(_ event: ProjectedEvent, in db: Database) throws {
        try apply(batch: [event][...], in: db)
    }

    /// The batch's rows stay in a `ContactRowCache` and are written once, at the end (or,
    /// in a rebuild's load, when the cache is full or the load ends).
    func apply(batch events: ArraySlice<ProjectedEvent>, in db: Database) throws {
        guard let first = events.first?.position, let last = events.last?.position else { return }
        let rows = load?.rows ?? ContactRowCache()
        for index in events.indices {
            do {
                try apply(events[index], in: db, rows: rows)
            } catch {
                throw failure(events[index], error)
            }
        }
        if let load, rows.count < load.heldMax { return }
        do {
            try rows.flush(into: db)
        } catch {
            // A row write that fails (a full disk, a constraint) belongs to no single event:
            // the whole batch rolls back and the runner stops before it.
            throw FlushFailure(first: first, last: last, reason: "\(error)")
        }
    }

    private func apply(_ event: ProjectedEvent, in db: Database, rows: ContactRowCache) throws {
        var context = ContactChange.Context(event: event, db: db, rows: rows)
        switch event.payload {
        case .leadReceived(let lead):
            try ContactChange.leadReceived(lead, &context)
        case .messageLogged(let message):
            try ContactChange.messageLogged(message, &context)
        case .callLogged(let call):
            try ContactChange.callLogged(call, &context)
        case .callAnalyzed(let analysis):
            guard let storeId = analysis.storeId, let phone = analysis.customerPhone else { return }
            try context.change(storeId: storeId.rawValue, phone: phone.e164) { contact, _ in
                contact.firstName = ReadModelRules.fillOnly(contact.firstName, analysis.firstName)
                contact.lastName = ReadModelRules.fillOnly(contact.lastName, analysis.lastName)
            }
        case .contactAnalyzed(let analysis):
            try ContactChange.contactAnalyzed(analysis, &context)
        case .contactOptedOut(let optOut):
            try ContactChange.doNotContact(.set(.system), entry: .optedOut, storeId: optOut.storeId, phone: optOut.phone, &context)
        case .contactOptedIn(let optIn):
            try ContactChange.doNotContact(.clear(.system), entry: .optedIn, storeId: optIn.storeId, phone: optIn.phone, &context)
        case .contactDNCSet(let set):
            let source: DoNotContactSource = event.actor.type == .ai ? .ai : .staff
            try ContactChange.doNotContact(.set(source), entry: .dncSet, storeId: set.storeId, phone: set.phone, &context)
        case .contactDNCCleared(let cleared):
            let source: DoNotContactSource = event.actor.type == .ai ? .ai : .staff
            try ContactChange.doNotContact(
                .clear(source), entry: .dncCleared, storeId: cleared.storeId, phone: cleared.phone, &context)
        case .contactNotesUpdated(let notes):
            try ContactChange.notesUpdated(notes, &context)
        case .contactComplaintResolved(let resolved):
            try ContactChange.complaintResolved(resolved, &context)
        case .contactConverted(let converted):
            try ContactChange.converted(converted, &context)
        case .leadCooled(let cooled):
            try ContactChange.leadCooled(cooled, &context)
        case .contactMerged(let merged):
            try ContactChange.merged(merged, &context)
        case .profileUpdated(let profile):
            try context.change(storeId: profile.storeId.rawValue, phone: profile.phone.e164) { contact, _ in
                // The CRM/POS record is the system of record for these fields.
                if let card = profile.hasCardOnFile { contact.hasCardOnFile = card }
                contact.firstName = profile.firstName ?? contact.firstName
                contact.lastName = profile.lastName ?? contact.lastName
                contact.email = profile.email?.rawValue ?? contact.email
            }
        case .contactTagged(let tagged):
            try context.change(storeId: tagged.storeId.rawValue, phone: tagged.phone.e164) { _, _ in }
        case .contactUntagged(let untagged):
            try context.change(storeId: untagged.storeId.rawValue, phone: untagged.phone.e164) { _, _ in }
        case .taskCreated(let task):
            guard let phone = task.contactPhone else { return }
            try ContactChange.mapTask(task.taskId.rawValue, storeId: task.storeId.rawValue, phone: phone.e164, db: db)
        case .taskCompleted(let completed):
            try ContactChange.taskCompleted(completed, &context)
        case .storeRegistered, .storeUpdated, .leadUpdated, .messageUpdated, .identityReviewRequested,
             .identityReviewResolved, .taskSnoozed, .taskReassigned, .taskCancelled, .tagDefined, .segmentDefined,
             .segmentSnapshotTaken, .inputUnrouted, .inputRerouted:
            // Contact-stream events among these still move the contact's version.
            if let (storeId, phone) = Streams.contactParts(event.event.stream) {
                try context.change(storeId: storeId, phone: phone, createIfMissing: false) { _, _ in }
            }
        }
    }

    struct FlushFailure: Error, CustomStringConvertible {
        var first: UInt64
        var last: UInt64
        var reason: String
        var description: String { "writing the contacts of events \(first)...\(last): \(reason)" }
    }
}
