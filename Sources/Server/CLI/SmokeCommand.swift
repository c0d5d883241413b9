import ArgumentParser
import EventStore
import Glibc
import Logging

/// `contactledger smoke`: the README's first command. Exercises the store end to end on the
/// data directory — durable appends from concurrent writers, a deduplicated retry, a read
/// back, a full verify — then prints stats and a sample of the log. Exits 0 only if every
/// check holds, 2 otherwise.
struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Append sample events to the store, read them back, verify, and print stats.")

    @OptionGroup var options: DataOptions

    @Option(help: ArgumentHelp("Sample leads to append (each 3 to 5 events).", valueName: "N"))
    var leads = 80

    /// Appends in flight at once: concurrent durable appends share fsyncs (group commit).
    static let writersMax = 8

    func validate() throws {
        guard (1...100_000).contains(leads) else { throw ValidationError("--leads must be from 1 to 100000") }
    }

    func run() async throws {
        let logger = Logger(label: "contactledger.smoke")
        let now = SystemClock().now().microsecondsSinceEpoch
        let sample = SampleEvents(runID: UInt64(now), startMicros: now - Int64(leads) * 7 * 60_000_000)
        let batches = sample.batches(leads: leads)
        let proposed = batches.flatMap { $0 }

        let store = try EventStore(directory: options.logDirectory)
        let startPosition = store.durablePosition
        logger.info("opened \(options.logDirectory) at position \(startPosition); appending \(proposed.count) events in \(batches.count) durable batches")
        let started = SystemClock().now().microsecondsSinceEpoch
        let results = try await Self.appendConcurrently(batches, to: store)
        let elapsedMicros = max(SystemClock().now().microsecondsSinceEpoch - started, 1)

        var failures: [String] = []
        let appended = results.flatMap(\.outcomes).filter { !$0.isDuplicate }.count
        if appended != proposed.count { failures.append("appended \(appended) of \(proposed.count) new events") }
        let retry = try await store.append(batches[0])
        if !retry.deduplicated { failures.append("a retried batch was appended again instead of deduplicated") }
        failures += try Self.readBack(proposed, from: store, after: startPosition)
        let endPosition = store.durablePosition
        await store.close()

        let report = try StoreInspector(directory: options.logDirectory).verify()
        for problem in report.problems { Console.info(problem.description) }
        if !report.isClean { failures.append("verify found \(report.problems.count) problems") }
        let stats = try StoreInspector(directory: options.logDirectory).stats()

        Console.out("smoke: appended \(appended) events in \(batches.count) durable batches from \(Self.writersMax) writers "
            + "(positions \(startPosition + 1)…\(endPosition)) in \(elapsedMicros / 1000) ms, "
            + "\(Int(Double(appended) * 1e6 / Double(elapsedMicros))) events/s; retry deduplicated: \(retry.deduplicated)")
        Console.out("smoke: read back \(proposed.count) events; verify: \(report.isClean ? "ok" : "\(report.problems.count) problems"), "
            + "\(report.eventCount) events in \(report.segmentCount) segments")
        Console.out("")
        Console.out(StatsText.render(stats, directory: options.logDirectory))
        Console.out("")
        Console.out("sample (store dump --from \(startPosition + 1) --limit 3):")
        try Self.dumpSample(directory: options.logDirectory, from: startPosition + 1, count: 3)

        if !failures.isEmpty {
            throw CLIError.fault("smoke test failed: " + failures.joined(separator: "; "))
        }
    }

    /// At most `writersMax` appends in flight; results in batch order.
    static func appendConcurrently(_ batches: [[ProposedEvent]], to store: EventStore) async throws -> [AppendResult] {
        try await withThrowingTaskGroup(of: (Int, AppendResult).self) { group in
            var results = [AppendResult?](repeating: nil, count: batches.count)
            var next = 0
            func launch() {
                let index = next
                let batch = batches[index]
                group.addTask { (index, try await store.append(batch)) }
                next += 1
            }
            while next < min(writersMax, batches.count) { launch() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < batches.count { launch() }
            }
            return results.map { $0! }
        }
    }

    /// Every proposed event is in the log exactly once, unchanged, at a dense position.
    static func readBack(_ proposed: [ProposedEvent], from store: EventStore, after start: UInt64) throws -> [String] {
        var byKey: [String: ProposedEvent] = [:]
        for event in proposed { byKey[event.idempotencyKey] = event }
        var failures: [String] = []
        var expectedPosition = start + 1
        var seen = Set<String>()
        for event in try store.read(from: start + 1, maxCount: proposed.count + 1) {
            if event.position != expectedPosition { failures.append("position \(event.position) where \(expectedPosition) was expected") }
            expectedPosition = event.position + 1
            guard let original = byKey[event.idempotencyKey], seen.insert(event.idempotencyKey).inserted else {
                failures.append("unexpected or repeated event \(event.idempotencyKey) at position \(event.position)")
                continue
            }
            if event.id != original.id || event.type != original.type || event.stream != original.stream || event.payload != original.payload {
                failures.append("event at position \(event.position) differs from what was appended")
            }
        }
        if seen.count != proposed.count { failures.append("read back \(seen.count) of \(proposed.count) events") }
        return failures
    }

    static func dumpSample(directory: String, from position: UInt64, count: Int) throws {
        let store = try EventStore(directory: directory, options: .readOnly())
        var line: [UInt8] = []
        var printed = 0
        try store.scan(from: position) { view in
            line.removeAll(keepingCapacity: true)
            EventJSON.encode(view, into: &line)
            Console.write(fd: 1, String(decoding: line, as: UTF8.self))
            printed += 1
            return printed < count
        }
    }
}
