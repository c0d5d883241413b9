import CZlib

/// zlib's one-shot `compress2`/`uncompress` (RFC 1950 streams) for segment chunks.
enum Deflate {
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) -> [UInt8] {
        var bound = compressBound(UInt(input.count))
        var output = [UInt8](repeating: 0, count: Int(bound))
        let status = output.withUnsafeMutableBytes { out in
            compress2(out.baseAddress!.assumingMemoryBound(to: Bytef.self), &bound,
                      input.baseAddress!.assumingMemoryBound(to: Bytef.self), UInt(input.count), level)
        }
        // compress2 fails only on bad arguments or out of memory: both programmer errors here.
        precondition(status == Z_OK, "compress2 failed with status \(status)")
        output.removeLast(output.count - Int(bound))
        return output
    }

    /// Inflates into a buffer of exactly `uncompressedBytes`; nil if the stream is damaged.
    static func decompress(_ input: UnsafeRawBufferPointer, uncompressedBytes: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: uncompressedBytes)
        var outLength = UInt(uncompressedBytes)
        let status = output.withUnsafeMutableBytes { out in
            uncompress(out.baseAddress!.assumingMemoryBound(to: Bytef.self), &outLength,
                       input.baseAddress!.assumingMemoryBound(to: Bytef.self), UInt(input.count))
        }
        guard status == Z_OK, outLength == UInt(uncompressedBytes) else { return nil }
        return output
    }
}
