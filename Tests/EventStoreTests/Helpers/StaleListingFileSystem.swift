import EventStore

/// The real file system, except that listing the log directory returns names captured
/// earlier. It reproduces, deterministically, a reader that lists the directory just before
/// the writer's background compression replaces `X.seg` by `X.segz`, and opens the files
/// just after. Thread-safe: immutable, and PosixFileSystem is stateless.
struct StaleListingFileSystem: FileSystem {
    let base = PosixFileSystem()
    let directory: String
    let staleNames: [String]

    func listDirectory(_ path: String) throws(StoreError) -> [String] {
        path == directory ? staleNames : try base.listDirectory(path)
    }

    func open(_ path: String, _ mode: FileOpenMode) throws(StoreError) -> any FileHandle { try base.open(path, mode) }
    func exists(_ path: String) -> Bool { base.exists(path) }
    func createDirectory(_ path: String) throws(StoreError) { try base.createDirectory(path) }
    func rename(_ from: String, to: String) throws(StoreError) { try base.rename(from, to: to) }
    func remove(_ path: String) throws(StoreError) { try base.remove(path) }
    func syncDirectory(_ path: String) throws(StoreError) { try base.syncDirectory(path) }
}
