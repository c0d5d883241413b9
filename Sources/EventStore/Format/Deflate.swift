import CZlib

/// Raw deflate streams (RFC 1951, no zlib header or adler32) for segment chunks. The adler32
/// of a zlib stream would check the inflated bytes a second time: every batch inside already
/// carries its own CRC-32, verified on every read, and skipping adler32 makes compressed
/// read-back about 15 % faster.
enum Deflate {
    /// zlib's windowBits: negative means raw deflate; 15 = a 32 KiB window.
    private static let rawWindowBits: Int32 = -15

    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) -> [UInt8] {
        var stream = z_stream()
        // deflateInit2 is a macro; call the function it expands to (DEVELOPERS.md pitfall).
        var status = deflateInit2_(&stream, level, Z_DEFLATED, rawWindowBits, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed with status \(status)")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count)))
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = UInt32(input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = UInt32(bound)
            status = deflate(&stream, Z_FINISH)
            initialized = bound - Int(stream.avail_out)
        }
        // With deflateBound's room, one Z_FINISH always completes; anything else is a bug.
        precondition(status == Z_STREAM_END, "deflate did not finish: status \(status)")
        return output
    }

    /// Inflates into exactly `uncompressedBytes`; nil if the stream is damaged or its size differs.
    static func decompress(_ input: UnsafeRawBufferPointer, uncompressedBytes: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, rawWindowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var status: Int32 = Z_OK
        var produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: uncompressedBytes) { buffer, initialized in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = UInt32(input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = UInt32(uncompressedBytes)
            status = inflate(&stream, Z_FINISH)
            produced = uncompressedBytes - Int(stream.avail_out)
            // Report the whole buffer as initialized only when it was filled; else nothing.
            initialized = status == Z_STREAM_END && produced == uncompressedBytes ? uncompressedBytes : 0
        }
        guard status == Z_STREAM_END, produced == uncompressedBytes, stream.avail_in == 0 else { return nil }
        return output
    }
}
