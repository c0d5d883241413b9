import Logging

/// What a log directory holds: `contactledger store stats` (STORE.md item 11).
public struct StoreStats: Sendable, Equatable, Codable {
    public var segmentCount = 0
    public var sealedSegmentCount = 0
    public var compressedSegmentCount = 0
    public var eventCount: UInt64 = 0
    public var batchCount: UInt64 = 0
    public var lastPosition: UInt64 = 0
    /// Sizes of the segment files, including the active segment's preallocated tail.
    public var segmentBytesOnDisk: UInt64 = 0
    /// Space reserved ahead of the writer in the active segment (zeros; included above).
    public var preallocatedBytes: UInt64 = 0
    /// The batch frames as written, before compression.
    public var uncompressedBytes: UInt64 = 0
    /// The same frames as stored: plain frames plus compressed chunks.
    public var storedBytes: UInt64 = 0
    /// `uncompressedBytes / storedBytes`: 1 with no compressed segment, 0 for an empty log.
    public var compressionRatio: Double = 0
    /// The index snapshot's header, nil when there is no usable snapshot.
    public var indexSnapshot: IndexSnapshotStats?
    /// Segment files plus the index snapshot.
    public var bytesOnDisk: UInt64 = 0
    /// Problems that stopped the count: the numbers cover the readable prefix of the log, as
    /// a read-only open serves it. Run verify for the full list.
    public var problems: [StoreInspector.Problem] = []
    /// Observations that are not damage (a stale or missing snapshot).
    public var notes: [String] = []
}

/// The idempotency and stream tables as index.snap holds them; an open store holds the same
/// tables in memory (docs/FORMAT.md, "Memory cost per key").
public struct IndexSnapshotStats: Sendable, Equatable, Codable {
    public var fileBytes: UInt64
    /// Every event at or below this position is in the tables.
    public var coveredPosition: UInt64
    public var keyCount: UInt64
    public var keySlots: UInt64
    public var streamCount: UInt64
    public var streamSlots: UInt64
    /// 16 bytes per key slot.
    public var keyTableBytes: UInt64
    /// 32 bytes per stream slot.
    public var streamTableBytes: UInt64
    /// `keyTableBytes / keyCount`: 20 to 40 by design (load between 0.4 and 0.8).
    public var memoryBytesPerKey: Double
}

extension StoreInspector {
    /// Counts segments, events, batches and bytes, and reads the index snapshot's header.
    /// Reads only segment headers, seals, index frames, chunk headers and the active segment —
    /// never a sealed segment's batches — so it is quick on any size of log.
    public func stats() throws(StoreError) -> StoreStats {
        var logger = Logger(label: "contactledger.inspector", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        let opened = try LogOpener(directory: directory, fileSystem: fileSystem, writable: false, logger: logger).open()
        var stats = StoreStats()
        stats.problems = opened.problems.map { error in
            if case let .corrupt(file, offset, reason) = error { return .init(file: file, offset: offset, reason: reason) }
            return .init(file: directory, offset: 0, reason: error.description)
        }
        stats.lastPosition = opened.lastPosition
        for segment in opened.segments {
            stats.segmentCount += 1
            if segment.sealed { stats.sealedSegmentCount += 1 }
            if !segment.isEmpty {
                stats.eventCount += segment.eventCount
                stats.batchCount += segment.batchCount
            }
            stats.segmentBytesOnDisk += segment.fileBytes
            let dataBytes = segment.dataEnd - UInt64(SegmentHeader.byteCount)
            stats.storedBytes += dataBytes
            switch segment.kind {
            case .plain:
                stats.uncompressedBytes += dataBytes
                if !segment.sealed { stats.preallocatedBytes += segment.fileBytes - segment.dataEnd }
            case .compressed:
                stats.compressedSegmentCount += 1
                stats.uncompressedBytes += try inflatedBytes(of: segment)
            }
        }
        if stats.storedBytes > 0 { stats.compressionRatio = Double(stats.uncompressedBytes) / Double(stats.storedBytes) }
        stats.bytesOnDisk = stats.segmentBytesOnDisk
        switch snapshotStats() {
        case .success(let snapshot):
            stats.indexSnapshot = snapshot
            stats.bytesOnDisk += snapshot.fileBytes
            if snapshot.coveredPosition < stats.lastPosition {
                stats.notes.append("index snapshot covers positions through \(snapshot.coveredPosition); opening replays the \(stats.lastPosition - snapshot.coveredPosition) events after it")
            } else if snapshot.coveredPosition > stats.lastPosition {
                stats.notes.append("index snapshot covers positions through \(snapshot.coveredPosition) but the log ends at \(stats.lastPosition); opening rebuilds it")
            }
        case .failure(let note):
            if stats.lastPosition > 0 { stats.notes.append(note.reason) }
        }
        return stats
    }

    /// Sums the uncompressed sizes in a compressed segment's chunk headers.
    private func inflatedBytes(of segment: Segment) throws(StoreError) -> UInt64 {
        var total: UInt64 = 0
        var offset = UInt64(SegmentHeader.byteCount)
        while offset < segment.dataEnd {
            guard let header = ChunkHeader.decode(try segment.file.handle.read(count: ChunkHeader.byteCount, at: offset)) else {
                throw .corrupt(file: segment.path, offset: offset, reason: "bad chunk header")
            }
            total += UInt64(header.uncompressedBytes)
            offset += UInt64(ChunkHeader.byteCount + header.compressedBytes)
        }
        return total
    }

    private struct SnapshotNote: Error { var reason: String }

    /// The snapshot's header fields, without loading its tables.
    private func snapshotStats() -> Result<IndexSnapshotStats, SnapshotNote> {
        let path = directory + "/" + IndexSnapshot.fileName
        guard fileSystem.exists(path) else { return .failure(SnapshotNote(reason: "no index snapshot; opening rebuilds the index from the segments")) }
        let header: [UInt8]
        let fileBytes: UInt64
        do throws(StoreError) {
            let handle = try fileSystem.open(path, .readOnly)
            defer { handle.close() }
            header = try handle.read(count: IndexSnapshot.headerBytes, at: 0)
            fileBytes = try handle.size()
        } catch {
            return .failure(SnapshotNote(reason: "index snapshot unreadable: \(error)"))
        }
        guard header.count == IndexSnapshot.headerBytes, Array(header[0..<8]) == IndexSnapshot.magic,
              header.readLE(UInt32.self, at: 60) == header.withUnsafeBytes({ Checksum.crc32(UnsafeRawBufferPointer(rebasing: $0[0..<60])) })
        else { return .failure(SnapshotNote(reason: "index snapshot header is damaged; opening rebuilds the index from the segments")) }
        let keySlots = header.readLE(UInt64.self, at: 24)
        let keyCount = header.readLE(UInt64.self, at: 32)
        let streamSlots = header.readLE(UInt64.self, at: 40)
        return .success(IndexSnapshotStats(
            fileBytes: fileBytes, coveredPosition: header.readLE(UInt64.self, at: 16), keyCount: keyCount, keySlots: keySlots,
            streamCount: header.readLE(UInt64.self, at: 48), streamSlots: streamSlots, keyTableBytes: keySlots * 16,
            streamTableBytes: streamSlots * 32, memoryBytesPerKey: keyCount > 0 ? Double(keySlots * 16) / Double(keyCount) : 0))
    }
}
