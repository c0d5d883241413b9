/// Where a position sits in the log and the checksum that covers it: the stored CRC-32 of the
/// batch frame holding it (docs/FORMAT.md, "Frames": frameCRC covers the frame's length,
/// header and every event of the batch). A report that cites this value lets anyone holding a
/// copy of the log confirm, with `store dump` or a hex editor, that it replayed the same bytes.
/// Thread-safe (a value).
public struct BatchChecksum: Sendable, Hashable, Codable {
    /// First position of the segment file that holds the batch (its file name).
    public var segmentFirstPosition: UInt64
    /// Whether that segment is sealed (immutable) or the active one.
    public var segmentSealed: Bool
    public var batchFirstPosition: UInt64
    public var batchLastPosition: UInt64
    /// The frame's stored CRC-32 (already verified by the read that found it).
    public var frameCRC: UInt32

    public init(segmentFirstPosition: UInt64, segmentSealed: Bool, batchFirstPosition: UInt64, batchLastPosition: UInt64, frameCRC: UInt32) {
        self.segmentFirstPosition = segmentFirstPosition
        self.segmentSealed = segmentSealed
        self.batchFirstPosition = batchFirstPosition
        self.batchLastPosition = batchLastPosition
        self.frameCRC = frameCRC
    }
}

extension EventStore {
    /// The checksum of the durable batch that holds `position`, or nil past the durable end
    /// (or for position 0). One point read: at most one index interval plus the batch.
    public func batchChecksum(containing position: UInt64) throws -> BatchChecksum? {
        let snapshot = readSnapshot()
        guard position >= 1, position <= snapshot.durablePosition,
              let segment = snapshot.segments.first(where: { !$0.isEmpty && $0.firstPosition <= position && position <= $0.lastPosition })
        else { return nil }
        var found: BatchChecksum?
        var reader = SegmentReader(segment: segment, lastPosition: position, readBytesPreferred: 64 << 10)
        try reader.forEachBatch(from: position) { batch in
            guard batch.firstPosition <= position, position <= batch.lastPosition else { return true }
            found = BatchChecksum(
                segmentFirstPosition: segment.firstPosition, segmentSealed: segment.sealed,
                batchFirstPosition: batch.firstPosition, batchLastPosition: batch.lastPosition,
                frameCRC: batch.frame.readLE(UInt32.self, at: 4))
            return false
        }
        return found
    }
}
