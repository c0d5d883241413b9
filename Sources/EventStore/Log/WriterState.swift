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
    /// Events assigned a position but not yet durable, for confirming duplicates without disk.
    var inFlight: [UInt64: InFlightEvent] = [:]
    var ackWaiters: [AckWaiter] = []
    var positionWaiters: [UInt64: PositionWaiter] = [:]
    var nextWaiterID: UInt64 = 0
    var lastRecordedAt = Timestamp(microsecondsSinceEpoch: 0)
    /// Set after a failed write or sync; every append fails until the store is reopened.
    var failure: StoreError?
    var closing = false
    var snapshotRequested = false
}

struct InFlightEvent {
    var event: ProposedEvent
    var previousInStream: UInt64
}

struct AckWaiter {
    var position: UInt64
    var continuation: CheckedContinuation<Void, any Error>
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
