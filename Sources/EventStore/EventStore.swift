import Dispatch
import Glibc
import Logging

/// ContactLedger's event log: a directory of segmented, checksummed, append-only files
/// (docs/FORMAT.md), with idempotency keys, per-stream optimistic concurrency, durable group
/// commit, crash recovery, reads and live subscriptions.
///
/// Thread-safe. All mutable state sits in `state` behind `lock`; appends take the lock only
/// to validate, assign positions and encode, and a dedicated flusher thread writes and syncs
/// outside it. STYLE.md suggests an actor for the writer; a lock is used instead because an
/// actor would hop executors on every append and could not share its state with the flusher
/// thread, which must block in fdatasync off Swift's cooperative pool.
public final class EventStore: @unchecked Sendable {
    public let directory: String
    public let options: EventStoreOptions
    let fileSystem: any FileSystem
    let logger: Logger
    let lock = ConditionLock()
    /// Guarded by `lock`.
    var state: WriterState
    /// Problems a read-only open found; reads stop before the first.
    public let problems: [StoreError]
    /// What recovery repaired on open (torn tails truncated, torn segments removed).
    public let repairs: [String]

    private let lockFile: (any FileHandle)?
    private var flusherThread: pthread_t?
    let flusher: FlusherState
    /// Snapshots and compression, off the append path. Serial: one at a time, in order.
    let background = DispatchQueue(label: "contactledger.eventstore.background")

    /// Opens (creating if needed, in read-write mode) the log in `directory`.
    public init(directory: String, options: EventStoreOptions = EventStoreOptions()) throws(StoreError) {
        self.directory = directory
        self.options = options
        self.fileSystem = options.fileSystem
        self.logger = options.logger
        let writable = options.mode == .readWrite
        if writable {
            try fileSystem.createDirectory(directory)
            lockFile = try EventStore.acquireLock(directory: directory, fileSystem: fileSystem)
        } else {
            guard fileSystem.exists(directory) else {
                throw .io(operation: "open", path: directory, errno: ENOENT)
            }
            lockFile = nil
        }
        do {
            let opened = try LogOpener(directory: directory, fileSystem: fileSystem, writable: writable, logger: logger).open()
            problems = opened.problems
            repairs = opened.repairs
            let indexes = try IndexLoader(directory: directory, fileSystem: fileSystem, logger: logger)
                .load(segments: opened.segments, lastPosition: opened.lastPosition)
            state = WriterState(
                keys: indexes.keys, streams: indexes.streams, nextPosition: opened.lastPosition + 1,
                durablePosition: opened.lastPosition, segments: opened.segments)
            flusher = FlusherState(activeCRC: opened.active?.dataCRC ?? 0)
            state.lastSnapshotPosition = indexes.snapshotCoveredPosition
            if writable {
                // recordedAt never goes backwards (see appendLocked), also across a restart
                // with the clock set back: continue from the last event's. Batches are
                // monotonic, so the last event holds the largest.
                if opened.lastPosition > 0, let last = try readEventLocked(at: opened.lastPosition) {
                    state.lastRecordedAt = last.recordedAt
                }
                if let tail = opened.active {
                    try resumeActive(tail)
                } else {
                    try startSegment(firstPosition: opened.lastPosition + 1)
                }
                if indexes.rebuilt {
                    // The snapshot on disk is missing, damaged or claims events the log no
                    // longer holds (a truncated tail). Remove it before the first append: once
                    // the log grows back past its coveredPosition with other events, a later
                    // open would trust it (positions match, keys and streams do not) unless a
                    // fresh snapshot replaced it first.
                    try fileSystem.remove(directory + "/" + IndexSnapshot.fileName)
                    try fileSystem.syncDirectory(directory)
                    requestSnapshot()
                }
                // Strong on purpose: the thread keeps the store alive until close() ends it.
                // With `unowned`, a store released before its thread first ran (an open
                // followed by an early return) crashed the process; now it leaks the thread.
                flusherThread = DedicatedThread.start { self.runFlusher() }
                // Sealed segments left plain (compression enabled later, or a crash inside a
                // compression whose .segz was discarded on open) are compressed now.
                for (index, segment) in state.segments.enumerated() where segment.sealed && segment.kind == .plain {
                    compressLater(index)
                }
            }
        } catch {
            lockFile?.close()
            throw error
        }
    }

    deinit {
        lockFile?.close()
    }

    /// Takes the directory's advisory lock or reports who holds it.
    private static func acquireLock(directory: String, fileSystem: any FileSystem) throws(StoreError) -> any FileHandle {
        let path = directory + "/LOCK"
        let handle = try fileSystem.open(path, .openOrCreate)
        guard try handle.tryLockExclusive() else {
            let holder = (try? handle.read(count: 256, at: 0)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            handle.close()
            let trimmed = holder.trimmingSuffix(while: { $0 == "\n" || $0 == "\0" })
            throw .locked(path: path, holder: trimmed.isEmpty ? "unknown process" : "pid \(trimmed)")
        }
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let hostName = String(decoding: host.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try handle.truncate(to: 0)
        try handle.write(Array("\(getpid()) on \(hostName)\n".utf8), at: 0)
        return handle
    }

    /// The last position readers can see.
    public var durablePosition: UInt64 { lock.withLock { state.durablePosition } }

    /// Whether an append can succeed now: opened read-write, not closing, and no failed write
    /// or fsync has stopped the writer (STYLE.md: it refuses appends until reopened). What
    /// `/metrics` exports as `contactledger_log_writable` for the "log not writable" alert.
    public var isWritable: Bool {
        lock.withLock { state.failure == nil && !state.closing && options.mode == .readWrite }
    }

    /// The current version of `stream`, nil if it has no events.
    public func streamVersion(_ stream: String) -> UInt64? {
        lock.withLock { state.streams[StreamIndex.key(stream)]?.lastVersion }
    }

    /// Flushes everything pending, writes the index snapshot, and releases the directory.
    /// Appends after close fail with `.closed`. Safe to call twice.
    public func close() async {
        let thread: pthread_t? = lock.withLock {
            state.closing = true
            lock.broadcast()
            defer { flusherThread = nil }
            return flusherThread
        }
        // A read-only store has no flusher, but its subscribers still wait below.
        if let thread {
            // Join off the cooperative pool: the flusher may be inside fdatasync.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    DedicatedThread.join(thread)
                    self.background.sync {}
                    self.writeSnapshotIfClean()
                    continuation.resume()
                }
            }
        }
        lock.withLock {
            for (_, waiter) in state.positionWaiters { waiter.continuation.resume() }
            state.positionWaiters.removeAll()
        }
        lockFile?.close()
    }

    /// Writes a final snapshot at close so the next open replays nothing.
    private func writeSnapshotIfClean() {
        guard let job = lock.withLock({ state.failure == nil ? snapshotJob() : nil }) else { return }
        job()
    }
}

extension StringProtocol {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var s = String(self)
        while let last = s.last, predicate(last) { s.removeLast() }
        return s
    }
}
