/// The file operations the store performs, as a protocol so that tests can inject faults
/// (ENOSPC, EIO on fsync, torn writes) — see `TestSupport.FaultInjectingFileSystem`.
///
/// Implementations must be thread-safe: readers and the writer call them concurrently.
public protocol FileSystem: Sendable {
    func open(_ path: String, _ mode: FileOpenMode) throws(StoreError) -> any FileHandle
    func exists(_ path: String) -> Bool
    func listDirectory(_ path: String) throws(StoreError) -> [String]
    func createDirectory(_ path: String) throws(StoreError)
    func rename(_ from: String, to: String) throws(StoreError)
    func remove(_ path: String) throws(StoreError)
    /// fsync of a directory, so that a created, renamed or removed entry survives power loss.
    func syncDirectory(_ path: String) throws(StoreError)
}

public enum FileOpenMode: Sendable {
    case readOnly
    case readWrite
    /// Create a new file; fails if it exists.
    case createNew
    /// Open, creating an empty file if there is none.
    case openOrCreate
    /// Create or truncate.
    case createOrTruncate
}

/// An open file. Positional I/O only (`pread`/`pwrite`), so one handle is safe to share
/// between a writer and concurrent readers.
public protocol FileHandle: AnyObject, Sendable {
    var path: String { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (0 at end of file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(StoreError) -> Int
    /// Writes all of `bytes` at `offset` or throws. A throw may leave part of the bytes written.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(StoreError)
    /// fdatasync: the file's data (and the metadata needed to read it) is on stable storage.
    func sync() throws(StoreError)
    func size() throws(StoreError) -> UInt64
    func truncate(to size: UInt64) throws(StoreError)
    /// Reserves blocks for `offset ..< offset + length` (fallocate), growing the file;
    /// reports ENOSPC as `.noSpace` before any data is written.
    func preallocate(offset: UInt64, length: UInt64) throws(StoreError)
    /// Non-blocking exclusive advisory lock (flock). Returns false if another process holds it.
    func tryLockExclusive() throws(StoreError) -> Bool
    func close()
}

extension FileHandle {
    /// Reads exactly `count` bytes or fewer at end of file.
    public func read(count: Int, at offset: UInt64) throws(StoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        var failure: StoreError?
        bytes.withUnsafeMutableBytes { buffer in
            while filled < count {
                do throws(StoreError) {
                    let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: offset + UInt64(filled))
                    if n == 0 { break }
                    filled += n
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        if filled < count { bytes.removeLast(count - filled) }
        return bytes
    }

    public func write(_ bytes: [UInt8], at offset: UInt64) throws(StoreError) {
        var failure: StoreError?
        bytes.withUnsafeBytes { buffer in
            do throws(StoreError) { try write(buffer, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
