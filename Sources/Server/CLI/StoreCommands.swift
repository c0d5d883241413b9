import ArgumentParser
import EventStore
import Foundation
import Glibc

/// `contactledger store …`: the event log's tools (STORE.md item 11).
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect, dump, export and import the event log.",
        subcommands: [Register.self, Verify.self, Stats.self, Dump.self, Export.self, Import.self]
    )
}

extension DataOptions {
    /// Fails with a user error when there is no log to read.
    func requireLog() throws(CLIError) {
        var info = stat()
        guard stat(logDirectory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .user("no event log at \(logDirectory) (is --data right?)")
        }
    }

    /// A read-only store: takes no lock, changes nothing, serves every event before the first
    /// problem (which `reportProblems` prints afterwards).
    func openReadOnly() throws -> EventStore {
        try requireLog()
        return try EventStore(directory: logDirectory, options: .readOnly())
    }
}

extension StoreError {
    /// `file:offset: reason` for corruption, the error's description otherwise.
    var located: String {
        if case let .corrupt(file, offset, reason) = self { return "\(file):\(offset): \(reason)" }
        return description
    }
}

/// After a read-only dump or export: the problems that cut it short, on stderr, and exit 2.
func reportProblems(of store: EventStore, served: UInt64) throws {
    guard !store.problems.isEmpty else { return }
    for problem in store.problems { Console.info(problem.located) }
    throw CLIError.corruption(
        "the log is damaged: events after position \(store.durablePosition) could not be read (\(served) served); run `contactledger store verify`")
}

extension StoreCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every checksum and structure of the log.",
            discussion: """
                Reads every segment file without taking the writer lock and checks it against \
                docs/FORMAT.md. Prints each problem as `file:offset: reason` and exits 2 if there \
                is any; exits 0 when the log is sound. Notes (crash leftovers that the next open \
                cleans up, a stale index snapshot) go to stderr and do not fail the check.
                """)

        @OptionGroup var options: DataOptions

        func run() async throws {
            try options.requireLog()
            let progress = ProgressReporter(label: "verify", unit: .bytes)
            let report = try StoreInspector(directory: options.logDirectory).verify { step in
                progress.update(done: step.bytesDone, total: step.bytesTotal)
            }
            progress.finish()
            for note in report.notes { Console.info("note: " + note) }
            for problem in report.problems { Console.out(problem.description) }
            let summary = "\(report.segmentCount) segments, \(report.eventCount) events in \(report.batchCount) batches, "
                + "\(Format.bytes(report.bytesChecked)) checked"
            if report.isClean {
                Console.out("ok: " + summary)
            } else {
                Console.out("\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s"): " + summary)
                throw ExitCode(ExitStatus.corruptionOrFault)
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Segments, events, bytes, compression ratio and index size.")

        @OptionGroup var options: DataOptions

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func run() async throws {
            try options.requireLog()
            let stats = try StoreInspector(directory: options.logDirectory).stats()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                Console.out(String(decoding: try encoder.encode(stats), as: UTF8.self))
            } else {
                Console.out(StatsText.render(stats, directory: options.logDirectory))
            }
            for note in stats.notes { Console.info("note: " + note) }
            if !stats.problems.isEmpty {
                for problem in stats.problems { Console.info(problem.description) }
                throw CLIError.corruption("the log is damaged; the numbers above cover the part before the first problem (run `contactledger store verify`)")
            }
        }
    }
}

enum StatsText {
    static func render(_ stats: StoreStats, directory: String) -> String {
        var lines: [(String, String)] = [("log", directory)]
        let active = stats.segmentCount - stats.sealedSegmentCount
        lines.append(("segments", "\(stats.segmentCount): \(stats.sealedSegmentCount) sealed (\(stats.compressedSegmentCount) of them compressed), \(active) active"))
        lines.append(("events", stats.eventCount == 0 ? "0" : "\(stats.eventCount) (positions 1…\(stats.lastPosition))"))
        lines.append(("batches", "\(stats.batchCount)"
            + (stats.batchCount > 0 ? " (\(Format.decimal(Double(stats.eventCount) / Double(stats.batchCount), places: 1)) events per batch)" : "")))
        var disk = "\(Format.bytes(stats.bytesOnDisk)): segments \(Format.bytes(stats.segmentBytesOnDisk))"
        if stats.preallocatedBytes > 0 { disk += " (\(Format.bytes(stats.preallocatedBytes)) preallocated)" }
        if let snapshot = stats.indexSnapshot { disk += ", index snapshot \(Format.bytes(snapshot.fileBytes))" }
        lines.append(("bytes on disk", disk))
        lines.append(("uncompressed", "\(Format.bytes(stats.uncompressedBytes)) of batch frames, stored in \(Format.bytes(stats.storedBytes))"))
        lines.append(("compression ratio", Format.decimal(stats.compressionRatio, places: 2)))
        if let snapshot = stats.indexSnapshot {
            lines.append(("index snapshot", "covers positions 1…\(snapshot.coveredPosition)"))
            lines.append(("  keys", "\(snapshot.keyCount) in \(snapshot.keySlots) slots (\(Format.bytes(snapshot.keyTableBytes)), "
                + "\(Format.decimal(snapshot.memoryBytesPerKey, places: 1)) bytes per key)"))
            lines.append(("  streams", "\(snapshot.streamCount) in \(snapshot.streamSlots) slots (\(Format.bytes(snapshot.streamTableBytes)))"))
        } else {
            lines.append(("index snapshot", "none"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
    }
}
