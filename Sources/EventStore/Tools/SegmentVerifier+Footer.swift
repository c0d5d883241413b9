// The compressed data region and the footer checks of `SegmentVerifier`.

extension SegmentVerifier {
    // MARK: Compressed segments

    mutating func walkCompressed(checker: inout LogChecker, progress: (Int) -> Void) {
        let bytes = self.bytes  // a local copy (shared storage), so `self` may mutate while it is borrowed
        var offset = SegmentHeader.byteCount
        walk: while offset < bytes.count {
            progress(offset)
            // An index or seal frame ends the chunks.
            let frame = bytes.withUnsafeBytes { FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if case .frame(let header, _) = frame, header.kind != .batch {
                if header.kind == .seal {
                    seal = FooterFrame(offset: offset, header: header)
                    break walk
                }
                if let index { problem(Place(fileOffset: offset), "second index frame (the first is at offset \(index.offset))") }
                else { index = FooterFrame(offset: offset, header: header) }
                offset += header.frameBytes
                continue walk
            }
            if let index {
                problem(Place(fileOffset: offset), "expected the seal frame after the index frame at offset \(index.offset)")
                break walk
            }
            switch bytes.withUnsafeBytes({ ChunkCheck.decode($0, at: offset) }) {
            case .bad(let reason):
                let next = FrameResync.nextChunkOrFooter(in: bytes, after: offset)
                damaged(at: Place(fileOffset: offset), reason + (next.map { "; resuming at offset \($0)" } ?? ""), checker: &checker)
                data.end = max(data.end, offset)
                guard let next else { break walk }
                offset = next
            case .chunk(let header):
                checkChunk(header, at: offset, checker: &checker)
                offset += ChunkHeader.byteCount + header.compressedBytes
                data.end = offset
            }
        }
        progress(bytes.count)
    }

    /// Inflates a CRC-valid chunk and checks the batch frames inside it.
    private mutating func checkChunk(_ header: ChunkHeader, at offset: Int, checker: inout LogChecker) {
        let body = offset + ChunkHeader.byteCount
        let inflated = bytes.withUnsafeBytes { raw in
            Deflate.decompress(UnsafeRawBufferPointer(rebasing: raw[body..<(body + header.compressedBytes)]), uncompressedBytes: header.uncompressedBytes)
        }
        guard let inflated else {
            damaged(at: Place(fileOffset: offset), "chunk does not inflate to its \(header.uncompressedBytes) bytes", checker: &checker)
            return
        }
        data.starts.append((offset, header.firstPosition))
        var firstBatch: UInt64?
        inflated.withUnsafeBytes { raw in
            var at = 0
            while at < raw.count {
                let place = Place(fileOffset: offset, inflatedOffset: at)
                switch FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: raw[at...])) {
                case .frame(let frameHeader, let frame) where frameHeader.kind == .batch:
                    let first = checkBatch(frame, header: frameHeader, at: place, checker: &checker)
                    if firstBatch == nil { firstBatch = first ?? 0 }
                    at += frameHeader.frameBytes
                case .frame(let frameHeader, _):
                    return damaged(at: place, "frame of kind \(frameHeader.kind.rawValue) inside a chunk; chunks hold batch frames only", checker: &checker)
                case .endOfData:
                    return damaged(at: place, "zero frame length inside a chunk", checker: &checker)
                case .incomplete(let needed):
                    return damaged(at: place, "frame of \(needed) bytes runs past the end of the inflated chunk", checker: &checker)
                case .invalid(let reason):
                    return damaged(at: place, reason, checker: &checker)
                }
            }
        }
        if let firstBatch, firstBatch != 0, firstBatch != header.firstPosition {
            problem(Place(fileOffset: offset + 16), "chunk header says first position \(header.firstPosition), its first batch starts at \(firstBatch)")
        }
    }

    // MARK: Footer

    mutating func checkFooter() {
        guard let seal else {
            // A damaged seal frame (or damage after the index) is reported already; a seal
            // that cannot be read is not also "missing".
            let footerStart = index?.offset ?? (bytes.count - SealFrame.frameBytes)
            if data.damageOffsets.contains(where: { $0 >= footerStart }) { return }
            if let index {
                problem(Place(fileOffset: index.offset), "index frame without a seal frame: sealing was interrupted"
                    + (isLast && nameKind == .plain ? "; the next writable open truncates it as a torn tail" : ""))
            }
            if nameKind == .compressed {
                problem(Place(fileOffset: bytes.count), "compressed segment has no seal frame")
            } else if !isLast {
                problem(Place(fileOffset: data.end), "segment is not sealed but is not the last one")
            }
            return
        }
        checkSeal(seal)
        if let index { checkIndex(index) }
    }

    private mutating func checkSeal(_ seal: FooterFrame) {
        let at = seal.offset
        let end = at + seal.header.frameBytes
        if end != bytes.count { problem(Place(fileOffset: end), "\(bytes.count - end) bytes after the seal frame") }
        guard seal.header.bodyBytes == SealFrame.bodyBytes else {
            return problem(Place(fileOffset: at), "seal frame body is \(seal.header.bodyBytes) bytes, expected \(SealFrame.bodyBytes)")
        }
        if seal.header.count != 0 { problem(Place(fileOffset: at + 12), "seal frame count is \(seal.header.count), expected 0") }
        let (first, last, eventCount, batchCount, indexOffset, dataCRC, reserved) = bytes.withUnsafeBytes { raw in
            let body = at + FrameHeader.byteCount
            return (raw.readLE(UInt64.self, at: body), raw.readLE(UInt64.self, at: body + 8), raw.readLE(UInt64.self, at: body + 16),
                    raw.readLE(UInt64.self, at: body + 24), raw.readLE(UInt64.self, at: body + 32), raw.readLE(UInt32.self, at: body + 40),
                    raw.readLE(UInt32.self, at: body + 44))
        }
        let body = at + FrameHeader.byteCount
        if reserved != 0 { problem(Place(fileOffset: body + 44), "non-zero reserved bytes in the seal frame") }
        if first != nameFirstPosition {
            problem(Place(fileOffset: body), "seal firstPosition \(first), but the segment starts at \(nameFirstPosition)")
        }
        if last < first || eventCount != last - first + 1 {
            problem(Place(fileOffset: body + 16), "seal eventCount \(eventCount) does not equal lastPosition - firstPosition + 1 (\(last) - \(first) + 1)")
        }
        // With damage in the data region the counts read cannot match; that damage is reported already.
        if !data.damaged {
            if let seen = data.lastPosition, seen != last {
                problem(Place(fileOffset: body + 8), "seal lastPosition \(last), but the last batch ends at \(seen)")
            } else if data.lastPosition == nil {
                problem(Place(fileOffset: at), "sealed segment holds no batches")
            }
            if batchCount != data.batchCount {
                problem(Place(fileOffset: body + 24), "seal batchCount \(batchCount), but the segment holds \(data.batchCount) batches")
            }
            if eventCount != data.eventCount {
                problem(Place(fileOffset: body + 16), "seal eventCount \(eventCount), but the segment holds \(data.eventCount) events")
            }
        }
        if let index {
            if indexOffset != UInt64(index.offset) {
                problem(Place(fileOffset: body + 32), "seal indexOffset \(indexOffset), but the index frame is at \(index.offset)")
            }
            let indexEnd = index.offset + index.header.frameBytes
            if indexEnd != at { problem(Place(fileOffset: indexEnd), "\(at - indexEnd) bytes between the index frame and the seal frame") }
        } else {
            problem(Place(fileOffset: body + 32), "sealed segment has no index frame (seal indexOffset \(indexOffset))")
        }
        guard indexOffset >= UInt64(SegmentHeader.byteCount), indexOffset <= UInt64(at) else {
            return problem(Place(fileOffset: body + 32), "seal indexOffset \(indexOffset) lies outside the data region 64..<\(at)")
        }
        let actual = bytes.withUnsafeBytes { Checksum.crc32(UnsafeRawBufferPointer(rebasing: $0[SegmentHeader.byteCount..<Int(indexOffset)])) }
        if actual != dataCRC && !data.damaged {
            problem(Place(fileOffset: body + 40), "seal dataCRC \(hex(dataCRC)) does not match the data region 64..<\(indexOffset) (\(hex(actual)))")
        }
    }

    private mutating func checkIndex(_ index: FooterFrame) {
        let header = index.header
        guard header.bodyBytes == Int(header.count) * 16 else {
            return problem(Place(fileOffset: index.offset), "index frame body is \(header.bodyBytes) bytes for \(header.count) entries of 16")
        }
        let entries = bytes.withUnsafeBytes { raw in
            IndexFrame.decodeBody(UnsafeRawBufferPointer(rebasing: raw[index.offset..<(index.offset + header.frameBytes)]), count: header.count)
        } ?? []
        let unit = nameKind == .plain ? "batch frame" : "chunk"
        var startPositions: [Int: UInt64] = [:]
        for start in data.starts { startPositions[start.offset] = start.firstPosition }
        var previous: IndexEntry?
        for (i, entry) in entries.enumerated() {
            let place = Place(fileOffset: index.offset + FrameHeader.byteCount + i * 16)
            if let previous, entry.position <= previous.position || entry.fileOffset <= previous.fileOffset {
                problem(place, "index entry \(i) (position \(entry.position) at offset \(entry.fileOffset)) does not ascend")
            }
            if let first = startPositions[Int(clamping: entry.fileOffset)] {
                if first != entry.position {
                    problem(place, "index entry \(i) says position \(entry.position) at offset \(entry.fileOffset), but the \(unit) there starts at \(first)")
                }
            } else if !data.damaged {
                problem(place, "index entry \(i) points at offset \(entry.fileOffset), which is not the start of a \(unit)")
            }
            previous = entry
        }
        guard !data.damaged, let firstStart = data.starts.first else { return }
        if entries.first?.fileOffset != UInt64(firstStart.offset) {
            problem(Place(fileOffset: index.offset), "index does not start at the first \(unit) (offset \(firstStart.offset))")
        }
        // Coverage (docs/FORMAT.md): compressed, every chunk; plain, an entry at least every 64 KiB.
        let indexed = Set(entries.map { Int(clamping: $0.fileOffset) })
        var lastIndexed = firstStart.offset
        for start in data.starts {
            if indexed.contains(start.offset) {
                lastIndexed = start.offset
            } else if nameKind == .compressed || UInt64(start.offset - lastIndexed) >= Segment.indexIntervalBytes {
                return problem(Place(fileOffset: index.offset), "the \(unit) at offset \(start.offset) is not covered by the index")
            }
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
