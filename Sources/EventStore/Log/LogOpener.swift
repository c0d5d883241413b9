import Glibc
import Logging

/// Opens a log directory: lists and checks segments, applies the recovery decision table to
/// the last one, and reports what it found. Write mode repairs what the table allows (torn
/// tail, torn creation); read-only mode changes nothing and collects problems instead.
struct LogOpener {
    let directory: String
    let fileSystem: any FileSystem
    let writable: Bool
    let logger: Logger

    /// The state of the active segment that the writer continues from.
    struct ActiveTail {
        var segmentIndex: Int
        var handle: any FileHandle
        var dataEnd: UInt64
        var dataCRC: UInt32
    }

    struct Result {
        var segments: [Segment] = []
        var lastPosition: UInt64 = 0
        var active: ActiveTail?
        /// Read-only mode: problems that would refuse a writable open. Reads stop before them.
        var problems: [StoreError] = []
        /// What recovery changed, for the log and for tests.
        var repairs: [String] = []
    }

    func open() throws(StoreError) -> Result {
        var result = Result()
        let names = try fileSystem.listDirectory(directory)
        var byPosition: [UInt64: [String: SegmentHeader.Kind]] = [:]
        for name in names {
            if name.hasSuffix(".tmp") {
                if writable { try fileSystem.remove(directory + "/" + name) }
                continue
            }
            guard let parsed = Segment.parseFileName(name) else { continue }
            byPosition[parsed.firstPosition, default: [:]][name] = parsed.kind
        }
        var positions = byPosition.keys.sorted()
        if positions.count >= 2, try emptyAfterUnsealed(byPosition[positions[positions.count - 1]]!, byPosition[positions[positions.count - 2]]!) {
            let last = positions.removeLast()
            for name in byPosition[last]!.keys {
                _ = try removeTornSegment(path: directory + "/" + name, reason: "empty segment after an unsealed one", result: &result)
            }
        }
        for (i, first) in positions.enumerated() {
            var files = byPosition[first]!
            // Both copies exist: the crash fell inside compression; the plain one is complete.
            if files.count == 2 {
                let compressed = Segment.fileName(firstPosition: first, kind: .compressed)
                if writable { try fileSystem.remove(directory + "/" + compressed) }
                files[compressed] = nil
            }
            let (name, kind) = files.first!
            let isLast = i == positions.count - 1
            let stop = try openSegment(
                path: directory + "/" + name, first: first, kind: kind, isLast: isLast, result: &result)
            if stop { break }
        }
        return result
    }

    /// Returns true when reading must stop here (read-only open past a problem).
    private func openSegment(
        path: String, first: UInt64, kind: SegmentHeader.Kind, isLast: Bool, result: inout Result
    ) throws(StoreError) -> Bool {
        let expectedFirst = result.lastPosition + 1
        func problem(_ offset: UInt64, _ reason: String) throws(StoreError) -> Bool {
            let error = StoreError.corrupt(file: path, offset: offset, reason: reason)
            if writable { throw error }
            result.problems.append(error)
            return true
        }
        if first != expectedFirst {
            return try problem(0, "missing segment: expected a segment starting at position \(expectedFirst), found \(first)")
        }
        let handle: any FileHandle
        do {
            handle = try fileSystem.open(path, writable && isLast && kind == .plain ? .readWrite : .readOnly)
        } catch .io(_, _, ENOENT) where !writable && kind == .plain {
            // A read-only open races the writer's compression: X.seg was listed, and has since
            // been replaced by X.segz (written and renamed before X.seg is unlinked).
            let compressed = directory + "/" + Segment.fileName(firstPosition: first, kind: .compressed)
            return try openSegment(path: compressed, first: first, kind: .compressed, isLast: isLast, result: &result)
        }
        let fileBytes = try handle.size()
        let headerBytes = try handle.read(count: SegmentHeader.byteCount, at: 0)
        switch SegmentHeader.decode(headerBytes) {
        case .empty:
            handle.close()
            guard isLast, try isZero(path: path, from: 0, bytes: fileBytes) else {
                return try problem(0, "segment header is missing")
            }
            return try removeTornSegment(path: path, reason: "torn segment creation", result: &result)
        case .corrupt(let reason):
            handle.close()
            return try problem(0, reason)
        case .header(let header):
            guard header.firstPosition == first, header.kind == kind else {
                handle.close()
                return try problem(16, "header says position \(header.firstPosition), file name says \(first)")
            }
        }

        if let sealed = try readSealed(handle: handle, path: path, first: first, kind: kind, fileBytes: fileBytes) {
            switch sealed {
            case .failure(let error):
                handle.close()
                if writable || !isLast || kind == .compressed { return try problem(error.offset, error.reason) }
            case .success(let segment):
                result.segments.append(segment)
                result.lastPosition = segment.lastPosition
                return false
            }
        }
        guard kind == .plain else { handle.close(); return try problem(fileBytes, "compressed segment is not sealed") }
        guard isLast else {
            handle.close()
            let sealOffset = fileBytes >= UInt64(SealFrame.frameBytes) ? fileBytes - UInt64(SealFrame.frameBytes) : 0
            return try problem(sealOffset, "no valid seal frame, but the segment is not the last one (sealed segments end in a seal)")
        }
        return try openActive(handle: handle, path: path, first: first, fileBytes: fileBytes, result: &result)
    }

    private struct SealProblem: Error { var offset: UInt64; var reason: String }

    /// The sealed segment, an error if it claims to be sealed but is damaged, or nil if unsealed.
    private func readSealed(
        handle: any FileHandle, path: String, first: UInt64, kind: SegmentHeader.Kind, fileBytes: UInt64
    ) throws(StoreError) -> Swift.Result<Segment, SealProblem>? {
        let minimum = UInt64(SegmentHeader.byteCount + SealFrame.frameBytes)
        guard fileBytes >= minimum else { return nil }
        let sealOffset = fileBytes - UInt64(SealFrame.frameBytes)
        guard let seal = SealFrame.decode(try handle.read(count: SealFrame.frameBytes, at: sealOffset)) else { return nil }
        guard seal.firstPosition == first, seal.indexOffset >= UInt64(SegmentHeader.byteCount), seal.indexOffset < sealOffset else {
            return .failure(SealProblem(offset: sealOffset, reason: "seal frame does not match the segment"))
        }
        let indexBytes = try handle.read(count: Int(sealOffset - seal.indexOffset), at: seal.indexOffset)
        let entries: [IndexEntry]? = indexBytes.withUnsafeBytes { raw in
            guard case .frame(let header, let frame) = FrameDecoding.decode(raw), header.kind == .index,
                  header.frameBytes == raw.count else { return nil }
            return IndexFrame.decodeBody(frame, count: header.count)
        }
        guard let entries else { return .failure(SealProblem(offset: seal.indexOffset, reason: "bad index frame")) }
        return .success(Segment(
            firstPosition: first, path: path, kind: kind, file: SegmentFile(handle: handle),
            lastPosition: seal.lastPosition, sealed: true, index: entries, dataEnd: seal.indexOffset,
            batchCount: seal.batchCount, fileBytes: fileBytes))
    }

    /// Scans the unsealed last segment frame by frame and applies the decision table.
    private func openActive(
        handle: any FileHandle, path: String, first: UInt64, fileBytes: UInt64, result: inout Result
    ) throws(StoreError) -> Bool {
        let bytes = try handle.read(count: Int(fileBytes), at: 0)
        var offset = SegmentHeader.byteCount
        var next = first
        var index: [IndexEntry] = []
        var lastIndexed: UInt64 = 0
        var batchCount: UInt64 = 0
        var crc: UInt32 = 0
        var observation: TailObservation = .clean(dataEnd: UInt64(offset))
        scan: while true {
            let decoded = bytes.withUnsafeBytes { FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch decoded {
            case .endOfData:
                // A zero length field ends the data only if nothing valid follows: a length
                // zeroed by damage must not silently drop the acknowledged batches after it.
                if bytes[offset...].contains(where: { $0 != 0 }),
                   bytes.withUnsafeBytes({ ValidBatchSearch.exists(in: $0, after: offset - 1, minimumPosition: next) }) {
                    observation = .badFrame(offset: UInt64(offset), tornBytes: 0,
                                            reason: "zero frame length followed by valid batches", validBatchFollows: true)
                } else {
                    observation = .clean(dataEnd: UInt64(offset))
                }
                break scan
            case .incomplete, .invalid:
                let reason: String
                if case .invalid(let why) = decoded { reason = why } else { reason = "frame runs past the end of the file" }
                observation = badFrame(bytes, at: offset, nextPosition: next, reason: reason)
                break scan
            case .frame(let header, _) where header.kind != .batch:
                // An index frame without its seal: the crash fell inside sealing.
                observation = badFrame(bytes, at: offset, nextPosition: next, reason: "incomplete seal")
                break scan
            case .frame(let header, let frame):
                guard let batch = BatchView(frame: frame, header: header), batch.firstPosition == next,
                      batch.forEach({ _ in }) else {
                    observation = .badFrame(offset: UInt64(offset), tornBytes: 0,
                                            reason: "frame is not the batch starting at position \(next)", validBatchFollows: true)
                    break scan
                }
                if index.isEmpty || UInt64(offset) - lastIndexed >= Segment.indexIntervalBytes {
                    index.append(IndexEntry(position: batch.firstPosition, fileOffset: UInt64(offset)))
                    lastIndexed = UInt64(offset)
                }
                crc = Checksum.crc32(frame, seed: crc)
                batchCount += 1
                next = batch.lastPosition + 1
                offset += header.frameBytes
            }
        }
        var dataEnd = UInt64(offset)
        switch RecoveryDecision.decide(observation) {
        case .open, .openAndStartNewSegment:
            break
        case .removeFile:
            handle.close()
            return try removeTornSegment(path: path, reason: "empty segment after an unsealed one", result: &result)
        case let .refuse(at, reason):
            let error = StoreError.corrupt(file: path, offset: at, reason: reason)
            if writable {
                handle.close()
                throw error
            }
            // Read-only: keep the handle open, the segment below serves the frames before
            // `at` (closing it here made every read fail with EBADF, or read whichever file
            // reused the descriptor).
            result.problems.append(error)
        case let .truncate(at, removed):
            let message = "truncated torn tail of \(path): \(removed) bytes at offset \(at)"
            if writable {
                try handle.truncate(to: at)
                try handle.sync()
                logger.warning("\(message)")
                result.repairs.append(message)
            } else {
                result.problems.append(.corrupt(file: path, offset: at, reason: "torn tail (\(removed) bytes) not yet truncated"))
            }
            dataEnd = at
        }
        let segment = Segment(
            firstPosition: first, path: path, kind: .plain, file: SegmentFile(handle: handle), lastPosition: next - 1,
            sealed: false, index: index, dataEnd: dataEnd, batchCount: batchCount, fileBytes: fileBytes)
        result.segments.append(segment)
        result.lastPosition = next - 1
        result.active = ActiveTail(segmentIndex: result.segments.count - 1, handle: handle, dataEnd: dataEnd, dataCRC: crc)
        return false
    }

    /// Classifies a bad frame: torn tail if nothing valid follows, corruption otherwise.
    private func badFrame(_ bytes: [UInt8], at offset: Int, nextPosition: UInt64, reason: String) -> TailObservation {
        let follows = bytes.withUnsafeBytes { raw in
            ValidBatchSearch.exists(in: raw, after: offset, minimumPosition: nextPosition)
        }
        var lastNonZero = bytes.count
        while lastNonZero > offset && bytes[lastNonZero - 1] == 0 { lastNonZero -= 1 }
        return .badFrame(offset: UInt64(offset), tornBytes: UInt64(max(lastNonZero - offset, 0)), reason: reason, validBatchFollows: follows)
    }

    private func removeTornSegment(path: String, reason: String, result: inout Result) throws(StoreError) -> Bool {
        let message = "removed \(path): \(reason)"
        if writable {
            try fileSystem.remove(path)
            try fileSystem.syncDirectory(directory)
            logger.warning("\(message)")
            result.repairs.append(message)
        }
        return true
    }

    /// Row 4 of the decision table, second half: the crash fell between creating the next
    /// segment and sealing this one. Decided before the segments are walked, because an
    /// unsealed non-last segment is otherwise corruption.
    private func emptyAfterUnsealed(_ last: [String: SegmentHeader.Kind], _ previous: [String: SegmentHeader.Kind]) throws(StoreError) -> Bool {
        guard last.count == 1, let (lastName, lastKind) = last.first, lastKind == .plain,
              previous.count == 1, let (previousName, previousKind) = previous.first, previousKind == .plain else { return false }
        let lastHandle = try fileSystem.open(directory + "/" + lastName, .readOnly)
        defer { lastHandle.close() }
        let head = try lastHandle.read(count: SegmentHeader.byteCount + 4, at: 0)
        let noFrames = head.count <= SegmentHeader.byteCount || head[SegmentHeader.byteCount...].allSatisfy { $0 == 0 }
        // A header that never reached the disk (all zeros, or a file shorter than a header) is
        // the same crash, one step earlier: created and preallocated, header not yet written.
        // Without this the unsealed previous segment was reported as corruption (row 7).
        guard noFrames else { return false }
        switch SegmentHeader.decode(head) {
        case .header, .empty: break
        case .corrupt: return false
        }
        let previousHandle = try fileSystem.open(directory + "/" + previousName, .readOnly)
        defer { previousHandle.close() }
        let size = try previousHandle.size()
        guard size >= UInt64(SealFrame.frameBytes) else { return true }
        return SealFrame.decode(try previousHandle.read(count: SealFrame.frameBytes, at: size - UInt64(SealFrame.frameBytes))) == nil
    }

    private func isZero(path: String, from: UInt64, bytes: UInt64) throws(StoreError) -> Bool {
        let handle = try fileSystem.open(path, .readOnly)
        defer { handle.close() }
        return try handle.read(count: Int(bytes), at: from).allSatisfy { $0 == 0 }
    }
}

/// Looks for any valid batch frame after a damaged one. Frames are unaligned, so every byte
/// offset is a candidate; cheap checks (kind byte, reserved bytes, plausible position) reject
/// almost all of them before a CRC is computed. Runs only on the recovery path.
enum ValidBatchSearch {
    static func exists(in bytes: UnsafeRawBufferPointer, after offset: Int, minimumPosition: UInt64) -> Bool {
        var candidate = offset + 1
        while candidate + FrameHeader.byteCount + 8 <= bytes.count {
            defer { candidate += 1 }
            guard bytes[candidate + 8] == FrameKind.batch.rawValue, bytes[candidate + 9] == 0,
                  bytes[candidate + 10] == 0, bytes[candidate + 11] == 0 else { continue }
            let position = bytes.readLE(UInt64.self, at: candidate + FrameHeader.byteCount)
            guard position >= minimumPosition, position - minimumPosition < 1 << 32 else { continue }
            if case .frame = FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: bytes[candidate...])) { return true }
        }
        return false
    }
}
