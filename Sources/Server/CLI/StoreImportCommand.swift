import ArgumentParser
import EventStore
import Glibc

extension StoreCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append the events of a JSON Lines file (as written by export).",
            discussion: """
                Idempotent: an event whose idempotencyKey is already in the log is not appended \
                again, so importing the same file twice adds nothing. Appends in batches of \
                \(Import.batchEventsMax) with relaxed durability and syncs once at the end. \
                recordedAt is kept from the file unless it is earlier than the newest event \
                already in the log; position and version are assigned by the store.
                """)

        /// Events per append: large enough to amortise the write, small enough for memory.
        static let batchEventsMax = 1000

        @OptionGroup var options: DataOptions

        @Argument(help: ArgumentHelp("The JSON Lines file to import.", valueName: "FILE"))
        var file: String

        func run() async throws {
            var reader = try LineReader(path: file)
            defer { reader.close() }
            let clock = ImportClock()
            var storeOptions = EventStoreOptions()
            storeOptions.durability = .relaxed
            storeOptions.clock = clock
            let store = try EventStore(directory: options.logDirectory, options: storeOptions)
            if let last = try store.event(at: store.durablePosition) { clock.floor = last.recordedAt }
            var counts = ImportCounts()
            let progress = ProgressReporter(label: "import", unit: .bytes)
            do {
                var batch = PendingBatch()
                while let (lineNumber, line) = try reader.nextLine() {
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    let imported: ImportedEvent
                    do {
                        imported = try line.withUnsafeBytes { (raw) throws(CLIError) in try EventJSON.decode(raw) }
                    } catch {
                        throw CLIError.user("\(file):\(lineNumber): \(error)")
                    }
                    if !batch.accepts(imported) || batch.events.count == Self.batchEventsMax {
                        try await append(batch, to: store, clock: clock, counts: &counts)
                        batch = PendingBatch()
                    }
                    batch.add(imported, line: lineNumber)
                    counts.lines += 1
                    if counts.lines & 0x3FF == 0 { progress.update(done: reader.bytesRead, total: reader.fileBytes) }
                }
                try await append(batch, to: store, clock: clock, counts: &counts)
                progress.update(done: reader.bytesRead, total: reader.fileBytes)
                progress.finish()
            } catch {
                // What was appended stays, synced: importing again skips it.
                await store.close()
                try? Self.syncSegments(in: options.logDirectory)
                if counts.appended > 0 { Console.info("import: \(counts.appended) events were appended before the error; importing again after the fix skips them") }
                throw error
            }
            await store.close()
            try Self.syncSegments(in: options.logDirectory)
            Console.out("imported \(file): \(counts.appended) appended, \(counts.duplicates) duplicates, \(counts.lines) lines")
            if counts.versionMismatches > 0 {
                Console.info("note: \(counts.versionMismatches) events got a different stream version than the file states (the log already held events of their streams)")
            }
        }

        /// fsyncs every segment file and the directory. A relaxed store promises a sync on
        /// close, but `close()` syncs only frames still pending when it is called: frames the
        /// flusher wrote (unsynced) before then would survive a crash of this process but not
        /// an OS crash or power loss. Syncing here makes "imported" mean durable either way.
        static func syncSegments(in directory: String) throws(CLIError) {
            guard let dir = opendir(directory) else { throw .fault("cannot list \(directory): \(String(cString: strerror(errno)))") }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                if name.hasSuffix(".seg") || name.hasSuffix(".segz") { names.append(name) }
            }
            closedir(dir)
            for path in names.map({ directory + "/" + $0 }) + [directory] {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }  // compressed and removed meanwhile
                defer { Glibc.close(fd) }
                if fsync(fd) != 0 { throw .fault("fsync of \(path) failed: \(String(cString: strerror(errno)))") }
            }
        }

        private func append(_ batch: PendingBatch, to store: EventStore, clock: ImportClock, counts: inout ImportCounts) async throws {
            guard !batch.events.isEmpty else { return }
            clock.next = batch.recordedAt
            let result: AppendResult
            do {
                result = try await store.append(batch.events.map(\.event))
            } catch let error as StoreError {
                throw locate(error, in: batch)
            }
            for (outcome, imported) in zip(result.outcomes, batch.events) {
                switch outcome {
                case .appended(_, let version):
                    counts.appended += 1
                    if let stated = imported.version, stated != version { counts.versionMismatches += 1 }
                case .duplicate:
                    counts.duplicates += 1
                }
            }
        }

        /// Puts the file name and line number on an append error about one event.
        private func locate(_ error: StoreError, in batch: PendingBatch) -> any Error {
            switch error {
            case let .invalidEvent(index, field, reason):
                return CLIError.user("\(file):\(batch.lines[index]): field \(field): \(reason)")
            case let .idempotencyConflict(key, original):
                let line = batch.events.firstIndex { $0.event.idempotencyKey == key }.map { batch.lines[$0] }
                let at = original > 0 ? "position \(original)" : "an earlier line of the same batch"
                return CLIError.user("\(file):\(line.map(String.init) ?? "?"): idempotency key \(key) is already used at \(at) by a different event")
            default:
                return error
            }
        }
    }
}

struct ImportCounts {
    var lines = 0
    var appended = 0
    var duplicates = 0
    var versionMismatches = 0
}

/// Events for one append. A batch shares one recordedAt in the log (the store stamps a batch
/// once), so a change of recordedAt in the file starts a new batch.
struct PendingBatch {
    var events: [ImportedEvent] = []
    var lines: [Int] = []
    var recordedAt: Timestamp? { events.first?.recordedAt }

    func accepts(_ event: ImportedEvent) -> Bool {
        events.isEmpty || event.recordedAt == recordedAt
    }

    mutating func add(_ event: ImportedEvent, line: Int) {
        events.append(event)
        lines.append(line)
    }
}
