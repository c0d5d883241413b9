/// An open segment file shared by readers; closed when the last reader lets go of it
/// (a segment replaced by its compressed copy stays readable for readers already inside it).
final class SegmentFile: Sendable {
    let handle: any FileHandle
    init(handle: any FileHandle) { self.handle = handle }
    deinit { handle.close() }
}

/// What the store knows about one segment. A value: readers copy the catalog and work from
/// their copy while the writer extends the active segment's entry.
struct Segment: Sendable {
    var firstPosition: UInt64
    var path: String
    var kind: SegmentHeader.Kind
    var file: SegmentFile
    /// Last position stored, or `firstPosition - 1` while empty.
    var lastPosition: UInt64
    var sealed: Bool
    /// Sparse index: where frames (plain) or chunks (compressed) start. Ascending positions.
    var index: [IndexEntry]
    /// End of the frames that readers may read (plain); the index frame offset (compressed).
    var dataEnd: UInt64
    var batchCount: UInt64
    /// Bytes on disk (for stats).
    var fileBytes: UInt64

    var isEmpty: Bool { lastPosition < firstPosition }
    var eventCount: UInt64 { lastPosition + 1 - firstPosition }

    static func fileName(firstPosition: UInt64, kind: SegmentHeader.Kind) -> String {
        let digits = String(firstPosition)
        return String(repeating: "0", count: 20 - digits.count) + digits + (kind == .plain ? ".seg" : ".segz")
    }

    /// Parses "00000000000000000001.seg" / ".segz"; nil for any other name.
    static func parseFileName(_ name: String) -> (firstPosition: UInt64, kind: SegmentHeader.Kind)? {
        let kind: SegmentHeader.Kind
        let stem: Substring
        if name.hasSuffix(".seg") { kind = .plain; stem = name.dropLast(4) }
        else if name.hasSuffix(".segz") { kind = .compressed; stem = name.dropLast(5) }
        else { return nil }
        guard stem.count == 20, stem.allSatisfy(\.isASCII), let position = UInt64(stem), position > 0 else { return nil }
        return (position, kind)
    }

    /// The index entry to start reading from for `position` (the last one at or before it).
    func startOffset(for position: UInt64) -> UInt64 {
        var low = 0, high = index.count
        while low < high {
            let mid = (low + high) / 2
            if index[mid].position <= position { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? UInt64(SegmentHeader.byteCount) : index[low - 1].fileOffset
    }

    /// Index entries are kept at most this far apart, so a positioned read scans little.
    static let indexIntervalBytes: UInt64 = 64 * 1024
}
