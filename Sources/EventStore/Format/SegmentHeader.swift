// Segment header — the first 64 bytes of every segment file (docs/FORMAT.md).
//
// | offset | size | field                                  |
// |      0 |    8 | magic "CLSEGMNT"                       |
// |      8 |    2 | formatVersion (1)                      |
// |     10 |    2 | kind: 1 plain, 2 compressed            |
// |     12 |    4 | headerBytes (64)                       |
// |     16 |    8 | firstPosition                          |
// |     24 |   36 | reserved, zero                         |
// |     60 |    4 | CRC-32 of bytes 0..<60                 |

struct SegmentHeader: Equatable {
    static let byteCount = 64
    static let magic: [UInt8] = Array("CLSEGMNT".utf8)
    static let formatVersion: UInt16 = 1

    enum Kind: UInt16 {
        case plain = 1
        case compressed = 2
    }

    var kind: Kind
    var firstPosition: UInt64

    func encode() -> [UInt8] {
        var bytes = SegmentHeader.magic
        bytes.appendLE(SegmentHeader.formatVersion)
        bytes.appendLE(kind.rawValue)
        bytes.appendLE(UInt32(SegmentHeader.byteCount))
        bytes.appendLE(firstPosition)
        bytes.appendZeros(36)
        bytes.appendLE(Checksum.crc32(bytes))
        assert(bytes.count == SegmentHeader.byteCount)
        return bytes
    }

    enum Decoded: Equatable {
        case header(SegmentHeader)
        /// Every byte is zero or the file is shorter than a header: a segment whose creation
        /// did not reach its first fsync.
        case empty
        case corrupt(reason: String)
    }

    static func decode(_ bytes: [UInt8]) -> Decoded {
        if bytes.count < byteCount {
            return bytes.allSatisfy({ $0 == 0 }) ? .empty : .corrupt(reason: "file shorter than the segment header")
        }
        if bytes[0..<byteCount].allSatisfy({ $0 == 0 }) { return .empty }
        return bytes.withUnsafeBytes { raw in
            guard raw[0..<8].elementsEqual(magic) else { return .corrupt(reason: "bad segment magic") }
            let crc = raw.readLE(UInt32.self, at: 60)
            guard crc == Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[0..<60])) else {
                return .corrupt(reason: "segment header checksum mismatch")
            }
            let version = raw.readLE(UInt16.self, at: 8)
            guard version == formatVersion else { return .corrupt(reason: "unsupported format version \(version)") }
            guard let kind = Kind(rawValue: raw.readLE(UInt16.self, at: 10)) else {
                return .corrupt(reason: "unknown segment kind")
            }
            guard raw.readLE(UInt32.self, at: 12) == UInt32(byteCount),
                  raw[24..<60].allSatisfy({ $0 == 0 }) else {
                return .corrupt(reason: "bad header size or non-zero reserved bytes")
            }
            return .header(SegmentHeader(kind: kind, firstPosition: raw.readLE(UInt64.self, at: 16)))
        }
    }
}
