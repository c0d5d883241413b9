/// The files of a log directory as the inspector sees them: segment files in log order, and
/// notes about everything else (temporary files, an interrupted compression, a segment whose
/// creation a crash cut short). Reads only headers and the last 64 bytes of files; changes
/// nothing.
struct LogListing {
    struct SegmentFile {
        var path: String
        var firstPosition: UInt64
        var kind: SegmentHeader.Kind
        var fileBytes: UInt64
    }

    var segments: [SegmentFile] = []
    var notes: [String] = []

    init(directory: String, fileSystem: any FileSystem) throws(StoreError) {
        var byPosition: [UInt64: [SegmentHeader.Kind: String]] = [:]
        for name in try fileSystem.listDirectory(directory) {
            if name == "LOCK" || name == IndexSnapshot.fileName { continue }
            if name.hasSuffix(".tmp") {
                notes.append("\(directory)/\(name): leftover temporary file; the next writable open deletes it")
            } else if let parsed = Segment.parseFileName(name) {
                byPosition[parsed.firstPosition, default: [:]][parsed.kind] = name
            } else {
                notes.append("\(directory)/\(name): not a log file; ignored")
            }
        }
        for first in byPosition.keys.sorted() {
            let names = byPosition[first]!
            // Both copies: the crash fell inside compression, and the plain file is the complete
            // one (docs/FORMAT.md, "Compressed sealed segment").
            let kind: SegmentHeader.Kind = names[.plain] != nil ? .plain : .compressed
            if kind == .plain, let compressed = names[.compressed] {
                notes.append("\(directory)/\(compressed): interrupted compression of \(names[.plain]!); the next writable open removes it")
            }
            let path = directory + "/" + names[kind]!
            let bytes: UInt64
            do throws(StoreError) {
                let handle = try fileSystem.open(path, .readOnly)
                defer { handle.close() }
                bytes = try handle.size()
            } catch {
                bytes = 0
            }
            segments.append(SegmentFile(path: path, firstPosition: first, kind: kind, fileBytes: bytes))
        }
        dropEmptyAfterUnsealed(fileSystem: fileSystem)
    }

    /// Row 4 of the recovery table, second half: a header-only last segment after an unsealed
    /// one means the crash fell between creating the new segment and sealing the old one. The
    /// next writable open deletes it, and the unsealed one is the active segment again.
    private mutating func dropEmptyAfterUnsealed(fileSystem: any FileSystem) {
        guard segments.count >= 2, let last = segments.last, last.kind == .plain,
              segments[segments.count - 2].kind == .plain,
              let head = try? Self.read(last.path, count: SegmentHeader.byteCount + 4, at: 0, fileSystem: fileSystem),
              case .header = SegmentHeader.decode(head),
              head.count <= SegmentHeader.byteCount || head[SegmentHeader.byteCount...].allSatisfy({ $0 == 0 })
        else { return }
        let previous = segments[segments.count - 2]
        if previous.fileBytes >= UInt64(SealFrame.frameBytes),
           let tail = try? Self.read(previous.path, count: SealFrame.frameBytes, at: previous.fileBytes - UInt64(SealFrame.frameBytes), fileSystem: fileSystem),
           SealFrame.decode(tail) != nil {
            return
        }
        notes.append("\(last.path): empty segment after the unsealed \(previous.path) (a crash during rotation); the next writable open removes it")
        segments.removeLast()
    }

    private static func read(_ path: String, count: Int, at offset: UInt64, fileSystem: any FileSystem) throws(StoreError) -> [UInt8] {
        let handle = try fileSystem.open(path, .readOnly)
        defer { handle.close() }
        return try handle.read(count: count, at: offset)
    }
}
