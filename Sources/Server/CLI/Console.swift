import Glibc

/// stdout and stderr through write(2). The C globals `stdout`/`stderr` are mutable shared
/// state that Swift 6 rejects; a file descriptor is just a number.
enum Console {
    /// One line on stderr, prefixed with the program name (a user error's one-line reason).
    static func error(_ line: String) {
        write(fd: 2, "contactledger: " + line + "\n")
    }

    /// A line on stderr without prefix (progress, notes).
    static func info(_ line: String) {
        write(fd: 2, line + "\n")
    }

    /// A line on stdout.
    static func out(_ line: String) {
        write(fd: 1, line.hasSuffix("\n") ? line : line + "\n")
    }

    static func write(fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = writeAll(fd: fd, UnsafeRawBufferPointer(bytes)) }
    }

    /// Writes every byte or returns the errno that stopped it.
    @discardableResult
    static func writeAll(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

/// A buffered sink for data: stdout or a file written the durable way (tmp, fsync, rename,
/// fsync the directory — redis aof.c), so a crash never leaves a half export under the name.
///
/// Not thread-safe; one writer.
final class DataOutput {
    private let fd: Int32
    private let path: String?
    private let temporaryPath: String?
    private var buffer: [UInt8] = []
    private static let flushBytes = 1 << 20

    /// stdout.
    init() {
        fd = 1
        path = nil
        temporaryPath = nil
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    /// A new file at `path`, visible only after `finish()`.
    init(path: String) throws(CLIError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .user("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.path = path
        self.temporaryPath = temporary
        buffer.reserveCapacity(Self.flushBytes + 4096)
    }

    func append(_ bytes: [UInt8]) throws(CLIError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushBytes { try flush() }
    }

    func flush() throws(CLIError) {
        guard !buffer.isEmpty else { return }
        let failure = buffer.withUnsafeBytes { Console.writeAll(fd: fd, $0) }
        buffer.removeAll(keepingCapacity: true)
        if let failure { throw .fault("writing \(temporaryPath ?? "stdout") failed: \(String(cString: strerror(failure)))") }
    }

    /// Flushes; for a file, syncs it and moves it into place.
    func finish() throws(CLIError) {
        try flush()
        guard let path, let temporaryPath else { return }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .fault("fsync of \(temporaryPath) failed: \(String(cString: strerror(errno)))") }
        guard rename(temporaryPath, path) == 0 else { throw .fault("rename to \(path) failed: \(String(cString: strerror(errno)))") }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// Removes an unfinished file.
    func abandon() {
        guard let temporaryPath else { return }
        close(fd)
        unlink(temporaryPath)
    }
}
