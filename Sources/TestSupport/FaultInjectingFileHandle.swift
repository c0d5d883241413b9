import EventStore
import Glibc

/// A file handle that asks its `FaultInjectingFileSystem` before each faultable call and
/// otherwise forwards to the real handle.
///
/// Thread-safe: immutable; the real handle and the file system are thread-safe.
final class FaultInjectingFileHandle: FileHandle {
    let base: any FileHandle
    let fileSystem: FaultInjectingFileSystem

    init(base: any FileHandle, fileSystem: FaultInjectingFileSystem) {
        self.base = base
        self.fileSystem = fileSystem
    }

    var path: String { base.path }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(StoreError) -> Int {
        try base.read(into: buffer, at: offset)
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(StoreError) {
        switch fileSystem.check(.write, path: path) {
        case nil:
            try base.write(bytes, at: offset)
        case .tornWrite(let landed)?:
            let count = min(max(landed, 0), bytes.count)
            if count > 0 { try base.write(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), at: offset) }
            throw FaultEffect.tornWrite(bytesWritten: count).error(operation: "pwrite", path: path, bytes: 0)
        case let effect?:
            throw effect.error(operation: "pwrite", path: path, bytes: UInt64(bytes.count))
        }
    }

    func sync() throws(StoreError) {
        if let effect = fileSystem.check(.sync, path: path) { throw effect.error(operation: "fdatasync", path: path, bytes: 0) }
        try base.sync()
    }

    func size() throws(StoreError) -> UInt64 {
        try base.size()
    }

    func truncate(to size: UInt64) throws(StoreError) {
        if let effect = fileSystem.check(.truncate, path: path) { throw effect.error(operation: "ftruncate", path: path, bytes: 0) }
        try base.truncate(to: size)
    }

    func preallocate(offset: UInt64, length: UInt64) throws(StoreError) {
        if let effect = fileSystem.check(.preallocate, path: path) {
            throw effect.error(operation: "fallocate", path: path, bytes: length)
        }
        try base.preallocate(offset: offset, length: length)
    }

    func tryLockExclusive() throws(StoreError) -> Bool {
        try base.tryLockExclusive()
    }

    func close() {
        base.close()
    }
}
