/// Verifies one segment file, plain or compressed, against docs/FORMAT.md and feeds its
/// batches and events to the log-wide `LogChecker`.
///
/// Structure of a run: header → data region (batch frames, or chunks of batch frames) →
/// footer (index frame, seal frame, end of file) or, for the unsealed last segment, zeros.
/// A frame or chunk that fails is reported at its offset; the walk then resynchronises on the
/// next valid frame or chunk (`FrameResync`) and goes on, as recovery's scan does.
///
/// Not thread-safe; one per file.
struct SegmentVerifier {
    let path: String
    let nameFirstPosition: UInt64
    let nameKind: SegmentHeader.Kind
    let isLast: Bool
    let bytes: [UInt8]

    /// Where a problem is: a file offset, or a byte of a chunk's inflated data.
    struct Place {
        var fileOffset: Int
        var inflatedOffset: Int?

        func advanced(by delta: Int) -> Place {
            inflatedOffset == nil
                ? Place(fileOffset: fileOffset + delta)
                : Place(fileOffset: fileOffset, inflatedOffset: inflatedOffset! + delta)
        }
    }

    /// What the data region held, for the footer checks.
    struct DataRegion {
        /// Offsets where batch frames (plain) or chunks (compressed) start, with their first position.
        var starts: [(offset: Int, firstPosition: UInt64)] = []
        var batchCount: UInt64 = 0
        var eventCount: UInt64 = 0
        var lastPosition: UInt64?
        /// A problem was reported inside the data region, so counts and dataCRC cannot match.
        var damaged = false
        /// File offsets of the damage reported, to tell a broken footer from a missing one.
        var damageOffsets: [Int] = []
        var end: Int = SegmentHeader.byteCount
    }

    struct FooterFrame {
        var offset: Int
        var header: FrameHeader
    }

    private(set) var problems: [StoreInspector.Problem] = []
    private(set) var notes: [String] = []
    var data = DataRegion()
    var index: FooterFrame?
    var seal: FooterFrame?

    init(path: String, nameFirstPosition: UInt64, nameKind: SegmentHeader.Kind, isLast: Bool, bytes: [UInt8]) {
        self.path = path
        self.nameFirstPosition = nameFirstPosition
        self.nameKind = nameKind
        self.isLast = isLast
        self.bytes = bytes
    }

    /// Runs every check; `progress` receives the offset reached.
    func verify(checker: inout LogChecker, progress: (Int) -> Void) -> (problems: [StoreInspector.Problem], notes: [String]) {
        var run = self
        return run.run(checker: &checker, progress: progress)
    }

    private mutating func run(checker: inout LogChecker, progress: (Int) -> Void) -> (problems: [StoreInspector.Problem], notes: [String]) {
        guard checkHeader() else { return (problems, notes) }
        if let reason = checker.segmentStarts(firstPosition: nameFirstPosition) { problem(Place(fileOffset: 0), reason) }
        switch nameKind {
        case .plain: walkPlain(checker: &checker, progress: progress)
        case .compressed: walkCompressed(checker: &checker, progress: progress)
        }
        checkFooter()
        return (problems, notes)
    }

    mutating func problem(_ place: Place, _ reason: String) {
        if let inflated = place.inflatedOffset {
            problems.append(.init(file: path, offset: UInt64(place.fileOffset), reason: "\(reason) (byte \(inflated) of the chunk's inflated data)"))
        } else {
            problems.append(.init(file: path, offset: UInt64(place.fileOffset), reason: reason))
        }
    }

    /// Returns false when nothing more can be checked (no bytes past the header).
    private mutating func checkHeader() -> Bool {
        switch SegmentHeader.decode(Array(bytes.prefix(SegmentHeader.byteCount))) {
        case .empty:
            if isLast && bytes.allSatisfy({ $0 == 0 }) {
                // Recovery row 4: a segment whose creation did not reach its first fsync.
                notes.append("\(path): torn segment creation (no header, no data); the next writable open removes it")
                return false
            }
            problem(Place(fileOffset: 0), bytes.count < SegmentHeader.byteCount ? "file shorter than the segment header" : "segment header is all zeros")
        case .corrupt(let reason):
            problem(Place(fileOffset: 0), reason)
        case .header(let header):
            if header.firstPosition != nameFirstPosition {
                problem(Place(fileOffset: 16), "header says first position \(header.firstPosition), file name says \(nameFirstPosition)")
            }
            if header.kind != nameKind {
                problem(Place(fileOffset: 10), "header says segment kind \(header.kind.rawValue), file name says \(nameKind.rawValue)")
            }
        }
        // A damaged header does not stop the walk: the file name gives the kind and position.
        return bytes.count > SegmentHeader.byteCount
    }

    // MARK: Plain segments

    mutating func walkPlain(checker: inout LogChecker, progress: (Int) -> Void) {
        let bytes = self.bytes  // a local copy (shared storage), so `self` may mutate while it is borrowed
        var offset = SegmentHeader.byteCount
        walk: while offset < bytes.count {
            progress(offset)
            let decoded = bytes.withUnsafeBytes { FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch decoded {
            case .endOfData:
                data.end = offset
                if let nonZero = bytes[offset...].firstIndex(where: { $0 != 0 }) {
                    // A zeroed length field with frames after it, or garbage in the preallocated tail.
                    if let next = FrameResync.nextFrame(in: bytes, after: offset) {
                        damaged(at: Place(fileOffset: offset), "zero frame length, but a valid frame follows at offset \(next)", checker: &checker)
                        offset = next
                        continue walk
                    }
                    if isLast && seal == nil && index == nil {
                        // Recovery row 1 opens here and writes over them: a write torn after the
                        // length field (never acknowledged), or noise in preallocated space.
                        notes.append("\(path): non-zero bytes at offset \(nonZero), after the end of the data at offset \(offset); the writer overwrites them")
                    } else {
                        damaged(at: Place(fileOffset: nonZero), "non-zero bytes after the end of the data at offset \(offset)", checker: &checker)
                    }
                }
                break walk
            case .incomplete(let needed):
                let reason = "frame of \(needed) bytes runs past the end of the file (\(bytes.count - offset) bytes left)"
                guard let next = resyncAfterBadFrame(at: offset, reason, checker: &checker) else { break walk }
                offset = next
            case .invalid(let reason):
                guard let next = resyncAfterBadFrame(at: offset, reason, checker: &checker) else { break walk }
                offset = next
            case .frame(let header, _):
                switch header.kind {
                case .batch:
                    if let index { problem(Place(fileOffset: offset), "batch frame after the index frame at offset \(index.offset)") }
                    bytes.withUnsafeBytes { raw in
                        let frame = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + header.frameBytes)])
                        if let first = checkBatch(frame, header: header, at: Place(fileOffset: offset), checker: &checker) {
                            data.starts.append((offset, first))
                        }
                    }
                    data.end = offset + header.frameBytes
                case .index:
                    if let index { problem(Place(fileOffset: offset), "second index frame (the first is at offset \(index.offset))") }
                    else { index = FooterFrame(offset: offset, header: header) }
                case .seal:
                    // The seal ends the file; `checkSeal` reports anything after it.
                    seal = FooterFrame(offset: offset, header: header)
                    break walk
                }
                offset += header.frameBytes
            }
        }
        if seal == nil && index == nil { data.end = max(data.end, min(offset, bytes.count)) }
        progress(bytes.count)
    }

    /// Reports a bad frame and returns where the next valid frame starts, if any.
    mutating func resyncAfterBadFrame(at offset: Int, _ reason: String, checker: inout LogChecker) -> Int? {
        let next = FrameResync.nextFrame(in: bytes, after: offset)
        var why = reason
        if next == nil && isLast && seal == nil {
            // Recovery row 2. Still reported: a crash leaves such a tail, but so does a flipped
            // bit in the last batch, and recovery would silently truncate that acknowledged batch.
            why += "; nothing valid follows, so the next writable open truncates the file here as a torn tail"
        } else if let next {
            why += "; resuming at the next valid frame at offset \(next)"
        }
        damaged(at: Place(fileOffset: offset), why, checker: &checker)
        data.end = max(data.end, offset)
        return next
    }

    mutating func damaged(at place: Place, _ reason: String, checker: inout LogChecker) {
        problem(place, reason)
        data.damaged = true
        data.damageOffsets.append(place.fileOffset)
        checker.markDamage()
    }

    // MARK: Batches and records (plain frames and inflated chunks alike)

    /// Checks a CRC-valid batch frame and its records. Returns its first position when its
    /// header is usable.
    mutating func checkBatch(
        _ frame: UnsafeRawBufferPointer, header: FrameHeader, at place: Place, checker: inout LogChecker
    ) -> UInt64? {
        guard header.bodyBytes >= 8 else {
            problem(place, "batch body of \(header.bodyBytes) bytes has no room for its first position")
            return nil
        }
        guard header.count > 0 else {
            problem(place.advanced(by: 12), "batch frame holds no events")
            return nil
        }
        let first = frame.readLE(UInt64.self, at: FrameHeader.byteCount)
        guard first > 0 else {
            problem(place.advanced(by: FrameHeader.byteCount), "batch first position is 0")
            return nil
        }
        let count = UInt64(header.count)
        if let reason = checker.batch(first: first, count: count) { problem(place, reason) }
        data.batchCount += 1
        data.eventCount += count
        data.lastPosition = first + count - 1

        var at = FrameHeader.byteCount + 8
        for index in 0..<count {
            let position = first + index
            switch RecordCheck.decode(position: position, bytes: UnsafeRawBufferPointer(rebasing: frame[at...])) {
            case .malformed(let fieldOffset, let reason):
                problem(place.advanced(by: at + fieldOffset), "event at position \(position): \(reason)")
                checker.markUnread(position...(first + count - 1))
                return first
            case .record(let view):
                for (fieldOffset, reason) in RecordCheck.fieldProblems(view) {
                    problem(place.advanced(by: at + fieldOffset), "event at position \(position): \(reason)")
                }
                let recordPlace = place.advanced(by: at)
                for reason in checker.event(view, file: path, offset: UInt64(recordPlace.fileOffset)) {
                    problem(recordPlace, reason)
                }
                at += view.recordBytes
            }
        }
        if at != frame.count {
            problem(place.advanced(by: at), "\(frame.count - at) bytes after the batch's last record")
        }
        return first
    }
}
