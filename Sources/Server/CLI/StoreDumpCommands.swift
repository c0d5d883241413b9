import ArgumentParser
import EventStore

extension StoreCommand {
    struct Dump: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print events as JSON Lines on stdout.",
            discussion: "One event per line, in log order; the fields are described in `contactledger store export --help`.")

        @OptionGroup var options: DataOptions

        @Option(help: ArgumentHelp("Start at this log position.", valueName: "POSITION"))
        var from: UInt64 = 1

        @Option(help: ArgumentHelp("Print at most N events.", valueName: "N"))
        var limit: Int?

        @Option(name: .customLong("type"), help: ArgumentHelp("Only events of this type (repeatable).", valueName: "TYPE"))
        var types: [String] = []

        @Option(name: .customLong("store"), help: ArgumentHelp("Only events of this store id.", valueName: "STORE-ID"))
        var storeId: String?

        @Option(help: ArgumentHelp("Only events of this stream.", valueName: "STREAM"))
        var stream: String?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let store = try options.openReadOnly()
            let output = DataOutput()
            let filter = EventFilter(types: Set(types), storeId: storeId, stream: stream)
            let limit = self.limit ?? .max
            var printed = 0
            var line: [UInt8] = []
            do {
                try store.scan(from: from, filter: filter) { event in
                    line.removeAll(keepingCapacity: true)
                    EventJSON.encode(event, into: &line)
                    try output.append(line)
                    printed += 1
                    return printed < limit
                }
            } catch {
                // Every event printed so far was verified; print them before failing.
                try? output.finish()
                throw error
            }
            try output.finish()
            if printed < limit { try reportProblems(of: store, served: UInt64(printed)) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every event to a JSON Lines file.",
            discussion: """
                Writes FILE.tmp, syncs it and renames it to FILE, so FILE is either complete or absent. \
                Each line is {"position", "id", "type", "stream", "version", "storeId", "occurredAt", \
                "recordedAt", "idempotencyKey", "actor": {"type", "id"}, "schemaVersion", "payload"}; \
                times are ISO-8601 UTC with microseconds; the payload is embedded as JSON when it is \
                one JSON value on one line, otherwise it is a string and "payloadEncoding" is "text" \
                or "base64". `contactledger store import FILE` reads it back byte for byte.
                """)

        @OptionGroup var options: DataOptions

        @Option(help: ArgumentHelp("The file to write.", valueName: "FILE"))
        var out: String

        func run() async throws {
            let store = try options.openReadOnly()
            let output = try DataOutput(path: out)
            let progress = ProgressReporter(label: "export", unit: .events)
            let total = store.durablePosition
            var exported: UInt64 = 0
            var line: [UInt8] = []
            do {
                try store.scan { event in
                    line.removeAll(keepingCapacity: true)
                    EventJSON.encode(event, into: &line)
                    try output.append(line)
                    exported += 1
                    if exported & 0xFFF == 0 { progress.update(done: exported, total: total) }
                    return true
                }
                progress.update(done: exported, total: total)
                progress.finish()
                try output.finish()
            } catch {
                output.abandon()
                throw error
            }
            try reportProblems(of: store, served: exported)
            Console.out("exported \(exported) events to \(out)")
        }
    }
}
