import Domain
import EventStore

/// What a handler needs to know about one stream before it appends, folded from the log
/// (STYLE.md: "a handler that needs current state folds that contact's stream from the log —
/// the read model may lag"): the stream's version (for the append's expected version), the
/// idempotency keys it holds (so a retry is answered from the log even when the state that
/// allowed it has changed since), Do-Not-Contact and who set it, each RingCentral message's
/// latest revision, and for task streams the task's store and whether it has ended.
///
/// Only the payloads a decision reads are decoded (message.*, contact.analyzed,
/// contact.merged, contact.tagged/untagged, task.*); every other event counts by its type and actor alone. Cost: one
/// `readStream`, i.e. one point read per event of the stream; contact streams hold tens to
/// hundreds of events — `StreamStateCache` keeps folds so that a later decision reads only
/// the events since (`catchUp`). Thread-safe (a value).
struct StreamState: Sendable, Equatable {
    /// A RingCentral message's revisions seen in this stream.
    struct MessageHistory: Equatable {
        var loggedPosition: UInt64?
        var loggedRevision: Timestamp?
        var latestRevision: Timestamp
        var latestPosition: UInt64
        var positionByRevision: [Timestamp: UInt64] = [:]
    }

    /// A task stream's task.
    struct TaskHistory: Equatable {
        var storeId: String?
        var created = false
        /// `completed` or `cancelled`: the task accepts no further action.
        var ended: TaskStatus?
        /// Each task event's payload by idempotency key: a retry must carry the same request
        /// as the event its key recorded, or it is a conflict (`TaskCommandHandler`).
        var payloadByKey: [String: DomainPayload] = [:]
    }

    let stream: String
    /// The last event's version; nil when the stream has no durable events.
    private(set) var version: UInt64?
    private(set) var positionByKey: [String: UInt64] = [:]
    /// The Do-Not-Contact in force and who set it (`DoNotContactRule`).
    private(set) var doNotContact: DoNotContactSource?
    private(set) var messages: [String: MessageHistory] = [:]
    private(set) var task = TaskHistory()
    /// A contact stream's manual tags (`contact.tagged` not since `contact.untagged`), with
    /// those of contacts merged into it: what staff may untag.
    private(set) var manualTags: Set<String> = []
    /// Set when the fold read another stream (a merge target folds its source's DNC as the
    /// source stands now): such a state is not a function of this stream's events alone.
    private(set) var readsOtherStreams = false

    init(stream: String) { self.stream = stream }

    /// How many of the stream's events the fold has seen.
    var eventCount: UInt64 { version.map { $0 + 1 } ?? 0 }

    /// The expectation that makes an append fail if anything reached the stream since this fold.
    var expectedVersion: ExpectedVersion { version.map { .exact($0) } ?? .noStream }

    func position(ofKey key: String) -> UInt64? { positionByKey[key] }

    /// Folds `stream` from the log. A `contact.merged` into this contact also folds the source
    /// contact's DNC (the strictest of both stays in force), following merges `mergeDepthMax` deep.
    static func read(_ stream: String, from store: EventStore, mergeDepth: Int = 0) throws(CommandError) -> StreamState {
        var state = StreamState(stream: stream)
        try state.catchUp(from: store, mergeDepth: mergeDepth)
        return state
    }

    /// Folds the stream's durable events after the ones this fold has seen. Reads nothing
    /// when the store knows no later event of the stream (durable or in flight).
    mutating func catchUp(from store: EventStore, mergeDepth: Int = 0) throws(CommandError) {
        guard let latest = store.streamVersion(stream), latest >= eventCount else { return }
        let recorded: [RecordedEvent]
        do {
            recorded = try store.readStream(stream, fromVersion: eventCount)
        } catch {
            throw CommandError.fromStore(error)
        }
        for event in recorded {
            try apply(try FoldedEvent(recorded: event), store: store, mergeDepth: mergeDepth)
        }
    }

    static let mergeDepthMax = 4

    /// Applies one event: a recorded one, or one proposed earlier in the same input (JSON Lines).
    mutating func apply(_ event: FoldedEvent, store: EventStore?, mergeDepth: Int = 0) throws(CommandError) {
        if let position = event.position {
            version = event.version
            positionByKey[event.idempotencyKey] = position
        }
        if let storeId = event.storeId, task.storeId == nil, stream.hasPrefix("task/") { task.storeId = storeId }
        switch event.type {
        case .contactDNCSet:
            doNotContact = DoNotContactRule.set(doNotContact, by: event.actor == .ai ? .ai : .staff)
        case .contactDNCCleared:
            doNotContact = DoNotContactRule.clear(doNotContact, by: event.actor == .ai ? .ai : .staff)
        case .contactOptedOut:
            doNotContact = DoNotContactRule.set(doNotContact, by: .system)
        case .contactOptedIn:
            doNotContact = DoNotContactRule.clear(doNotContact, by: .system)
        case .contactAnalyzed:
            guard case .contactAnalyzed(let analysis)? = event.payload, let flag = analysis.doNotContact else { break }
            doNotContact = flag ? DoNotContactRule.set(doNotContact, by: .ai) : DoNotContactRule.clear(doNotContact, by: .ai)
        case .contactMerged:
            guard case .contactMerged(let merged)? = event.payload, merged.recordedOn == .target, let store,
                mergeDepth < Self.mergeDepthMax
            else { break }
            let source = try StreamState.read(
                Streams.contact(store: merged.storeId, phone: merged.sourcePhone), from: store, mergeDepth: mergeDepth + 1)
            readsOtherStreams = true
            doNotContact = DoNotContactRule.strongest(doNotContact, source.doNotContact)
            manualTags.formUnion(source.manualTags)
        case .contactTagged:
            if case .contactTagged(let tagged)? = event.payload { manualTags.insert(tagged.tagId.rawValue) }
        case .contactUntagged:
            if case .contactUntagged(let untagged)? = event.payload { manualTags.remove(untagged.tagId.rawValue) }
        case .messageLogged:
            guard case .messageLogged(let message)? = event.payload else { break }
            let revision = Timestamp(message.lastModifiedTime)
            var history =
                messages[message.messageId.rawValue]
                ?? MessageHistory(latestRevision: revision, latestPosition: event.position ?? 0)
            history.loggedPosition = event.position
            history.loggedRevision = revision
            record(revision, at: event.position, in: &history)
            messages[message.messageId.rawValue] = history
        case .messageUpdated:
            guard case .messageUpdated(let update)? = event.payload else { break }
            let revision = Timestamp(update.lastModifiedTime)
            var history =
                messages[update.messageId.rawValue]
                ?? MessageHistory(latestRevision: revision, latestPosition: event.position ?? 0)
            record(revision, at: event.position, in: &history)
            messages[update.messageId.rawValue] = history
        case .taskCreated:
            task.created = true
            recordTaskPayload(event)
        case .taskCompleted:
            task.ended = .completed
            recordTaskPayload(event)
        case .taskCancelled:
            task.ended = .cancelled
            recordTaskPayload(event)
        case .taskSnoozed, .taskReassigned:
            recordTaskPayload(event)
        default:
            break
        }
    }

    private mutating func recordTaskPayload(_ event: FoldedEvent) {
        if let payload = event.payload { task.payloadByKey[event.idempotencyKey] = payload }
    }

    private func record(_ revision: Timestamp, at position: UInt64?, in history: inout MessageHistory) {
        if revision >= history.latestRevision {
            history.latestRevision = revision
            history.latestPosition = position ?? history.latestPosition
        }
        if let position { history.positionByRevision[revision] = position }
    }
}

/// The part of an event a fold reads. Built from a recorded event (payload decoded only for
/// the types a decision reads) or from a `DomainEvent` about to be appended.
struct FoldedEvent {
    var type: EventType
    var actor: ActorType?
    var idempotencyKey: String
    var storeId: String?
    var payload: DomainPayload?
    /// Nil for an event not yet in the log.
    var position: UInt64?
    var version: UInt64?

    static let decodedTypes: Set<EventType> = [
        .messageLogged, .messageUpdated, .contactAnalyzed, .contactMerged, .contactTagged, .contactUntagged,
        .taskCreated, .taskCompleted, .taskSnoozed, .taskReassigned, .taskCancelled,
    ]

    init(recorded: RecordedEvent) throws(CommandError) {
        try self.init(
            type: recorded.type, actor: recorded.actor.type, idempotencyKey: recorded.idempotencyKey, storeId: recorded.storeId,
            schemaVersion: recorded.schemaVersion, payload: recorded.payload, position: recorded.position,
            version: recorded.version)
    }

    /// An event this process just appended at `position` and `version`: the same bytes the
    /// log holds there, so it folds exactly as reading it back would.
    init(appended event: ProposedEvent, position: UInt64, version: UInt64) throws(CommandError) {
        try self.init(
            type: event.type, actor: event.actor.type, idempotencyKey: event.idempotencyKey, storeId: event.storeId,
            schemaVersion: event.schemaVersion, payload: event.payload, position: position, version: version)
    }

    private init(
        type name: String, actor: String, idempotencyKey: String, storeId: String?, schemaVersion: UInt16, payload bytes: [UInt8],
        position: UInt64, version: UInt64
    ) throws(CommandError) {
        guard let type = EventType(rawValue: name) else {
            throw CommandError(.storageFailure, field: "", reason: "event at position \(position) has the unknown type '\(name)'")
        }
        self.type = type
        self.actor = ActorType(rawValue: actor)
        self.idempotencyKey = idempotencyKey
        self.storeId = storeId
        self.position = position
        self.version = version
        if Self.decodedTypes.contains(type) {
            do {
                payload = try EventCodec.decode(type: type, schemaVersion: schemaVersion, payload: bytes)
            } catch {
                throw CommandError(.storageFailure, field: "", reason: "event at position \(position) cannot be read: \(error)")
            }
        }
    }

    init(pending event: DomainEvent) {
        type = event.type
        actor = event.actor.type
        idempotencyKey = event.idempotencyKey
        storeId = event.storeId?.rawValue
        payload = event.payload
        position = nil
        version = nil
    }
}
