// index.snap — the idempotency and stream tables dumped for fast open (docs/FORMAT.md).
//
// | offset | size            | field                                    |
// |      0 |               8 | magic "CLIDXSNP"                         |
// |      8 |               2 | formatVersion (1)                        |
// |     10 |               6 | reserved, zero                           |
// |     16 |               8 | coveredPosition                          |
// |     24 |               8 | keySlots                                 |
// |     32 |               8 | keyCount                                 |
// |     40 |               8 | streamSlots                              |
// |     48 |               8 | streamCount                              |
// |     56 |               4 | reserved, zero                           |
// |     60 |               4 | CRC-32 of bytes 0..<60                   |
// |     64 |   16 × keySlots | key slots                                |
// |      … | 32 × streamSlots| stream slots                             |
// |  end-4 |               4 | CRC-32 of both tables                    |

enum IndexSnapshot {
    static let fileName = "index.snap"
    static let magic: [UInt8] = Array("CLIDXSNP".utf8)
    static let headerBytes = 64

    struct Loaded {
        var coveredPosition: UInt64
        var keys: KeyIndex
        var streams: StreamIndex
    }

    /// Writes the snapshot durably: tmp file, fsync, rename, fsync directory (redis aof.c).
    /// `keySlots` and `streamSlots` are copies taken under the writer's lock.
    static func write(
        directory: String, fileSystem: any FileSystem, coveredPosition: UInt64,
        keySlots: [UInt64], keyCount: Int, streamSlots: [UInt64], streamCount: Int
    ) throws(StoreError) {
        var header: [UInt8] = magic
        header.appendLE(UInt16(1))
        header.appendZeros(6)
        header.appendLE(coveredPosition)
        header.appendLE(UInt64(keySlots.count / 2))
        header.appendLE(UInt64(keyCount))
        header.appendLE(UInt64(streamSlots.count / 4))
        header.appendLE(UInt64(streamCount))
        header.appendZeros(4)
        header.appendLE(Checksum.crc32(header))

        let path = directory + "/" + fileName
        let tmp = path + ".tmp"
        let file = try fileSystem.open(tmp, .createOrTruncate)
        defer { file.close() }
        var offset = UInt64(headerBytes)
        try file.write(header, at: 0)
        var crc: UInt32 = 0
        for table in [keySlots, streamSlots] {
            var failure: StoreError?
            table.withUnsafeBytes { raw in
                crc = Checksum.crc32(raw, seed: crc)
                do throws(StoreError) { try file.write(raw, at: offset) } catch { failure = error }
                offset += UInt64(raw.count)
            }
            if let failure { throw failure }
        }
        var trailer: [UInt8] = []
        trailer.appendLE(crc)
        try file.write(trailer, at: offset)
        try file.sync()
        try fileSystem.rename(tmp, to: path)
        try fileSystem.syncDirectory(directory)
    }

    enum LoadResult {
        case loaded(Loaded)
        case missing
        case unusable(reason: String)
    }

    static func load(directory: String, fileSystem: any FileSystem) -> LoadResult {
        let path = directory + "/" + fileName
        guard fileSystem.exists(path) else { return .missing }
        do {
            let file = try fileSystem.open(path, .readOnly)
            defer { file.close() }
            let header = try file.read(count: headerBytes, at: 0)
            guard header.count == headerBytes, Array(header[0..<8]) == magic,
                  header.readLE(UInt16.self, at: 8) == 1,
                  header.readLE(UInt32.self, at: 60) == header.withUnsafeBytes({ Checksum.crc32(UnsafeRawBufferPointer(rebasing: $0[0..<60])) })
            else { return .unusable(reason: "bad snapshot header") }
            let covered = header.readLE(UInt64.self, at: 16)
            let keySlots = Int(header.readLE(UInt64.self, at: 24))
            let keyCount = Int(header.readLE(UInt64.self, at: 32))
            let streamSlots = Int(header.readLE(UInt64.self, at: 40))
            let streamCount = Int(header.readLE(UInt64.self, at: 48))
            guard keySlots > 0, keySlots & (keySlots - 1) == 0, streamSlots > 0, streamSlots & (streamSlots - 1) == 0,
                  keyCount < keySlots, streamCount < streamSlots,
                  try file.size() == UInt64(headerBytes + keySlots * 16 + streamSlots * 32 + 4)
            else { return .unusable(reason: "bad snapshot table sizes") }

            let keyStorage = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: keySlots * 2)
            let streamStorage = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: streamSlots * 4)
            var crc: UInt32 = 0
            var offset = UInt64(headerBytes)
            for table in [keyStorage, streamStorage] {
                let raw = UnsafeMutableRawBufferPointer(table)
                var filled = 0
                while filled < raw.count {
                    let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]), at: offset + UInt64(filled))
                    if n == 0 { break }
                    filled += n
                }
                guard filled == raw.count else {
                    keyStorage.deallocate(); streamStorage.deallocate()
                    return .unusable(reason: "snapshot shorter than its tables")
                }
                crc = Checksum.crc32(UnsafeRawBufferPointer(raw), seed: crc)
                offset += UInt64(raw.count)
            }
            let trailer = try file.read(count: 4, at: offset)
            guard trailer.count == 4, trailer.readLE(UInt32.self, at: 0) == crc else {
                keyStorage.deallocate(); streamStorage.deallocate()
                return .unusable(reason: "snapshot table checksum mismatch")
            }
            return .loaded(Loaded(
                coveredPosition: covered,
                keys: KeyIndex(adopting: keyStorage, count: keyCount),
                streams: StreamIndex(adopting: streamStorage, count: streamCount)))
        } catch {
            return .unusable(reason: error.description)
        }
    }
}
