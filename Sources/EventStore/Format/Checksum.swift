import CZlib

/// CRC-32 as zlib computes it (polynomial 0xEDB88320). Every checksum in the format uses it.
enum Checksum {
    @inline(__always)
    static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return seed }
        return UInt32(CZlib.crc32(UInt(seed), base.assumingMemoryBound(to: UInt8.self), UInt32(bytes.count)))
    }

    /// The CRC of a frame or chunk: its 4-byte length field followed by everything from byte 8
    /// to the end. Bytes 4..<8 hold the CRC itself.
    @inline(__always)
    static func frameCRC(_ frame: UnsafeRawBufferPointer) -> UInt32 {
        let lengthCRC = crc32(UnsafeRawBufferPointer(rebasing: frame[0..<4]))
        return crc32(UnsafeRawBufferPointer(rebasing: frame[8...]), seed: lengthCRC)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0) }
    }
}
