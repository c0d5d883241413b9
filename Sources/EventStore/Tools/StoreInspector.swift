/// Offline checks and numbers for a log directory: `contactledger store verify` and
/// `store stats` (STORE.md item 11).
///
/// The inspector reads segment files directly, byte by byte against docs/FORMAT.md, without
/// opening an `EventStore`: it takes no writer lock, changes no file, and — unlike a read-only
/// open, which stops at the first problem — keeps going past damage so that one run reports
/// every bad record with its file and byte offset.
///
/// Run it on a closed store for an exact answer. Against a live writer it sees a consistent
/// prefix of each file, so the active segment's unsynced tail may show up as a torn frame.
///
/// Thread-safe: a value with no mutable state; each call works on its own buffers.
public struct StoreInspector: Sendable {
    /// The log directory (`<data>/log`), as passed to `EventStore(directory:)`.
    public let directory: String
    let fileSystem: any FileSystem

    public init(directory: String, fileSystem: any FileSystem = PosixFileSystem()) {
        self.directory = directory
        self.fileSystem = fileSystem
    }

    /// One thing that is wrong on disk, where it is.
    public struct Problem: Sendable, Equatable, Codable, CustomStringConvertible {
        /// Path of the file, as `directory + "/" + name`.
        public var file: String
        /// Byte offset in the file of the first byte that failed (for data inside a compressed
        /// chunk: the chunk's offset; the reason then names the byte inside the chunk).
        public var offset: UInt64
        public var reason: String

        public init(file: String, offset: UInt64, reason: String) {
            self.file = file
            self.offset = offset
            self.reason = reason
        }

        /// `file:offset: reason`, the form compilers use, so editors and grep can jump to it.
        public var description: String { "\(file):\(offset): \(reason)" }
    }

    /// How far `verify` has come, in bytes of segment files.
    public struct Progress: Sendable, Equatable {
        public var bytesDone: UInt64
        public var bytesTotal: UInt64
    }

    public struct VerifyReport: Sendable, Equatable {
        /// Every problem found, in log order. Empty means the log is sound.
        public var problems: [Problem] = []
        /// Observations that are not damage: crash leftovers that the next writable open
        /// cleans up, a stale or unusable index snapshot (derived data, rebuilt on open).
        public var notes: [String] = []
        public var segmentCount = 0
        public var batchCount: UInt64 = 0
        public var eventCount: UInt64 = 0
        /// The highest position read from a well-formed batch.
        public var lastPosition: UInt64 = 0
        public var bytesChecked: UInt64 = 0

        public var isClean: Bool { problems.isEmpty }
    }

    /// Checks every byte of every segment: header CRCs, every frame's CRC, kind and reserved
    /// bytes, batch contiguity (dense positions across segments), event records (lengths, field
    /// limits, UTF-8), stream chains (dense versions, `previousInStream`), idempotency keys
    /// unique across the log, compressed chunks (CRC, inflation, contents), index frames, and
    /// seal frames (every field and the dataCRC over the data region). After a bad frame it
    /// resynchronises on the next valid one, as recovery does, and goes on.
    ///
    /// `progress` is called as bytes are checked (at most about once per MiB) and once at the
    /// end. Throws only when the directory itself cannot be listed; an unreadable file is a
    /// problem in the report.
    public func verify(progress: (Progress) -> Void = { _ in }) throws(StoreError) -> VerifyReport {
        try withoutActuallyEscaping(progress) { (progress) throws(StoreError) -> VerifyReport in
            try verify(reporting: progress)
        }
    }

    private func verify(reporting progress: @escaping (Progress) -> Void) throws(StoreError) -> VerifyReport {
        let listing = try LogListing(directory: directory, fileSystem: fileSystem)
        var report = VerifyReport()
        report.notes = listing.notes
        let total = listing.segments.reduce(0) { $0 + $1.fileBytes }
        var meter = ProgressMeter(total: total, callback: progress)
        var checker = LogChecker()
        var checked: [CheckedSegment] = []
        for (i, file) in listing.segments.enumerated() {
            let isLast = i == listing.segments.count - 1
            guard let bytes = read(file, into: &report) else {
                checker.markDamage()
                meter.advance(by: file.fileBytes)
                continue
            }
            report.segmentCount += 1
            let outcome = SegmentVerifier(
                path: file.path, nameFirstPosition: file.firstPosition, nameKind: file.kind, isLast: isLast,
                bytes: bytes
            ).verify(checker: &checker) { meter.advance(to: $0, within: file) }
            report.problems += outcome.problems
            report.notes += outcome.notes
            checked.append(CheckedSegment(path: file.path, kind: file.kind, firstPosition: file.firstPosition, lastPosition: checker.lastPosition))
            meter.finish(file)
        }
        report.problems += confirmDuplicates(checker.suspectedDuplicates, segments: checked)
        report.notes += SnapshotCheck.notes(directory: directory, fileSystem: fileSystem, logEnd: checker.lastPosition)
        report.batchCount = checker.batchCount
        report.eventCount = checker.eventCount
        report.lastPosition = checker.lastPosition
        report.bytesChecked = total
        meter.complete()
        return report
    }

    private func read(_ file: LogListing.SegmentFile, into report: inout VerifyReport) -> [UInt8]? {
        do throws(StoreError) {
            let handle = try fileSystem.open(file.path, .readOnly)
            defer { handle.close() }
            let bytes = try handle.read(count: Int(file.fileBytes), at: 0)
            if bytes.count < Int(file.fileBytes) {
                report.problems.append(Problem(file: file.path, offset: UInt64(bytes.count), reason: "file shrank while being read"))
            }
            return bytes
        } catch {
            report.problems.append(Problem(file: file.path, offset: 0, reason: "unreadable: \(error)"))
            return nil
        }
    }

    /// A segment as the first pass saw it, for the second pass that confirms duplicate keys.
    struct CheckedSegment {
        var path: String
        var kind: SegmentHeader.Kind
        var firstPosition: UInt64
        var lastPosition: UInt64
    }

    /// The first pass flags an event whose key hash matches an earlier one; a 64-bit hash match
    /// is almost always the same key, but a report must not guess. This pass reads the earlier
    /// events' keys back and reports only real duplicates.
    private func confirmDuplicates(_ suspects: [LogChecker.SuspectedDuplicate], segments: [CheckedSegment]) -> [Problem] {
        guard !suspects.isEmpty else { return [] }
        let wanted = Set(suspects.flatMap(\.earlierPositions))
        var keys: [UInt64: String] = [:]
        for segment in segments where wanted.contains(where: { $0 >= segment.firstPosition && $0 <= segment.lastPosition }) {
            guard let handle = try? fileSystem.open(segment.path, .readOnly),
                  let size = try? handle.size(), let bytes = try? handle.read(count: Int(size), at: 0) else { continue }
            handle.close()
            var collector = LogChecker(collecting: wanted)
            _ = SegmentVerifier(
                path: segment.path, nameFirstPosition: segment.firstPosition, nameKind: segment.kind, isLast: true, bytes: bytes
            ).verify(checker: &collector) { _ in }
            keys.merge(collector.collectedKeys) { first, _ in first }
        }
        return suspects.compactMap { suspect in
            guard let original = suspect.earlierPositions.first(where: { keys[$0] == suspect.key }) else { return nil }
            return Problem(
                file: suspect.file, offset: suspect.offset,
                reason: "event at position \(suspect.position) repeats idempotency key \"\(suspect.key)\" of position \(original)")
        }
    }
}

/// Calls the progress callback about once per MiB, never backwards.
struct ProgressMeter {
    let total: UInt64
    let callback: (StoreInspector.Progress) -> Void
    private var filesDone: UInt64 = 0
    private var lastReported: UInt64 = 0
    static let stepBytes: UInt64 = 1 << 20

    init(total: UInt64, callback: @escaping (StoreInspector.Progress) -> Void) {
        self.total = total
        self.callback = callback
        callback(.init(bytesDone: 0, bytesTotal: total))
    }

    mutating func advance(to offset: Int, within file: LogListing.SegmentFile) {
        report(filesDone + min(UInt64(offset), file.fileBytes))
    }

    mutating func advance(by bytes: UInt64) {
        filesDone += bytes
        report(filesDone)
    }

    mutating func finish(_ file: LogListing.SegmentFile) {
        advance(by: file.fileBytes)
    }

    mutating func complete() {
        callback(.init(bytesDone: total, bytesTotal: total))
    }

    private mutating func report(_ done: UInt64) {
        guard done >= lastReported + ProgressMeter.stepBytes, done < total else { return }
        lastReported = done
        callback(.init(bytesDone: done, bytesTotal: total))
    }
}
