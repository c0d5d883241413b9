/// Reads verified batches out of one segment, plain or compressed, from a start position up to
/// a limit. Every batch's CRC is checked before any of its events is handed out.
///
/// Not thread-safe; create one per read. It holds its own buffer.
struct SegmentReader {
    let segment: Segment
    /// Do not return events above this position (the durable end when the reader started).
    let lastPosition: UInt64

    private var buffer: [UInt8] = []
    private var bufferFileOffset: UInt64 = 0
    /// How much to read at once: large for scans, small for a read of one event (a duplicate
    /// check, a stream-chain hop), which needs at most one index interval plus its batch.
    private let readBytesPreferred: Int

    init(segment: Segment, lastPosition: UInt64, readBytesPreferred: Int = 1 << 20) {
        self.segment = segment
        self.lastPosition = min(lastPosition, segment.lastPosition)
        self.readBytesPreferred = readBytesPreferred
    }

    /// Calls `body` for every batch that holds a position in `from...lastPosition`.
    /// `body` receives the whole batch; it filters positions itself. Returns false to stop.
    mutating func forEachBatch(from position: UInt64, _ body: (BatchView) throws -> Bool) throws {
        guard position <= lastPosition else { return }
        switch segment.kind {
        case .plain: try forEachPlainBatch(from: position, body)
        case .compressed: try forEachCompressedBatch(from: position, body)
        }
    }

    private func corrupt(_ offset: UInt64, _ reason: String) -> StoreError {
        .corrupt(file: segment.path, offset: offset, reason: reason)
    }

    private mutating func forEachPlainBatch(from position: UInt64, _ body: (BatchView) throws -> Bool) throws {
        var offset = segment.startOffset(for: position)
        let last = lastPosition, path = segment.path, dataEnd = segment.dataEnd
        while offset < dataEnd {
            let at = offset
            let keepGoing = try withFrame(at: offset, end: dataEnd) { (header, frame) throws -> Bool in
                guard header.kind == .batch, let batch = BatchView(frame: frame, header: header) else {
                    throw StoreError.corrupt(file: path, offset: at, reason: "expected a batch frame")
                }
                if batch.firstPosition > last { return false }
                if batch.lastPosition < position { return true }
                return try body(batch)
            }
            if !keepGoing.continue { return }
            offset += UInt64(keepGoing.frameBytes)
        }
    }

    /// Loads the frame at `offset` (reading more from the file when needed) and verifies it.
    private mutating func withFrame(
        at offset: UInt64, end: UInt64, _ body: (FrameHeader, UnsafeRawBufferPointer) throws -> Bool
    ) throws -> (continue: Bool, frameBytes: Int) {
        var needed = FrameHeader.byteCount
        while true {
            try ensureBuffered(offset: offset, count: needed, end: end)
            let start = Int(offset - bufferFileOffset)
            let decoded: FrameDecoding = buffer.withUnsafeBytes { FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: $0[start...])) }
            switch decoded {
            case .incomplete(let bytes):
                guard offset + UInt64(bytes) <= end else { throw corrupt(offset, "frame runs past the end of the data") }
                needed = bytes
            case .endOfData:
                throw corrupt(offset, "unexpected end of data before position \(lastPosition)")
            case .invalid(let reason):
                throw corrupt(offset, reason)
            case .frame(let header, _):
                // Re-derive the pointer inside withUnsafeBytes: the buffer must stay pinned while body runs.
                let result = try buffer.withUnsafeBytes { raw in
                    try body(header, UnsafeRawBufferPointer(rebasing: raw[start..<(start + header.frameBytes)]))
                }
                return (result, header.frameBytes)
            }
        }
    }

    /// Makes `buffer` hold at least `count` bytes from `offset` (fewer only at `end`).
    private mutating func ensureBuffered(offset: UInt64, count: Int, end: UInt64) throws {
        let available = Int64(bufferFileOffset) + Int64(buffer.count) - Int64(offset)
        if offset >= bufferFileOffset && available >= Int64(count) { return }
        let wanted = min(UInt64(max(count, readBytesPreferred)), end - offset)
        buffer = try segment.file.handle.read(count: Int(wanted), at: offset)
        bufferFileOffset = offset
        guard buffer.count >= min(count, Int(wanted)) else { throw corrupt(offset, "file shorter than expected") }
    }

    private mutating func forEachCompressedBatch(from position: UInt64, _ body: (BatchView) throws -> Bool) throws {
        var offset = segment.startOffset(for: position)
        while offset < segment.dataEnd {
            let chunk = try readChunk(at: offset)
            offset += UInt64(ChunkHeader.byteCount + chunk.compressedBytes)
            if chunk.firstPosition > lastPosition { return }
            var stop = false
            try chunk.frames.withUnsafeBytes { raw in
                var at = 0
                while at < raw.count && !stop {
                    let decoded = FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: raw[at...]))
                    guard case .frame(let header, let frame) = decoded, let batch = BatchView(frame: frame, header: header) else {
                        throw corrupt(chunk.fileOffset, "bad batch frame at byte \(at) of the decompressed chunk")
                    }
                    at += header.frameBytes
                    if batch.firstPosition > lastPosition { stop = true; break }
                    if batch.lastPosition < position { continue }
                    if try !body(batch) { stop = true }
                }
            }
            if stop { return }
        }
    }

    struct Chunk {
        var fileOffset: UInt64
        var compressedBytes: Int
        var firstPosition: UInt64
        var frames: [UInt8]
    }

    func readChunk(at offset: UInt64) throws -> Chunk {
        let headerBytes = try segment.file.handle.read(count: ChunkHeader.byteCount, at: offset)
        guard let header = ChunkHeader.decode(headerBytes) else { throw corrupt(offset, "bad chunk header") }
        var bytes = headerBytes
        bytes += try segment.file.handle.read(count: header.compressedBytes, at: offset + UInt64(ChunkHeader.byteCount))
        guard bytes.count == ChunkHeader.byteCount + header.compressedBytes else { throw corrupt(offset, "chunk runs past the end of the file") }
        guard bytes.readLE(UInt32.self, at: 4) == bytes.withUnsafeBytes({ Checksum.frameCRC($0) }) else {
            throw corrupt(offset, "chunk checksum mismatch")
        }
        let frames = bytes.withUnsafeBytes { raw in
            Deflate.decompress(UnsafeRawBufferPointer(rebasing: raw[ChunkHeader.byteCount...]), uncompressedBytes: header.uncompressedBytes)
        }
        guard let frames else { throw corrupt(offset, "chunk does not inflate") }
        return Chunk(fileOffset: offset, compressedBytes: header.compressedBytes, firstPosition: header.firstPosition, frames: frames)
    }
}
