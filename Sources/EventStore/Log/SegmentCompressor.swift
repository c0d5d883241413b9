/// Rewrites a sealed plain segment as a compressed one (docs/FORMAT.md, "Compressed sealed
/// segment"). The plain file is removed only after the compressed file is durable, so a
/// crash at any point leaves at least one complete copy.
enum SegmentCompressor {
    /// Uncompressed bytes gathered into one chunk: large enough for a good ratio (~4×), small
    /// enough that a positioned read inflates little.
    static let chunkTargetBytes = 256 * 1024

    /// Returns the new segment entry; the caller swaps it into the catalog and then calls
    /// `removePlain`.
    static func compress(
        _ segment: Segment, directory: String, level: Int32, fileSystem: any FileSystem
    ) throws -> Segment {
        precondition(segment.sealed && segment.kind == .plain, "only sealed plain segments are compressed")
        let name = Segment.fileName(firstPosition: segment.firstPosition, kind: .compressed)
        let path = directory + "/" + name
        let tmp = path + ".tmp"
        let out = try fileSystem.open(tmp, .createOrTruncate)
        var keepFile = false
        defer {
            if !keepFile { out.close(); try? fileSystem.remove(tmp) }
        }

        var offset = UInt64(SegmentHeader.byteCount)
        try out.write(SegmentHeader(kind: .compressed, firstPosition: segment.firstPosition).encode(), at: 0)
        var index: [IndexEntry] = []
        var dataCRC: UInt32 = 0
        var pending: [UInt8] = []
        var pendingFirst: UInt64 = 0

        func flushChunk() throws {
            guard !pending.isEmpty else { return }
            let compressed = pending.withUnsafeBytes { Deflate.compress($0, level: level) }
            let chunk = ChunkHeader.chunk(compressed: compressed, uncompressedBytes: pending.count, firstPosition: pendingFirst)
            try out.write(chunk, at: offset)
            dataCRC = chunk.withUnsafeBytes { Checksum.crc32($0, seed: dataCRC) }
            index.append(IndexEntry(position: pendingFirst, fileOffset: offset))
            offset += UInt64(chunk.count)
            pending.removeAll(keepingCapacity: true)
        }

        var reader = SegmentReader(segment: segment, lastPosition: segment.lastPosition)
        try reader.forEachBatch(from: segment.firstPosition) { batch in
            if pending.isEmpty { pendingFirst = batch.firstPosition }
            pending.append(contentsOf: batch.frame)
            if pending.count >= chunkTargetBytes { try flushChunk() }
            return true
        }
        try flushChunk()

        let indexFrame = IndexFrame.encode(index)
        try out.write(indexFrame, at: offset)
        let seal = SealFrame(
            firstPosition: segment.firstPosition, lastPosition: segment.lastPosition, eventCount: segment.eventCount,
            batchCount: segment.batchCount, indexOffset: offset, dataCRC: dataCRC)
        let dataEnd = offset
        offset += UInt64(indexFrame.count)
        try out.write(seal.encode(), at: offset)
        offset += UInt64(SealFrame.frameBytes)
        try out.sync()
        try fileSystem.rename(tmp, to: path)
        try fileSystem.syncDirectory(directory)
        keepFile = true
        out.close()

        let readHandle = try fileSystem.open(path, .readOnly)
        return Segment(
            firstPosition: segment.firstPosition, path: path, kind: .compressed, file: SegmentFile(handle: readHandle),
            lastPosition: segment.lastPosition, sealed: true, index: index, dataEnd: dataEnd,
            batchCount: segment.batchCount, fileBytes: offset)
    }
}
