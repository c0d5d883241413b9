/// Which events a read returns. Empty sets mean "any".
public struct EventFilter: Sendable, Equatable {
    public var types: Set<String> = []
    public var storeId: String?
    public var stream: String?

    public init(types: Set<String> = [], storeId: String? = nil, stream: String? = nil) {
        self.types = types
        self.storeId = storeId
        self.stream = stream
    }

    public static let all = EventFilter()

    var isAll: Bool { types.isEmpty && storeId == nil && stream == nil }

    func matches(_ event: EventView) -> Bool {
        if !types.isEmpty && !types.contains(event.type) { return false }
        if let storeId, !event.storeIdBytes.elementsEqual(storeId.utf8) { return false }
        if let stream, !event.streamBytes.elementsEqual(stream.utf8) { return false }
        return true
    }
}

extension EventStore {
    /// A consistent view for one read: the catalog and the durable end at one instant.
    struct ReadSnapshot {
        var segments: [Segment]
        var durablePosition: UInt64
    }

    func readSnapshot() -> ReadSnapshot {
        lock.withLock { ReadSnapshot(segments: state.segments, durablePosition: state.durablePosition) }
    }

    /// Calls `body` for each durable event from `position` through `through` (default: the
    /// durable end) in log order, verifying every batch's checksum. `body` returns false to stop.
    /// The fast path: events are views into the read buffer, valid only inside `body`.
    public func scan(
        from position: UInt64 = 1, through: UInt64 = .max, filter: EventFilter = .all, _ body: (EventView) throws -> Bool
    ) throws {
        let snapshot = readSnapshot()
        try scan(snapshot, from: max(position, 1), through: min(through, snapshot.durablePosition), filter: filter, body)
    }

    func scan(
        _ snapshot: ReadSnapshot, from position: UInt64, through last: UInt64, filter: EventFilter,
        _ body: (EventView) throws -> Bool
    ) throws {
        guard position <= last else { return }
        var stopped = false
        for segment in snapshot.segments where !segment.isEmpty && segment.lastPosition >= position {
            if segment.firstPosition > last || stopped { return }
            let pointRead = last - position < 64
            var reader = SegmentReader(segment: segment, lastPosition: last, readBytesPreferred: pointRead ? 64 << 10 : 1 << 20)
            try reader.forEachBatch(from: position) { batch in
                let wellFormed = try batch.forEach { event in
                    guard !stopped, event.position >= position, event.position <= last else { return }
                    if filter.isAll || filter.matches(event) {
                        if try !body(event) { stopped = true }
                    }
                }
                guard wellFormed else {
                    throw StoreError.corrupt(file: segment.path, offset: 0, reason: "malformed event record in batch at position \(batch.firstPosition)")
                }
                return !stopped
            }
        }
    }

    /// Up to `maxCount` durable events from `position`, matching `filter`.
    public func read(from position: UInt64, maxCount: Int, filter: EventFilter = .all) throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        guard maxCount > 0 else { return events }
        try scan(from: position, filter: filter) { event in
            events.append(event.materialize())
            return events.count < maxCount
        }
        return events
    }

    /// The durable event at `position`, or nil past the end.
    public func event(at position: UInt64) throws -> RecordedEvent? {
        try read(from: position, maxCount: 1).first.flatMap { $0.position == position ? $0 : nil }
    }

    /// Reads one event while holding the writer lock (duplicate confirmation). Reads only
    /// durable data, so the flusher cannot be writing the bytes it reads.
    func readEventLocked(at position: UInt64) throws(StoreError) -> RecordedEvent? {
        var found: RecordedEvent?
        let snapshot = ReadSnapshot(segments: state.segments, durablePosition: state.durablePosition)
        do {
            try scan(snapshot, from: position, through: position, filter: .all) { event in
                found = event.materialize()
                return false
            }
        } catch let error as StoreError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        return found
    }

    /// The events of one stream from `fromVersion`, in version order. Follows the stream's
    /// `previousInStream` chain backward from its last event, so it reads only that stream's
    /// batches, not the whole log.
    public func readStream(_ stream: String, fromVersion: UInt64 = 0, maxCount: Int = .max) throws -> [RecordedEvent] {
        // The stream's newest durable event: skip events appended but not yet durable.
        let (start, snapshot): (UInt64, ReadSnapshot) = lock.withLock {
            var position = state.streams[StreamIndex.key(stream)]?.lastPosition ?? 0
            while position > state.durablePosition { position = state.inFlight[position]?.previousInStream ?? 0 }
            return (position, ReadSnapshot(segments: state.segments, durablePosition: state.durablePosition))
        }
        var events: [RecordedEvent] = []
        var position = start
        while position > 0 {
            var current: RecordedEvent?
            try scan(snapshot, from: position, through: position, filter: .all) { event in
                current = event.materialize()
                return false
            }
            guard let event = current, event.stream == stream else {
                throw StoreError.corrupt(
                    file: directory, offset: 0,
                    reason: "stream chain of \(stream) reaches position \(position), which holds \(current?.stream ?? "no event")")
            }
            if event.version < fromVersion { break }
            events.append(event)
            position = event.previousInStream
        }
        events.reverse()
        return events.count > maxCount ? Array(events.prefix(maxCount)) : events
    }
}
