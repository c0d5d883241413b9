import EventStore
import GRDB

extension ProjectionRunner {
    /// What a rebuild did.
    public struct RebuildResult: Sendable, Equatable {
        public var generation: Int
        public var projections: [ProjectionName]
        /// The log position the new generation had applied when it went live.
        public var position: UInt64
        /// Events applied into the new generation.
        public var eventsApplied: UInt64
    }

    /// Rebuilds the read model from position 1 into a new generation and swaps it in
    /// atomically (READMODELS.md "rebuilt on demand"). With `only`, the new generation starts
    /// as a copy of the live one (`VACUUM INTO`, a consistent snapshot) whose `only` tables
    /// and checkpoint are cleared, so the other projections keep their rows and just catch up.
    ///
    /// Readers keep using the live generation until the swap; the live runner keeps applying
    /// new events to it until the last step, which holds the runner for the few events the
    /// new generation still lacks. A crash at any point leaves the old generation live.
    @discardableResult
    public func rebuild(
        only: ProjectionName? = nil, progress: ((_ applied: UInt64, _ target: UInt64) -> Void)? = nil
    ) throws(ProjectionError) -> RebuildResult {
        let (generation, path) = try readModel.makeNextGeneration()
        let pool: DatabasePool
        var start: UInt64 = 0
        if let only {
            try copyLiveGeneration(to: path)
            pool = try ReadModel.openPool(path, readOnly: false)
            try ReadModel.migrate(pool, path: path)
            do {
                start = try pool.write { db in
                    for table in only.tables { try db.execute(sql: ReadModelSchema.deleteAllSQL(table)) }
                    try db.execute(sql: "DELETE FROM projection_checkpoints WHERE name = ?", arguments: [only.rawValue])
                    return 0
                }
            } catch {
                throw .storage(path: path, reason: "clearing \(only.rawValue): \(error)")
            }
        } else {
            pool = try ReadModel.openPool(path, readOnly: false)
            try ReadModel.migrate(pool, path: path)
        }
        // The new generation is private until the swap (a crash leaves the old one live and this
        // file is deleted), so it is built without syncing; the checkpoint below makes it durable
        // before CURRENT names it.
        try Self.pragma("PRAGMA synchronous = OFF", on: pool, path: path)
        // A full rebuild loads without the read side's indexes, keeps contacts in memory and
        // leaves the search index and per-contact figures to the end (`RebuildLoad`); all of
        // it is in place before the last step, which keeps every table in step.
        let load = only == nil ? RebuildLoad(contactsHeldMax: options.rebuildContactsHeldMax) : nil
        let deferred = load != nil ? try Self.dropIndexes(ReadModelSchema.indexesBuiltAfterRebuild, in: pool, path: path) : []
        let target = store.durablePosition
        var applied = try Self.catchUp(
            store: store, writer: pool, projections: load?.projections ?? Projections.all, through: target,
            batchSizeMax: options.rebuildBatchSizeMax
        ) { applied, target in progress?(applied, target) }
        if let load { try Self.finish(load, in: pool, path: path) }
        try Self.create(deferred, in: pool, path: path)
        // The last step: hold the live runner, apply what arrived meanwhile, swap.
        try withAppliesPaused { () throws(ProjectionError) in
            applied = try Self.catchUp(
                store: store, writer: pool, projections: Projections.all, through: store.durablePosition,
                batchSizeMax: options.batchSizeMax
            ) { _, _ in }
            try Self.pragma("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE)", on: pool, path: path)
            do { try pool.close() } catch { throw .storage(path: path, reason: "closing: \(error)") }
            try readModel.swap(to: generation)
        }
        logger.info(
            "read model rebuilt",
            metadata: ["generation": "\(generation)", "projection": "\(only?.rawValue ?? "all")", "position": "\(applied)"])
        return RebuildResult(
            generation: generation, projections: only.map { [$0] } ?? ProjectionName.allCases, position: applied,
            eventsApplied: applied - start)
    }

    private static func finish(_ load: RebuildLoad, in pool: DatabasePool, path: String) throws(ProjectionError) {
        do {
            try pool.write { db in try load.finish(in: db) }
        } catch {
            throw .storage(path: path, reason: "finishing the load (contacts, search index, per-contact figures): \(error)")
        }
    }

    /// Drops the named indexes and returns their SQL, to create them again with `create`.
    private static func dropIndexes(_ names: [String], in pool: DatabasePool, path: String) throws(ProjectionError) -> [String] {
        do {
            return try pool.write { db in
                var created: [String] = []
                for name in names {
                    guard
                        let sql = try String.fetchOne(
                            db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", arguments: [name])
                    else {
                        // A name the migrations do not create: fail the rebuild rather than
                        // load with the index in place and never notice.
                        throw DatabaseError(message: "no index \(name) (ReadModelSchema.indexesBuiltAfterRebuild)")
                    }
                    try db.execute(sql: "DROP INDEX \(name)")
                    created.append(sql)
                }
                return created
            }
        } catch {
            throw .storage(path: path, reason: "dropping the read side's indexes for the load: \(error)")
        }
    }

    private static func create(_ indexes: [String], in pool: DatabasePool, path: String) throws(ProjectionError) {
        guard !indexes.isEmpty else { return }
        do {
            try pool.write { db in
                for sql in indexes { try db.execute(sql: sql) }
            }
        } catch {
            throw .storage(path: path, reason: "creating the read side's indexes after the load: \(error)")
        }
    }

    private static func pragma(_ sql: String, on pool: DatabasePool, path: String) throws(ProjectionError) {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
        } catch {
            throw .storage(path: path, reason: "\(sql): \(error)")
        }
    }

    /// Copies the live generation with `VACUUM INTO` on a connection of its own, outside any
    /// transaction (VACUUM refuses to run inside one), without blocking the live writer.
    private func copyLiveGeneration(to path: String) throws(ProjectionError) {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let source = try DatabaseQueue(path: readModel.path, configuration: configuration)
            try source.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            try source.close()
        } catch {
            throw .storage(path: path, reason: "copying the live generation: \(error)")
        }
    }
}
