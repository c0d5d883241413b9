/// Everything the writer mutates, guarded by `EventStore.lock`. Only the flusher thread
/// touches `FlusherState`; everything here is touched under the lock only.
struct WriterState {
    var keys: KeyIndex
    var streams: StreamIndex
    /// Next position to assign.
    var nextPosition: UInt64
    /// Every event ≤ this is on stable storage (durable mode) or written (relaxed); readers
    /// see nothing above it.
    var durablePosition: UInt64
    var segments: [Segment]
    var active: ActiveSegment?
    /// Encoded frames the flusher has not taken yet, in log order.
    var pending: [PendingWrite] = []
    /// Events assigned a position but not yet durable (positions durablePosition+1 ..< nextPosition),
    /// for confirming duplicates without disk and for walking a stream's chain past the durable end.
    var inFlight = InFlightEvents()
    var ackWaiters: [AckWaiter] = []
    var positionWaiters: [UInt64: PositionWaiter] = [:]
    var nextWaiterID: UInt64 = 0
    var lastRecordedAt = Timestamp(microsecondsSinceEpoch: 0)
    /// Set after a failed write or sync; every append fails until the store is reopened.
    var failure: StoreError?
    var closing = false
    /// Emptied write buffers handed back by the flusher, so appends reuse their capacity.
    var spareBuffers: [[UInt8]] = []
    var snapshotRequested = false
    /// The position the latest snapshot covers (or the log end on open).
    var lastSnapshotPosition: UInt64 = 0
}

/// An event of a batch that is not durable yet. Holds the batch array (one retain) and an
/// index rather than a copy of the event (seven retains).
struct InFlightEvent {
    var batch: [ProposedEvent]
    var index: Int
    var previousInStream: UInt64

    var event: ProposedEvent { batch[index] }
}

/// Positions are dense, so in-flight events live in an array indexed by position − base.
/// Cheaper than a dictionary on the hot path: no hashing, one append per event.
struct InFlightEvents {
    private var events: [InFlightEvent] = []
    private var head = 0
    /// Position of events[head].
    private var base: UInt64 = 0

    mutating func append(_ event: InFlightEvent, at position: UInt64) {
        if head == events.count {
            events.removeAll(keepingCapacity: true)
            head = 0
            base = position
        }
        precondition(position == base + UInt64(events.count - head), "in-flight positions must be dense")
        events.append(event)
    }

    subscript(position: UInt64) -> InFlightEvent? {
        guard position >= base, position - base < UInt64(events.count - head) else { return nil }
        return events[head + Int(position - base)]
    }

    /// Forgets every event at or below `position` (now durable).
    mutating func removeThrough(_ position: UInt64) {
        guard head < events.count, position >= base else { return }
        let drop = min(Int(position - base + 1), events.count - head)
        head += drop
        base += UInt64(drop)
        if head == events.count {
            events.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096 && head * 2 > events.count {
            events.removeFirst(head)
            head = 0
        }
    }
}

struct AckWaiter {
    var position: UInt64
    var continuation: UnsafeContinuation<Void, any Error>
}

struct PositionWaiter {
    var after: UInt64
    var continuation: CheckedContinuation<Void, Never>
}

/// The segment being appended to, as the appenders see it (including pending frames).
struct ActiveSegment {
    var segmentIndex: Int
    var firstPosition: UInt64
    var path: String
    var handle: any FileHandle
    /// Where the next frame goes: after every pending frame.
    var reservedEnd: UInt64
    /// fallocate'd up to here.
    var allocatedEnd: UInt64
    var batchCount: UInt64
    var lastPosition: UInt64
    /// Sparse index including pending frames.
    var index: [IndexEntry]
    var lastIndexedOffset: UInt64

    var isEmpty: Bool { batchCount == 0 }

    /// Bytes the index and seal frames will need if the segment is sealed now, plus one entry.
    var footerReserveBytes: UInt64 { UInt64(FrameHeader.byteCount + 16 * (index.count + 1) + SealFrame.frameBytes) }
}

/// Bytes bound for one file, in order. `seal` asks the flusher to close the segment after them.
struct PendingWrite {
    var handle: any FileHandle
    var segmentIndex: Int
    var fileOffset: UInt64
    var bytes: [UInt8] = []
    var lastPosition: UInt64 = 0
    var batchCount: UInt64 = 0
    var newIndexEntries: [IndexEntry] = []
    var seal: SealRequest?
}

struct SealRequest {
    var firstPosition: UInt64
    var lastPosition: UInt64
    var batchCount: UInt64
    var dataEnd: UInt64
    var index: [IndexEntry]
}
