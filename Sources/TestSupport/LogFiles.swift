import Foundation

/// Direct access to a log directory's files for fault tests: find segments and frames, copy a
/// directory, and damage bytes the way crashes and bad disks do (truncation, zeroed ranges,
/// flipped bits).
///
/// Frames are located by walking their length fields as docs/FORMAT.md describes, without the
/// store's decoder, so that a decoder bug cannot hide itself from the tests.
///
/// Thread-safe: stateless. Callers must not damage a directory a store has open for writing.
public enum LogFiles {
    /// Bytes of the segment header; frames start here.
    public static let segmentHeaderBytes = 64
    public static let frameHeaderBytes = 16
    /// The seal frame's size: the last bytes of a sealed segment.
    public static let sealFrameBytes = 64

    /// One frame found in a plain segment.
    public struct FrameLocation: Sendable, Equatable {
        public var offset: Int
        /// Header plus body.
        public var totalBytes: Int
        /// 1 batch, 2 index, 3 seal.
        public var kind: UInt8
        /// Events in a batch, entries in an index.
        public var count: UInt32
        /// A batch's first position; 0 for other kinds.
        public var firstPosition: UInt64

        public var end: Int { offset + totalBytes }
        public var isBatch: Bool { kind == 1 }
        /// A batch's positions.
        public var positions: ClosedRange<UInt64> { firstPosition...(firstPosition + UInt64(count) - 1) }
    }

    /// Segment files (`.seg` and `.segz`), in log order.
    public static func segmentPaths(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".seg") || $0.hasSuffix(".segz") }
            .sorted()
            .map { directory + "/" + $0 }
    }

    /// The file name a segment starting at `firstPosition` has.
    public static func segmentName(firstPosition: UInt64, compressed: Bool = false) -> String {
        let digits = String(firstPosition)
        return String(repeating: "0", count: 20 - digits.count) + digits + (compressed ? ".segz" : ".seg")
    }

    /// The frames of a plain segment, from offset 64 up to a zero length field, the end of the
    /// file, or a frame that runs past it.
    public static func frames(inSegment path: String) throws -> [FrameLocation] {
        let bytes = try readBytes(path)
        var frames: [FrameLocation] = []
        var offset = segmentHeaderBytes
        while offset + frameHeaderBytes <= bytes.count {
            let bodyBytes = Int(readLE(UInt32.self, bytes, offset))
            guard bodyBytes > 0, offset + frameHeaderBytes + bodyBytes <= bytes.count else { break }
            let kind = bytes[offset + 8]
            let first = kind == 1 && bodyBytes >= 8 ? readLE(UInt64.self, bytes, offset + frameHeaderBytes) : 0
            frames.append(FrameLocation(
                offset: offset, totalBytes: frameHeaderBytes + bodyBytes, kind: kind,
                count: readLE(UInt32.self, bytes, offset + 12), firstPosition: first))
            offset += frameHeaderBytes + bodyBytes
        }
        return frames
    }

    /// The batch frames of a plain segment.
    public static func batches(inSegment path: String) throws -> [FrameLocation] {
        try frames(inSegment: path).filter(\.isBatch)
    }

    // MARK: Copying

    /// Copies every file of `source` into `destination` (created if needed). A writer's LOCK
    /// file is copied too; it is only a lock while a process holds it.
    public static func copyDirectory(_ source: String, to destination: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: source) {
            try manager.copyItem(atPath: source + "/" + name, toPath: destination + "/" + name)
        }
    }

    // MARK: Damage

    public static func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return [UInt8](data)
    }

    public static func writeBytes(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Flips bit `bit` (0…7) of the byte at `offset`.
    public static func flipBit(in path: String, at offset: Int, bit: Int = 0) throws {
        precondition((0..<8).contains(bit), "a byte has eight bits")
        var bytes = try readBytes(path)
        precondition(offset < bytes.count, "offset \(offset) is past the end of \(path)")
        bytes[offset] ^= UInt8(1) << UInt8(bit)
        try writeBytes(bytes, to: path)
    }

    /// Cuts the file to `byteCount` bytes, as a crash before the rest reached the disk does.
    public static func truncate(_ path: String, to byteCount: Int) throws {
        var bytes = try readBytes(path)
        precondition(byteCount <= bytes.count, "truncate only shortens")
        bytes.removeLast(bytes.count - byteCount)
        try writeBytes(bytes, to: path)
    }

    /// Overwrites `range` with zeros, as power loss on a file system that zero-fills unwritten
    /// blocks (or a preallocated tail) leaves it. The file keeps its size.
    public static func zeroFill(_ path: String, _ range: Range<Int>) throws {
        var bytes = try readBytes(path)
        precondition(range.upperBound <= bytes.count, "zero-fill stays inside the file")
        bytes.replaceSubrange(range, with: repeatElement(0, count: range.count))
        try writeBytes(bytes, to: path)
    }

    /// A little-endian integer at `offset` of `bytes`.
    public static func readLE<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ offset: Int) -> T {
        var value: T = 0
        for i in (0..<MemoryLayout<T>.size).reversed() { value = value << 8 | T(bytes[offset + i]) }
        return value
    }
}
