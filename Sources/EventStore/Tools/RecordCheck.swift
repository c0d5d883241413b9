/// Event record well-formedness (docs/FORMAT.md, "Event record"), with a reason for every way
/// a record can be wrong. `EventView` answers only "decodable or not" on the read path; verify
/// needs to say which field and where.
enum RecordCheck {
    enum Decoded {
        case record(EventView)
        /// The record cannot be decoded; `offset` is relative to the record's first byte.
        /// The records after it cannot be found either.
        case malformed(offset: Int, reason: String)
    }

    static func decode(position: UInt64, bytes: UnsafeRawBufferPointer) -> Decoded {
        guard bytes.count >= EventRecord.fixedBytes else {
            return .malformed(offset: 0, reason: "record runs past the end of the batch (\(bytes.count) bytes left, the fixed part is \(EventRecord.fixedBytes))")
        }
        let recordBytes = Int(bytes.readLE(UInt32.self, at: 0))
        guard recordBytes >= EventRecord.fixedBytes else {
            return .malformed(offset: 0, reason: "record length \(recordBytes) is shorter than the \(EventRecord.fixedBytes)-byte fixed part")
        }
        guard recordBytes <= bytes.count else {
            return .malformed(offset: 0, reason: "record length \(recordBytes) runs past the end of the batch (\(bytes.count) bytes left)")
        }
        guard bytes.readLE(UInt16.self, at: 54) == 0 else {
            return .malformed(offset: 54, reason: "non-zero reserved bytes in the record")
        }
        var fields = EventRecord.fixedBytes
        for at in stride(from: 56, to: 68, by: 2) { fields += Int(bytes.readLE(UInt16.self, at: at)) }
        fields += Int(bytes.readLE(UInt32.self, at: 68))
        guard fields == recordBytes else {
            return .malformed(offset: 0, reason: "record length \(recordBytes) does not equal 72 + its field lengths (\(fields))")
        }
        guard let view = EventView(position: position, bytes: bytes) else {
            preconditionFailure("EventView rejected a record that RecordCheck accepts")
        }
        return .record(view)
    }

    /// Field limits and encodings of a decodable record; offsets are relative to the record.
    static func fieldProblems(_ view: EventView) -> [(offset: Int, reason: String)] {
        let record = view.bytes
        var problems: [(Int, String)] = []
        var cursor = EventRecord.fixedBytes
        // (name, offset of its length field, width of the length field, min, max, is text)
        let fields: [(String, Int, Int, Int, Int, Bool)] = [
            ("type", 56, 2, 1, EventRecord.typeBytesMax, true),
            ("stream", 58, 2, 1, EventRecord.streamBytesMax, true),
            ("storeId", 60, 2, 0, EventRecord.storeIdBytesMax, true),
            ("idempotencyKey", 62, 2, 1, EventRecord.keyBytesMax, true),
            ("actor type", 64, 2, 1, EventRecord.actorTypeBytesMax, true),
            ("actor id", 66, 2, 0, EventRecord.actorIdBytesMax, true),
            ("payload", 68, 4, 0, EventRecord.payloadBytesMax, false),
        ]
        for (name, lengthOffset, width, min, max, isText) in fields {
            let length = width == 2 ? Int(record.readLE(UInt16.self, at: lengthOffset)) : Int(record.readLE(UInt32.self, at: lengthOffset))
            defer { cursor += length }
            if length < min || length > max {
                problems.append((lengthOffset, "\(name) is \(length) bytes, allowed \(min)…\(max)"))
            } else if isText && !isValidUTF8(UnsafeRawBufferPointer(rebasing: record[cursor..<(cursor + length)])) {
                problems.append((cursor, "\(name) is not valid UTF-8"))
            }
        }
        return problems
    }

    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        UTF8Validation.isValid(bytes)
    }
}

/// Finds where valid data resumes after damage. Frames and chunks are unaligned, so every
/// byte offset is a candidate; structural checks that cost a few loads (kind byte, reserved
/// bytes, lengths that fit) reject nearly all of them before a CRC is computed.
enum FrameResync {
    /// The offset of the next valid frame of any kind after `offset`.
    static func nextFrame(in bytes: [UInt8], after offset: Int) -> Int? {
        bytes.withUnsafeBytes { raw in
            var candidate = offset + 1
            while candidate + FrameHeader.byteCount <= raw.count {
                defer { candidate += 1 }
                guard plausibleFrame(raw, at: candidate) else { continue }
                if case .frame = FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: raw[candidate...])) { return candidate }
            }
            return nil
        }
    }

    /// The offset of the next valid chunk, or of a valid index or seal frame, after `offset`.
    static func nextChunkOrFooter(in bytes: [UInt8], after offset: Int) -> Int? {
        bytes.withUnsafeBytes { raw in
            var candidate = offset + 1
            while candidate + FrameHeader.byteCount <= raw.count {
                defer { candidate += 1 }
                if plausibleFrame(raw, at: candidate), raw[candidate + 8] != FrameKind.batch.rawValue,
                   case .frame = FrameDecoding.decode(UnsafeRawBufferPointer(rebasing: raw[candidate...])) {
                    return candidate
                }
                if case .chunk = ChunkCheck.decode(raw, at: candidate) { return candidate }
            }
            return nil
        }
    }

    private static func plausibleFrame(_ raw: UnsafeRawBufferPointer, at candidate: Int) -> Bool {
        guard let kind = FrameKind(rawValue: raw[candidate + 8]), raw[candidate + 9] == 0, raw[candidate + 10] == 0,
              raw[candidate + 11] == 0 else { return false }
        let body = Int(raw.readLE(UInt32.self, at: candidate))
        let count = Int(raw.readLE(UInt32.self, at: candidate + 12))
        guard body > 0, body <= raw.count - candidate - FrameHeader.byteCount else { return false }
        switch kind {
        case .batch: return count > 0 && body >= 8 + count * EventRecord.fixedBytes
        case .index: return body == count * 16
        case .seal: return body == SealFrame.bodyBytes && count == 0
        }
    }
}

/// Chunk headers with a reason for each failure (docs/FORMAT.md, "Compressed sealed segment").
enum ChunkCheck {
    enum Decoded {
        case chunk(ChunkHeader)
        case bad(reason: String)
    }

    static func decode(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Decoded {
        let left = raw.count - offset
        guard left >= ChunkHeader.byteCount else { return .bad(reason: "chunk header runs past the end of the file (\(left) bytes left)") }
        let compressed = Int(raw.readLE(UInt32.self, at: offset))
        guard compressed > 0 else { return .bad(reason: "zero chunk length") }
        guard compressed <= left - ChunkHeader.byteCount else {
            return .bad(reason: "chunk of \(compressed) bytes runs past the end of the file (\(left - ChunkHeader.byteCount) bytes left)")
        }
        let chunk = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + ChunkHeader.byteCount + compressed)])
        guard chunk.readLE(UInt32.self, at: 4) == Checksum.frameCRC(chunk) else { return .bad(reason: "chunk checksum mismatch") }
        guard chunk.readLE(UInt32.self, at: 12) == 0 else { return .bad(reason: "non-zero reserved bytes in the chunk header") }
        let uncompressed = Int(chunk.readLE(UInt32.self, at: 8))
        guard uncompressed > 0, uncompressed <= ChunkHeader.uncompressedBytesMax else {
            return .bad(reason: "chunk claims \(uncompressed) uncompressed bytes, allowed 1…\(ChunkHeader.uncompressedBytesMax)")
        }
        return .chunk(ChunkHeader(compressedBytes: compressed, uncompressedBytes: uncompressed, firstPosition: chunk.readLE(UInt64.self, at: 16)))
    }
}
