import Glibc
import Synchronization

/// The real file system: POSIX calls, EINTR retried, errors mapped to `StoreError`.
/// Stateless, therefore thread-safe.
public struct PosixFileSystem: FileSystem {
    public init() {}

    public func open(_ path: String, _ mode: FileOpenMode) throws(StoreError) -> any FileHandle {
        let flags: Int32
        switch mode {
        case .readOnly: flags = O_RDONLY
        case .readWrite: flags = O_RDWR
        case .openOrCreate: flags = O_RDWR | O_CREAT
        case .createNew: flags = O_RDWR | O_CREAT | O_EXCL
        case .createOrTruncate: flags = O_RDWR | O_CREAT | O_TRUNC
        }
        let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
        if fd < 0 { throw StoreError.io(operation: "open", path: path, errno: errno) }
        return PosixFileHandle(fd: fd, path: path)
    }

    public func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func listDirectory(_ path: String) throws(StoreError) -> [String] {
        guard let dir = opendir(path) else { throw StoreError.io(operation: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func createDirectory(_ path: String) throws(StoreError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw StoreError.io(operation: "mkdir", path: prefix, errno: errno)
            }
            prefix += "/"
        }
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        if Glibc.rename(from, to) != 0 { throw StoreError.io(operation: "rename", path: from, errno: errno) }
    }

    public func remove(_ path: String) throws(StoreError) {
        if unlink(path) != 0 && errno != ENOENT { throw StoreError.io(operation: "unlink", path: path, errno: errno) }
    }

    public func syncDirectory(_ path: String) throws(StoreError) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw StoreError.io(operation: "open", path: path, errno: errno) }
        defer { Glibc.close(fd) }
        if fsync(fd) != 0 { throw StoreError.io(operation: "fsync", path: path, errno: errno) }
    }
}

/// One POSIX file descriptor. Thread-safe: only positional calls (pread/pwrite) touch it,
/// and `close` is idempotent (a second close must not close a reused descriptor number).
final class PosixFileHandle: FileHandle, @unchecked Sendable {
    let fd: Int32
    let path: String
    private let closed = Atomic<Bool>(false)
    /// Set once `tryLockExclusive` took the lock: `close` then releases it explicitly.
    private let locked = Atomic<Bool>(false)

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(StoreError) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw StoreError.io(operation: "pread", path: path, errno: errno) }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOSPC { throw StoreError.noSpace(path: path, bytesRequested: UInt64(bytes.count - done)) }
                throw StoreError.io(operation: "pwrite", path: path, errno: errno)
            }
            done += n
        }
    }

    func sync() throws(StoreError) {
        if fdatasync(fd) != 0 { throw StoreError.io(operation: "fdatasync", path: path, errno: errno) }
    }

    func size() throws(StoreError) -> UInt64 {
        var st = stat()
        if fstat(fd, &st) != 0 { throw StoreError.io(operation: "fstat", path: path, errno: errno) }
        return UInt64(st.st_size)
    }

    func truncate(to size: UInt64) throws(StoreError) {
        if ftruncate(fd, off_t(size)) != 0 { throw StoreError.io(operation: "ftruncate", path: path, errno: errno) }
    }

    func preallocate(offset: UInt64, length: UInt64) throws(StoreError) {
        // posix_fallocate returns the error instead of setting errno.
        let result = posix_fallocate(fd, off_t(offset), off_t(length))
        if result == ENOSPC { throw StoreError.noSpace(path: path, bytesRequested: length) }
        if result != 0 { throw StoreError.io(operation: "fallocate", path: path, errno: result) }
    }

    func tryLockExclusive() throws(StoreError) -> Bool {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            locked.store(true, ordering: .releasing)
            return true
        }
        if errno == EWOULDBLOCK { return false }
        throw StoreError.io(operation: "flock", path: path, errno: errno)
    }

    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // A flock belongs to the open file description, which a child process forked by this
        // one (another thread's posix_spawn) shares until its exec closes the O_CLOEXEC copy.
        // close() alone would leave the lock held for that window; LOCK_UN releases it now.
        if locked.load(ordering: .acquiring) { flock(fd, LOCK_UN) }
        Glibc.close(fd)
    }
}
