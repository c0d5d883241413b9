import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The read model's folder, `<data>/readmodel/`:
///
/// | file | what |
/// |---|---|
/// | `CURRENT` | the name of the live generation file, one line (`readmodel-000002.sqlite\n`) |
/// | `readmodel-NNNNNN.sqlite` (+ `-wal`, `-shm`) | one generation of the read model (SQLite, WAL) |
/// | `LOCK` | flock'd by the one process that maintains the read model (runner, rebuild); holds its pid |
///
/// A rebuild writes a new generation beside the live one and then replaces `CURRENT` the
/// durable way (write a temp file, fsync, rename, fsync the folder; redis aof.c), so a crash
/// leaves either the old or the new generation live, never a half-built one; leftovers of
/// an interrupted rebuild are deleted by the next maintainer. Swapping a pointer rather
/// than renaming the database file keeps each generation's WAL beside its own file.
/// Thread-safe: immutable; the lock's file descriptor is owned by `ReadModelLock`.
struct ReadModelDirectory: Sendable {
    let path: String

    init(dataDirectory: String) {
        path = (dataDirectory as NSString).appendingPathComponent("readmodel")
    }

    var currentPath: String { file("CURRENT") }
    var lockPath: String { file("LOCK") }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    static func generationName(_ generation: Int) -> String {
        "readmodel-" + String(repeating: "0", count: max(0, 6 - String(generation).count)) + String(generation) + ".sqlite"
    }

    static func generation(ofName name: String) -> Int? {
        guard name.hasPrefix("readmodel-"), name.hasSuffix(".sqlite") else { return nil }
        return Int(name.dropFirst("readmodel-".count).dropLast(".sqlite".count))
    }

    /// The live generation, or nil when the folder has no `CURRENT` yet.
    func current() throws(ProjectionError) -> Int? {
        guard FileManager.default.fileExists(atPath: currentPath) else { return nil }
        guard let text = try? String(contentsOfFile: currentPath, encoding: .utf8) else {
            throw .storage(path: currentPath, reason: "cannot be read")
        }
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let generation = Self.generation(ofName: name) else {
            throw .storage(path: currentPath, reason: "does not name a generation file: '\(name.prefix(80))'")
        }
        guard FileManager.default.fileExists(atPath: file(name)) else {
            throw .storage(path: currentPath, reason: "names \(name), which does not exist")
        }
        return generation
    }

    func create() throws(ProjectionError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .storage(path: path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    /// Points `CURRENT` at `generation`, durably and atomically.
    func setCurrent(_ generation: Int) throws(ProjectionError) {
        let temp = file("CURRENT.tmp")
        let bytes = Array((Self.generationName(generation) + "\n").utf8)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .storage(path: temp, reason: "open failed: \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else {
            throw .storage(path: temp, reason: "write/fsync failed: \(String(cString: strerror(errno)))")
        }
        guard rename(temp, currentPath) == 0 else {
            throw .storage(path: currentPath, reason: "rename failed: \(String(cString: strerror(errno)))")
        }
        try syncFolder()
    }

    func syncFolder() throws(ProjectionError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .storage(path: path, reason: "open failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .storage(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))") }
    }

    /// Deletes every generation file (and its -wal/-shm) except `keep`: leftovers of an
    /// interrupted rebuild, or the generation a finished rebuild replaced.
    func removeGenerations(except keep: Int) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names {
            let base = name.replacingOccurrences(of: "-wal", with: "").replacingOccurrences(of: "-shm", with: "")
                .replacingOccurrences(of: "-journal", with: "")
            guard let generation = Self.generation(ofName: base), generation != keep else { continue }
            unlink(file(name))
        }
    }

    /// The highest generation number present (live or leftover).
    func highestGeneration() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.compactMap(Self.generation(ofName:)).max() ?? 0
    }
}

/// The maintainer's advisory lock on `LOCK` (flock, released when the process exits, even
/// on kill -9). Thread-safe: the descriptor is written once and closed in deinit.
final class ReadModelLock: @unchecked Sendable {
    private let fd: Int32

    init(path: String) throws(ProjectionError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .storage(path: path, reason: "open failed: \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = pread(fd, &buffer, 63, 0)
            close(fd)
            let holder = count > 0 ? String(decoding: buffer.prefix(count), as: UTF8.self) : "another process"
            throw .locked(path: path, holder: holder.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let text = Array("pid \(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    deinit { close(fd) }
}
