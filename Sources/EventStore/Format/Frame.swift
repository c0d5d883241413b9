// Frame header — 16 bytes before every batch, index and seal body (docs/FORMAT.md).
//
// | offset | size | field                                                           |
// |      0 |    4 | bodyBytes (0 = no frame: end of data)                           |
// |      4 |    4 | CRC-32 of bytes 0..<4 then 8..<(16 + bodyBytes)                 |
// |      8 |    1 | frameKind: 1 batch, 2 index, 3 seal                             |
// |      9 |    3 | reserved, zero                                                  |
// |     12 |    4 | count (events in a batch, entries in an index, 0 for a seal)    |

enum FrameKind: UInt8 {
    case batch = 1
    case index = 2
    case seal = 3
}

struct FrameHeader {
    static let byteCount = 16
    /// No legitimate frame is larger; a larger length field is treated as damage, not data.
    static let bodyBytesMax = 256 * 1024 * 1024

    var bodyBytes: Int
    var kind: FrameKind
    var count: UInt32

    var frameBytes: Int { FrameHeader.byteCount + bodyBytes }

    /// Builds a complete frame around `body`, computing its CRC.
    static func frame(kind: FrameKind, count: UInt32, body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount + body.count)
        bytes.appendLE(UInt32(body.count))
        bytes.appendLE(UInt32(0))
        bytes.append(kind.rawValue)
        bytes.appendZeros(3)
        bytes.appendLE(count)
        bytes.append(contentsOf: body)
        let crc = bytes.withUnsafeBytes { Checksum.frameCRC($0) }
        bytes.setLE(crc, at: 4)
        return bytes
    }
}

/// What decoding the bytes at some offset found. Decoding never traps on bad input.
enum FrameDecoding {
    /// A whole frame whose CRC matches. `bytes` spans header and body.
    case frame(FrameHeader, bytes: UnsafeRawBufferPointer)
    /// A zero length field: no frame was ever written here.
    case endOfData
    /// The frame claims more bytes than are available (may be torn, or may need a bigger read).
    case incomplete(needed: Int)
    /// The bytes are not a valid frame (CRC mismatch, unknown kind, non-zero reserved bytes).
    case invalid(reason: String)
}

extension FrameDecoding {
    /// Decodes the frame starting at the beginning of `bytes`.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> FrameDecoding {
        if bytes.count < 4 { return bytes.allSatisfy({ $0 == 0 }) ? .endOfData : .incomplete(needed: FrameHeader.byteCount) }
        let bodyBytes = Int(bytes.readLE(UInt32.self, at: 0))
        if bodyBytes == 0 { return .endOfData }
        if bodyBytes > FrameHeader.bodyBytesMax { return .invalid(reason: "frame length \(bodyBytes) exceeds the maximum") }
        let frameBytes = FrameHeader.byteCount + bodyBytes
        if bytes.count < frameBytes { return .incomplete(needed: frameBytes) }
        let frame = UnsafeRawBufferPointer(rebasing: bytes[0..<frameBytes])
        guard frame.readLE(UInt32.self, at: 4) == Checksum.frameCRC(frame) else {
            return .invalid(reason: "frame checksum mismatch")
        }
        guard let kind = FrameKind(rawValue: frame[8]) else { return .invalid(reason: "unknown frame kind \(frame[8])") }
        guard frame[9] == 0, frame[10] == 0, frame[11] == 0 else { return .invalid(reason: "non-zero reserved bytes in frame header") }
        let header = FrameHeader(bodyBytes: bodyBytes, kind: kind, count: frame.readLE(UInt32.self, at: 12))
        return .frame(header, bytes: frame)
    }
}
