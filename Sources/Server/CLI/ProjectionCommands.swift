import ArgumentParser
import Commands
import Domain
import EventStore
import Foundation
import HTTPServer
import Projections

/// `contactledger rebuild [--projection NAME]` (API.md): rebuilds the read model from
/// position 1 into a new generation and swaps it in.
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild the read models from the log into a new file and swap it in atomically.",
        discussion: """
            Builds every projection (or only --projection NAME, keeping the others' rows) from \
            position 1 into a new generation of DATA/readmodel, then makes it live by replacing \
            DATA/readmodel/CURRENT. A crash at any point leaves the old generation live. Needs \
            the read model's lock: stop a running server first (it keeps its read model current \
            itself). Projections: \(ProjectionName.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @OptionGroup var options: DataOptions
    @Option(name: .long, help: ArgumentHelp("Rebuild only this projection.", valueName: "NAME"))
    var projection: String?

    func run() async throws {
        let only = try projection.map { name throws(CLIError) in
            guard let projection = ProjectionName(rawValue: name) else { throw .user(ProjectionError.unknownProjection(name).description) }
            return projection
        }
        try await ProjectionSession.with(options) { session in
            let progress = ProgressReporter(label: "rebuild", unit: .events)
            let started = Date()
            let result = try session.runner.rebuild(only: only) { applied, target in progress.update(done: applied, total: target) }
            progress.finish()
            let seconds = Date().timeIntervalSince(started)
            Console.out(
                "rebuilt \(result.projections.map(\.rawValue).joined(separator: ", ")) to position \(result.position) "
                    + "(generation \(result.generation), \(result.eventsApplied) events in \(Format.decimal(seconds, places: 2)) s)")
        }
    }
}

/// `contactledger projections status|catch-up`.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Show the read models' positions and lag, or apply the log to them.",
        subcommands: [Status.self, CatchUp.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each projection's applied position and lag behind the log.",
            discussion: "Reads without taking any lock; works while the server runs.")

        @OptionGroup var options: DataOptions

        func run() async throws {
            try options.requireLog()
            let store = try options.openReadOnly()
            let end = store.durablePosition
            await store.close()
            let readModel: ReadModel
            do {
                readModel = try ReadModel(dataDirectory: options.dataDirectory, mode: .read)
            } catch {
                throw CLIError.user(error.description)
            }
            let checkpoints = try readModel.checkpoints()
            Console.out("log end \(end); read model generation \(readModel.generation)")
            for name in ProjectionName.allCases {
                let position = checkpoints[name] ?? 0
                let lag = end > position ? end - position : 0
                Console.out("\(name.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) position \(position)  lag \(lag)")
            }
        }
    }

    struct CatchUp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catch-up",
            abstract: "Apply every durable event to the read models, then exit.",
            discussion: """
                What the server does continuously, once: each batch of events commits with the \
                projections' checkpoints, so an interrupted catch-up resumes where it stopped.
                """)

        @OptionGroup var options: DataOptions
        @Option(name: .long, help: "Events per transaction.")
        var batchSize = 2_000

        func run() async throws {
            try await ProjectionSession.with(options, batchSize: batchSize) { session in
                let progress = ProgressReporter(label: "catch-up", unit: .events)
                let applied = try session.runner.catchUp { applied, target in progress.update(done: applied, total: target) }
                progress.finish()
                Console.out("applied through position \(applied)")
            }
        }
    }
}

/// `contactledger sweep [--now T]`: cools leads still new/attempted 5 days after createdAt, and
/// cancels the open outreach tasks of contacts under Do-Not-Contact (what `serve` does by itself).
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Cool leads still new or attempted after 5 days; cancel the outreach tasks of Do-Not-Contact contacts.",
        discussion: """
            Brings the read model up to date, asks it for leads due for cooling at --now \
            (default: the current time) and appends lead.cooled for each, expecting the contact's \
            version: a contact that changed meanwhile is left for the next sweep. Then appends \
            task.cancelled (reason do_not_contact, actor system) for every open lead_outreach, \
            follow_up or callback task whose contact is under Do-Not-Contact in the log.
            """)

    @OptionGroup var options: DataOptions
    @Option(name: .long, help: ArgumentHelp("The instant to sweep at (ISO-8601).", valueName: "T"))
    var now: String?

    func run() async throws {
        let instant = try now.map { text throws(CLIError) in
            guard let instant = ISOTime.parseTimestamp(text) else { throw .user("--now: '\(text)' is not an ISO-8601 instant") }
            return instant
        } ?? Timestamp(Date())
        try await ProjectionSession.with(options, readOnlyLog: false) { session in
            try session.runner.catchUp()
            let result = try await LeadCoolingSweeper(store: session.store, readModel: session.readModel).sweep(now: instant)
            try session.runner.catchUp()
            Console.out("cooled \(result.cooled), already cooled \(result.alreadyCooled), changed meanwhile \(result.conflicts)")
            for failure in result.failures { Console.error(failure) }
            let outreach = try await DoNotContactTaskSweeper(
                store: session.store, readModel: session.readModel, clock: InstantClock(instant: instant)
            ).sweep()
            try session.runner.catchUp()
            Console.out(
                "cancelled \(outreach.cancelled) outreach tasks of Do-Not-Contact contacts"
                    + " (already cancelled \(outreach.alreadyCancelled), DNC cleared meanwhile \(outreach.notInForce),"
                    + " ended meanwhile \(outreach.ended))")
            for failure in outreach.failures { Console.error(failure) }
            if !result.failures.isEmpty { throw CLIError.fault("\(result.failures.count) leads could not be cooled") }
            if !outreach.failures.isEmpty { throw CLIError.fault("\(outreach.failures.count) tasks could not be cancelled") }
        }
    }
}

/// A clock that always reads `--now`: a sweep's appends happen at the instant it sweeps at.
private struct InstantClock: StoreClock {
    let instant: Timestamp
    func now() -> Timestamp { instant }
}

/// The log and the read model opened together for a projection command.
struct ProjectionSession {
    let store: EventStore
    let readModel: ReadModel
    let runner: ProjectionRunner

    static func with(
        _ options: DataOptions, batchSize: Int = 2_000, readOnlyLog: Bool = true, _ body: (ProjectionSession) async throws -> Void
    ) async throws {
        try options.requireLog()
        let store = readOnlyLog ? try options.openReadOnly() : try EventStore(directory: options.logDirectory)
        do {
            let readModel = try ReadModel(dataDirectory: options.dataDirectory)
            let runner = try ProjectionRunner(store: store, readModel: readModel, options: .init(batchSizeMax: batchSize))
            try await body(ProjectionSession(store: store, readModel: readModel, runner: runner))
            await store.close()
        } catch let error as ProjectionError {
            await store.close()
            switch error {
            case .locked, .unknownProjection: throw CLIError.user(error.description)
            default: throw CLIError.fault(error.description)
            }
        } catch {
            await store.close()
            throw error
        }
    }
}
