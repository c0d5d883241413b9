// Chunk header — 24 bytes before each zlib stream of a compressed segment (docs/FORMAT.md).
//
// | offset | size | field                                                        |
// |      0 |    4 | compressedBytes                                              |
// |      4 |    4 | CRC-32 of bytes 0..<4 then 8..<(24 + compressedBytes)        |
// |      8 |    4 | uncompressedBytes (≤ 4 MiB)                                  |
// |     12 |    4 | reserved, zero                                               |
// |     16 |    8 | firstPosition of the chunk's first batch                     |

struct ChunkHeader {
    static let byteCount = 24
    static let uncompressedBytesMax = 4 * 1024 * 1024

    var compressedBytes: Int
    var uncompressedBytes: Int
    var firstPosition: UInt64

    /// A whole chunk: header (with CRC) followed by the compressed bytes.
    static func chunk(compressed: [UInt8], uncompressedBytes: Int, firstPosition: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount + compressed.count)
        bytes.appendLE(UInt32(compressed.count))
        bytes.appendLE(UInt32(0))
        bytes.appendLE(UInt32(uncompressedBytes))
        bytes.appendZeros(4)
        bytes.appendLE(firstPosition)
        bytes.append(contentsOf: compressed)
        bytes.setLE(bytes.withUnsafeBytes { Checksum.frameCRC($0) }, at: 4)
        return bytes
    }

    /// Decodes the 24 header bytes (the CRC is checked once the body is read).
    static func decode(_ bytes: [UInt8]) -> ChunkHeader? {
        guard bytes.count >= byteCount else { return nil }
        let compressed = Int(bytes.readLE(UInt32.self, at: 0))
        let uncompressed = Int(bytes.readLE(UInt32.self, at: 8))
        guard compressed > 0, uncompressed > 0, uncompressed <= uncompressedBytesMax,
              compressed <= uncompressedBytesMax * 2, bytes.readLE(UInt32.self, at: 12) == 0 else { return nil }
        return ChunkHeader(compressedBytes: compressed, uncompressedBytes: uncompressed, firstPosition: bytes.readLE(UInt64.self, at: 16))
    }
}
