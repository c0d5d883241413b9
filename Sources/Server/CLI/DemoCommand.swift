import ArgumentParser
import Demo
import Domain
import EventStore
import Foundation

/// `contactledger demo`: writes a realistic, seeded demo history into an empty data directory
/// through the real ingest paths (`Demo.DemoGenerator`), then prints what it wrote — events
/// per type, deduplicated redeliveries, the planted TCPA violations with their log positions.
///
/// The store is opened with relaxed durability (a bulk load: synced on close) on the
/// generator's simulated clock, so the same options write the same log byte for byte. A data
/// directory whose log already holds events is refused (exit 1): the demo never mixes with
/// real data, and running it twice cannot double it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a seeded demo history (stores, leads, SMS, calls, analyses, staff actions) into an empty data directory.",
        discussion: """
            Every input goes through the same handlers as the HTTP API and the ingest commands. \
            The same options always produce the same log. About 13 events per person: the defaults \
            make ~13 k events; --stores 20 --contacts 5000 --days 60 about 1.3 M.
            """)

    @OptionGroup var data: DataOptions

    @Option(help: ArgumentHelp("Stores, each in its own region and time zone.", valueName: "N"))
    var stores = DemoOptions().stores

    @Option(help: ArgumentHelp("People (leads, callers, texters) per store; at least 3.", valueName: "N"))
    var contacts = DemoOptions().contactsPerStore

    @Option(help: ArgumentHelp("Days over which first contacts are spread.", valueName: "N"))
    var days = DemoOptions().days

    @Option(help: ArgumentHelp("Seed of the history: the same seed and sizes give the same log.", valueName: "N"))
    var seed: UInt64 = DemoOptions().seed

    @Option(help: ArgumentHelp("First day of the history (YYYY-MM-DD, UTC).", valueName: "DATE"))
    var start: String = "2026-03-02"

    func validate() throws {
        let options = try demoOptions()
        do {
            try options.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func demoOptions() throws -> DemoOptions {
        guard let instant = ISOTime.parseTimestamp(start + "T00:00:00Z"), start.count == 10 else {
            throw ValidationError("--start must be a date YYYY-MM-DD, not '\(start)'")
        }
        return DemoOptions(stores: stores, contactsPerStore: contacts, days: days, seed: seed, start: instant)
    }

    func run() async throws {
        let options = try demoOptions()
        try FileManager.default.createDirectory(atPath: data.logDirectory, withIntermediateDirectories: true)
        let clock = DemoClock(start: DemoGenerator.clockStart(for: options))
        var storeOptions = EventStoreOptions()
        storeOptions.durability = .relaxed
        storeOptions.clock = clock
        let store = try EventStore(directory: data.logDirectory, options: storeOptions)
        if store.durablePosition > 0 {
            let count = store.durablePosition
            await store.close()
            throw CLIError.user("\(data.logDirectory) already holds \(count) events; the demo writes only into an empty data directory")
        }
        let progress = ProgressReporter(label: "demo", unit: .items("people"))
        let started = Date()
        let summary: DemoSummary
        do {
            summary = try await DemoGenerator.generate(into: store, options: options, clock: clock) { step in
                progress.update(done: UInt64(step.peopleStarted), total: UInt64(step.peopleTotal))
            }
        } catch {
            await store.close()
            progress.finish()
            throw error.isUserError ? CLIError.user(error.description) : CLIError.fault(error.description)
        }
        await store.close()
        progress.finish()
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        for line in Self.report(summary, directory: data.logDirectory, seconds: seconds) { Console.out(line) }
    }

    static func report(_ summary: DemoSummary, directory: String, seconds: Double) -> [String] {
        let options = summary.options
        var lines = [
            "demo: \(summary.eventsAppended) events from \(summary.inputs) inputs into \(directory) "
                + "(positions \(summary.firstPosition)…\(summary.lastPosition)); seed \(options.seed), "
                + "\(options.stores) stores × \(options.contactsPerStore) people over \(options.days) days from \(ISOTime.string(options.start).prefix(10))",
            "people: \(summary.people) (\(summary.contacts) reachable contacts)",
            "stores:",
        ]
        for store in summary.stores {
            lines.append(
                "  \(store.storeId)  \(store.name)  \(store.timeZone)  tracking \(store.trackingId)  "
                    + "phone \(store.phoneNumbers.joined(separator: ","))  area codes \(store.areaCodes.joined(separator: ","))  "
                    + "rules \(store.ruleSets.joined(separator: "+"))")
        }
        lines.append("events by type:")
        for (type, count) in summary.eventCounts.sorted(by: { $0.key < $1.key }) { lines.append("  \(type)  \(count)") }
        let deduplicated = summary.deduplicated.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append("deduplicated inputs (redeliveries, retried requests): \(summary.deduplicatedTotal) (\(deduplicated.joined(separator: ", ")))")
        let refused = summary.refused.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append("refused on purpose: \(refused.isEmpty ? "none" : refused.joined(separator: ", "))")
        lines.append("late deliveries (occurredAt before events already recorded): \(summary.lateDeliveries)")
        lines.append("planted TCPA violations:")
        for violation in summary.violations {
            lines.append(
                "  \(violation.rule)  \(violation.kind.rawValue)  store \(violation.storeId)  phone \(violation.phone)  "
                    + "position \(violation.position) \(violation.eventType) at \(ISOTime.string(violation.occurredAt)) (\(violation.localTime))"
                    + (violation.evidencePositions.isEmpty ? "" : "  evidence \(violation.evidencePositions.map(String.init).joined(separator: ","))"))
        }
        lines.append("generated in \(Format.decimal(seconds, places: 1)) s (\(Int(Double(summary.eventsAppended) / seconds)) events/s)")
        return lines
    }
}
