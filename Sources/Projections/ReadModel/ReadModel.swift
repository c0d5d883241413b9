import Foundation
import GRDB

/// The SQLite read model of one data directory: the live generation (`ReadModelDirectory`)
/// opened as a GRDB `DatabasePool` — one writer connection (the runner's), a pool of
/// readers for queries, WAL, so readers never wait for the writer and see only committed
/// batches.
///
/// `.maintain` opens it for the one process that keeps it current (the server, `rebuild`):
/// it takes the folder's lock, creates the first generation when there is none, runs the
/// named migrations and deletes leftovers of an interrupted rebuild. `.read` opens the
/// live generation read-only without the lock (`projections status`, tools).
///
/// Durability: `synchronous = NORMAL` in WAL mode. A power cut may lose the last
/// committed batches, but the checkpoint rolls back with them, and the runner re-applies
/// those events from the log — the log is the source of truth, the read model a cache of it.
///
/// Thread-safe: the pool reference is swapped under a lock (a rebuild); GRDB pools are
/// thread-safe. A reader that started on the old generation finishes there.
public final class ReadModel: @unchecked Sendable {
    public enum Mode: Sendable { case maintain, read }

    public let mode: Mode
    let directory: ReadModelDirectory
    private let lock = NSLock()
    private var pool: DatabasePool
    private var generationNumber: Int
    private let maintainerLock: ReadModelLock?

    public init(dataDirectory: String, mode: Mode = .maintain) throws(ProjectionError) {
        self.mode = mode
        directory = ReadModelDirectory(dataDirectory: dataDirectory)
        switch mode {
        case .maintain:
            try directory.create()
            maintainerLock = try ReadModelLock(path: directory.lockPath)
            // The first maintainer creates generation 1 (or the next number after an interrupted
            // rebuild's leftovers) and names it in CURRENT once it is migrated.
            let current = try directory.current()
            let generation = current ?? directory.highestGeneration() + 1
            directory.removeGenerations(except: generation)
            let pool = try Self.openPool(directory.file(ReadModelDirectory.generationName(generation)), readOnly: false)
            try Self.migrate(pool, path: directory.path)
            if current == nil { try directory.setCurrent(generation) }
            self.pool = pool
            generationNumber = generation
        case .read:
            maintainerLock = nil
            guard let generation = try directory.current() else {
                throw .storage(path: directory.currentPath, reason: "no read model yet (start the server or run `rebuild`)")
            }
            pool = try Self.openPool(directory.file(ReadModelDirectory.generationName(generation)), readOnly: true)
            generationNumber = generation
        }
    }

    /// The live generation's number (for status and tests).
    public var generation: Int { lock.withLock { generationNumber } }

    /// The live generation's file.
    public var path: String { directory.file(ReadModelDirectory.generationName(generation)) }

    var writer: DatabasePool { lock.withLock { pool } }

    /// Runs `body` in a read transaction of the live generation (a consistent snapshot). A
    /// `read` inside another on the same thread joins the outer transaction, so a query made
    /// of several (the profile) is one snapshot and takes one pool reader, not one each.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let outer = currentReader { return try body(outer) }
        let pool = lock.withLock { self.pool }
        return try pool.read { db in
            currentReader = db
            defer { currentReader = nil }
            return try body(db)
        }
    }

    /// The connection of this read model's `read` running on this thread, if any.
    private var currentReader: Database? {
        get { Thread.current.threadDictionary[readerKey] as? Database }
        set { Thread.current.threadDictionary[readerKey] = newValue }
    }

    /// This read model's key in the thread dictionary (made once: `read` is on every query's path).
    private let readerKey = "contactledger.ReadModel.reader." + UUID().uuidString

    /// Each projection's checkpoint (0 for one that has applied nothing).
    public func checkpoints() throws -> [ProjectionName: UInt64] {
        try read { db in try Self.checkpoints(db) }
    }

    /// The position every projection has applied (the smallest checkpoint).
    public func appliedPosition() throws -> UInt64 {
        try checkpoints().values.min() ?? 0
    }

    static func checkpoints(_ db: Database) throws -> [ProjectionName: UInt64] {
        var result = Dictionary(uniqueKeysWithValues: ProjectionName.allCases.map { ($0, UInt64(0)) })
        for row in try Row.fetchAll(db, sql: "SELECT name, position FROM projection_checkpoints") {
            if let name = ProjectionName(rawValue: row["name"]) { result[name] = UInt64(row["position"] as Int64) }
        }
        return result
    }

    // MARK: - Generations (rebuild)

    /// A new, empty generation file beside the live one; not yet live.
    func makeNextGeneration() throws(ProjectionError) -> (generation: Int, path: String) {
        let generation = max(directory.highestGeneration(), generation) + 1
        let path = directory.file(ReadModelDirectory.generationName(generation))
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        return (generation, path)
    }

    /// Makes `generation` live: `CURRENT` is replaced durably, new readers use it, the old
    /// generation's files are deleted (readers still on it keep their open descriptors).
    func swap(to generation: Int) throws(ProjectionError) {
        let next = try Self.openPool(directory.file(ReadModelDirectory.generationName(generation)), readOnly: false)
        try directory.setCurrent(generation)
        lock.withLock {
            pool = next
            generationNumber = generation
        }
        directory.removeGenerations(except: generation)
    }

    static func openPool(_ path: String, readOnly: Bool) throws(ProjectionError) -> DatabasePool {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.maximumReaderCount = 8
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A larger page cache and memory-mapped reads: a rebuild touches every b-tree page
            // of a read model much larger than SQLite's 2 MB default cache (measured:
            // pread of cached pages was the largest cost of a rebuild).
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY")
            if !db.configuration.readonly {
                // A checkpoint every ~16 MB of WAL instead of SQLite's 4 MB: a page that many
                // batches change (an index page, the checkpoint row) reaches the database file
                // once per checkpoint, and each checkpoint's two fsyncs come a quarter as often.
                try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 4000")
            }
        }
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .storage(path: path, reason: "cannot open: \(error)")
        }
    }

    static func migrate(_ writer: some DatabaseWriter, path: String) throws(ProjectionError) {
        do {
            try ReadModelSchema.migrator.migrate(writer)
        } catch {
            throw .storage(path: path, reason: "migration failed: \(error)")
        }
    }
}
