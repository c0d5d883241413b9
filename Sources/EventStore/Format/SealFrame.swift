// Index and seal frames — the footer of a sealed segment (docs/FORMAT.md).
//
// Index frame body: `count` × { position u64, fileOffset u64 }.
//
// Seal frame body (48 bytes; with its frame header, the last 64 bytes of the file):
// | offset | size | field                                               |
// |      0 |    8 | firstPosition                                       |
// |      8 |    8 | lastPosition                                        |
// |     16 |    8 | eventCount (= last - first + 1)                     |
// |     24 |    8 | batchCount                                          |
// |     32 |    8 | indexOffset (file offset of the index frame)        |
// |     40 |    4 | dataCRC: CRC-32 of bytes 64..<indexOffset           |
// |     44 |    4 | reserved, zero                                      |

/// Where reads may start inside a segment: the first position of a frame or chunk and its offset.
struct IndexEntry: Equatable {
    var position: UInt64
    var fileOffset: UInt64
}

enum IndexFrame {
    static func encode(_ entries: [IndexEntry]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(entries.count * 16)
        for entry in entries {
            body.appendLE(entry.position)
            body.appendLE(entry.fileOffset)
        }
        return FrameHeader.frame(kind: .index, count: UInt32(entries.count), body: body)
    }

    static func decodeBody(_ frame: UnsafeRawBufferPointer, count: UInt32) -> [IndexEntry]? {
        guard frame.count == FrameHeader.byteCount + Int(count) * 16 else { return nil }
        return (0..<Int(count)).map { i in
            let at = FrameHeader.byteCount + i * 16
            return IndexEntry(position: frame.readLE(UInt64.self, at: at), fileOffset: frame.readLE(UInt64.self, at: at + 8))
        }
    }
}

struct SealFrame: Equatable {
    static let bodyBytes = 48
    static let frameBytes = FrameHeader.byteCount + bodyBytes

    var firstPosition: UInt64
    var lastPosition: UInt64
    var eventCount: UInt64
    var batchCount: UInt64
    var indexOffset: UInt64
    var dataCRC: UInt32

    func encode() -> [UInt8] {
        var body: [UInt8] = []
        body.appendLE(firstPosition)
        body.appendLE(lastPosition)
        body.appendLE(eventCount)
        body.appendLE(batchCount)
        body.appendLE(indexOffset)
        body.appendLE(dataCRC)
        body.appendZeros(4)
        return FrameHeader.frame(kind: .seal, count: 0, body: body)
    }

    /// Decodes the last `frameBytes` bytes of a file; nil when they are not a valid seal frame.
    static func decode(_ bytes: [UInt8]) -> SealFrame? {
        guard bytes.count == frameBytes else { return nil }
        return bytes.withUnsafeBytes { raw -> SealFrame? in
            guard case .frame(let header, let frame) = FrameDecoding.decode(raw), header.kind == .seal,
                  header.bodyBytes == bodyBytes, frame.readLE(UInt32.self, at: 60) == 0 else { return nil }
            let seal = SealFrame(
                firstPosition: frame.readLE(UInt64.self, at: 16), lastPosition: frame.readLE(UInt64.self, at: 24),
                eventCount: frame.readLE(UInt64.self, at: 32), batchCount: frame.readLE(UInt64.self, at: 40),
                indexOffset: frame.readLE(UInt64.self, at: 48), dataCRC: frame.readLE(UInt32.self, at: 56))
            guard seal.lastPosition >= seal.firstPosition,
                  seal.eventCount == seal.lastPosition - seal.firstPosition + 1 else { return nil }
            return seal
        }
    }
}
