import ArgumentParser
import Audit
import EventStore
import Foundation

/// `contactledger audit …`: the TCPA auditor over the log (TCPA.md, API.md "Command line").
/// Both subcommands open the log read-only (no writer lock: safe next to a running `serve`)
/// and never touch the read models.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Replay the log: TCPA violations with evidence, or a contact's state as of an instant.",
        subcommands: [TCPA.self, State.self]
    )
}

extension AuditCommand {
    struct TCPA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report TCPA violations (DNC-1, OPTOUT-CONFIRM, OPTOUT-HONOR, HOURS-1, DNC-AI, DNC-RETAIN, state sets).",
            discussion: """
                Replays every event (or one store's) and writes the report to stdout or --out: \
                json (default; byte-identical for the same log except generatedAt), csv (one row \
                per violation) or html (a self-contained page). --from/--to limit the reported \
                events by event time; state is always built from the whole log. Exit 0 whether \
                or not violations were found; 1 on a bad option; 2 when the log is damaged.
                """)

        @OptionGroup var options: DataOptions
        @Option(name: .customLong("store"), help: ArgumentHelp("Audit one store.", valueName: "ID")) var store: String?
        @Option(help: ArgumentHelp("Report events that occurred at or after T (ISO-8601).", valueName: "T")) var from: String?
        @Option(help: ArgumentHelp("Report events that occurred before T (ISO-8601).", valueName: "T")) var to: String?
        @Option(name: .customLong("rule-sets"), help: ArgumentHelp("Rule sets instead of each store's configured ones: federal,florida,oklahoma,maryland.", valueName: "a,b"))
        var ruleSets: String?
        @Option(help: ArgumentHelp("json, csv or html.", valueName: "FORMAT")) var format: String = "json"
        @Option(help: ArgumentHelp("Write the report to FILE (atomically) instead of stdout.", valueName: "FILE")) var out: String?
        @Option(help: ArgumentHelp("A NANP zone table to use instead of the built-in one (data/nanp-zones.tsv format).", valueName: "FILE"))
        var zones: String?

        func run() async throws {
            let formatName = format, zonesPath = zones
            let reportFormat = try mapped { () throws(AuditError) in try AuditReportFormat(parsing: formatName) }
            let table = try mapped { () throws(AuditError) -> NANPZoneTable in
                guard let zonesPath else { return .embedded }
                return try NANPZoneTable(contentsOf: zonesPath)
            }
            let storeId = store, fromText = from, toText = to, sets = ruleSets
            let auditOptions = try mapped { () throws(AuditError) in
                try TCPAAuditOptions(storeId: storeId, from: fromText, to: toText, ruleSets: sets, zoneTable: table)
            }
            let progress = ProgressReporter(label: "audit", unit: .events)
            let (report, problems) = try await withReadOnlyLog(options) { store in
                try mapped { () throws(AuditError) in
                    try TCPAAudit.run(store: store, options: auditOptions, generatedAt: Timestamp(Date())) { position, last in
                        progress.update(done: position, total: last)
                    }
                }
            }
            progress.finish()
            let sink = try out.map { path throws(CLIError) in try DataOutput(path: path) } ?? DataOutput()
            do {
                try sink.append(report.encoded(as: reportFormat))
                try sink.finish()
            } catch {
                sink.abandon()
                throw error
            }
            let summary = "\(report.counts.violations) violation\(report.counts.violations == 1 ? "" : "s") in \(report.range.eventsReplayed) events"
                + (report.counts.violationsByRule.isEmpty ? "" : " (" + report.counts.violationsByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
            Console.info(summary + (out.map { ", written to \($0)" } ?? ""))
            try problems(report.range.eventsReplayed)
        }
    }

    struct State: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A contact's state (DNC and who set it, lifecycle, leadStatus, names, open tasks) as of an instant.",
            discussion: """
                --at T alone: what was true at T (events with occurredAt ≤ T, in event-time order). \
                With --known-at T2: what the system knew at T2 (only events recorded by T2, in log \
                order). Prints one JSON object.
                """)

        @OptionGroup var options: DataOptions
        @Option(name: .customLong("store"), help: ArgumentHelp("The contact's store.", valueName: "ID")) var store: String
        @Option(help: ArgumentHelp("The contact's phone (any NANP spelling).", valueName: "P")) var phone: String
        @Option(help: ArgumentHelp("The instant (ISO-8601).", valueName: "T")) var at: String
        @Option(name: .customLong("known-at"), help: ArgumentHelp("Only what was recorded by T2 (ISO-8601).", valueName: "T2"))
        var knownAt: String?

        func run() async throws {
            let storeId = store, phoneText = phone, atText = at, knownAtText = knownAt
            let query = try mapped { () throws(AuditError) in
                try ContactStateQuery(storeId: storeId, phone: phoneText, at: atText, knownAt: knownAtText)
            }
            let (state, problems) = try await withReadOnlyLog(options) { store in
                try mapped { () throws(AuditError) in try ContactStateAudit.reconstruct(store: store, query: query) }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(state), as: UTF8.self))
            try problems(state.lastPosition)
        }
    }
}

/// Opens the log read-only, runs `body`, closes the log. Returns the result and a check that
/// throws (exit 2) if a read-only open found damage that cut the replay short.
func withReadOnlyLog<T>(_ options: DataOptions, _ body: (EventStore) throws -> T) async throws -> (T, (UInt64) throws -> Void) {
    let store = try options.openReadOnly()
    let result: T
    do {
        result = try body(store)
    } catch {
        await store.close()
        throw error
    }
    await store.close()
    return (result, { served in try reportProblems(of: store, served: served) })
}

/// Runs `body`, turning an audit error into the CLI's error with the right exit status:
/// bad options and zone files exit 1, damage exits 2 (a store error keeps its own mapping).
func mapped<T>(_ body: () throws(AuditError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        switch error {
        case .invalidField, .invalidZoneTable: throw CLIError.user(error.description)
        case .store(let storeError): throw storeError
        case .undecodableEvent: throw CLIError.corruption(error.description)
        }
    }
}
