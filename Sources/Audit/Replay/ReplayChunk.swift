/// What one worker read from one chunk of the log (a range of positions): the timeline records
/// in position order, each with the worker's contact slot, and the chunk's own range, count,
/// gaps and latest recordedAt. Chunks are joined in chunk order, which is log order.
/// Thread-safe (a value; handed from the worker to the merge once complete).
struct ReplayChunk: Sendable {
    /// The chunk's number: chunk `i` covers positions before chunk `i + 1`'s.
    let index: Int
    /// Which worker read it: `contacts` and string indices in `records` are that worker's.
    let worker: Int
    private(set) var records: [TimelineRecord] = []
    private(set) var contacts: [Int32] = []
    private(set) var firstPosition: UInt64 = 0
    private(set) var lastPosition: UInt64 = 0
    private(set) var eventCount: UInt64 = 0
    /// Positions missing between this chunk's events (DNC-RETAIN: nothing deleted).
    private(set) var gaps: [ClosedRange<UInt64>] = []
    private(set) var maxRecordedAt: Int64 = .min

    init(index: Int, worker: Int) {
        self.index = index
        self.worker = worker
    }

    /// Counts one replayed event (every event, whether or not a rule reads it).
    @inline(__always)
    mutating func count(_ position: UInt64, recordedAt: Int64, checksGaps: Bool) {
        eventCount += 1
        if firstPosition == 0 {
            firstPosition = position
        } else if checksGaps && position != lastPosition + 1 {
            gaps.append((lastPosition + 1)...(position - 1))
        }
        lastPosition = position
        if recordedAt > maxRecordedAt { maxRecordedAt = recordedAt }
    }

    @inline(__always)
    mutating func append(_ record: TimelineRecord, contact: Int32) {
        records.append(record)
        contacts.append(contact)
    }
}
