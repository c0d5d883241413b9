import EventStore

/// The simplest thing that behaves like the event log, per STORE.md and the doc comment of
/// `EventStore.append`: an array of events, a key → position map and the last version and
/// position of each stream. Property tests run the same operations against the store and
/// this model and require identical answers (swift-collections' "test against a simple
/// model").
///
/// The rules it encodes, in the order the store applies them:
/// 1. An event whose key is in the log is a duplicate of it when type, stream and payload
///    match, else the append fails with `.idempotencyConflict`. The same holds for a key
///    repeated inside the batch.
/// 2. A batch of duplicates only returns their original positions (no version check: a retry
///    succeeds even after the stream moved on).
/// 3. Otherwise every expected version must hold, or `.versionConflict` and nothing appended.
/// 4. The new events get consecutive positions; each stream's versions continue densely;
///    every event of the batch records the same `recordedAt`, never earlier than any before.
struct LogModel {
    private(set) var events: [StoredEvent] = []
    private var positionByKey: [String: UInt64] = [:]
    private var lastByStream: [String: (version: UInt64, position: UInt64)] = [:]
    private(set) var lastRecordedAt = Timestamp(microsecondsSinceEpoch: 0)

    enum Prediction: Equatable {
        case appended(outcomes: [AppendOutcome], newEvents: [StoredEvent])
        /// `originalPosition` is nil when the clash is inside the batch (the first use has no
        /// position yet).
        case idempotencyConflict(key: String, originalPosition: UInt64?)
        /// Any of these streams may be the one reported; each maps to its actual version.
        case versionConflict(candidates: [String: VersionMismatch])
    }

    struct VersionMismatch: Equatable {
        var expected: ExpectedVersion
        var actual: UInt64?
    }

    var lastPosition: UInt64 { UInt64(events.count) }
    var streams: [String] { lastByStream.keys.sorted() }

    func streamVersion(_ stream: String) -> UInt64? { lastByStream[stream]?.version }

    func events(inStream stream: String, fromVersion: UInt64 = 0) -> [StoredEvent] {
        events.filter { $0.stream == stream && $0.version >= fromVersion }
    }

    func event(at position: UInt64) -> StoredEvent? {
        position >= 1 && position <= lastPosition ? events[Int(position - 1)] : nil
    }

    func predict(_ batch: [ProposedEvent], expectedVersions: [String: ExpectedVersion], now: Timestamp) -> Prediction {
        // 1. Idempotency, in batch order: the first clash is the one reported.
        var outcomes = [AppendOutcome?](repeating: nil, count: batch.count)
        var firstInBatch: [String: Int] = [:]
        for (i, event) in batch.enumerated() {
            if let position = positionByKey[event.idempotencyKey] {
                guard Self.sameEvent(event, events[Int(position - 1)]) else {
                    return .idempotencyConflict(key: event.idempotencyKey, originalPosition: position)
                }
                outcomes[i] = .duplicate(originalPosition: position)
            } else if let earlier = firstInBatch[event.idempotencyKey] {
                guard Self.sameEvent(event, batch[earlier]) else {
                    return .idempotencyConflict(key: event.idempotencyKey, originalPosition: nil)
                }
            } else {
                firstInBatch[event.idempotencyKey] = i
            }
        }
        // 2. Nothing new: a pure retry.
        if firstInBatch.isEmpty {
            return .appended(outcomes: outcomes.map { $0! }, newEvents: [])
        }
        // 3. Expected versions, against the log before this batch.
        var mismatches: [String: VersionMismatch] = [:]
        for (stream, expected) in expectedVersions {
            let actual = streamVersion(stream)
            let holds: Bool
            switch expected {
            case .any: holds = true
            case .noStream: holds = actual == nil
            case .exact(let version): holds = actual == version
            }
            if !holds { mismatches[stream] = VersionMismatch(expected: expected, actual: actual) }
        }
        if !mismatches.isEmpty { return .versionConflict(candidates: mismatches) }
        // 4. Append the first occurrence of each new key.
        let recordedAt = max(now, lastRecordedAt)
        var streams = lastByStream
        var newEvents: [StoredEvent] = []
        var position = lastPosition + 1
        for (i, event) in batch.enumerated() where firstInBatch[event.idempotencyKey] == i {
            let previous = streams[event.stream]
            let version = previous.map { $0.version + 1 } ?? 0
            newEvents.append(StoredEvent(
                event, position: position, version: version, previousInStream: previous?.position ?? 0,
                recordedAt: recordedAt))
            streams[event.stream] = (version, position)
            outcomes[i] = .appended(position: position, version: version)
            position += 1
        }
        for (i, event) in batch.enumerated() where outcomes[i] == nil {
            outcomes[i] = .duplicate(originalPosition: outcomes[firstInBatch[event.idempotencyKey]!]!.position)
        }
        return .appended(outcomes: outcomes.map { $0! }, newEvents: newEvents)
    }

    /// Applies a prediction the store confirmed.
    mutating func apply(_ newEvents: [StoredEvent]) {
        for event in newEvents {
            precondition(event.position == lastPosition + 1, "model events must be applied in order")
            events.append(event)
            positionByKey[event.idempotencyKey] = event.position
            lastByStream[event.stream] = (event.version, event.position)
            lastRecordedAt = max(lastRecordedAt, event.recordedAt)
        }
    }

    /// Whether the store's error is one the prediction allows.
    static func error(_ error: any Error, matches prediction: Prediction) -> Bool {
        guard let error = error as? StoreError else { return false }
        switch (error, prediction) {
        case let (.idempotencyConflict(key, position), .idempotencyConflict(expectedKey, expectedPosition)):
            return key == expectedKey && (expectedPosition == nil || position == expectedPosition)
        case let (.versionConflict(stream, expected, actual), .versionConflict(candidates)):
            return candidates[stream] == VersionMismatch(expected: expected, actual: actual)
        default:
            return false
        }
    }

    private static func sameEvent(_ a: ProposedEvent, _ b: ProposedEvent) -> Bool {
        a.type == b.type && a.stream == b.stream && a.payload == b.payload
    }

    private static func sameEvent(_ a: ProposedEvent, _ b: StoredEvent) -> Bool {
        a.type == b.type && a.stream == b.stream && a.payload == b.payload
    }
}
