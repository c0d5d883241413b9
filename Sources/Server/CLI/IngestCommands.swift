import ArgumentParser
import Commands
import Domain
import EventStore
import Foundation
import MailIntake

/// `contactledger ingest …` and `contactledger store register`: inputs from files through the
/// same command handlers the HTTP routes use (API.md "Command line").
///
/// Each input prints one line on stdout: `INPUT: appended P…` or `INPUT: duplicate P…`, with
/// ` unrouted` after it when no store owns the input (CDP.md §8: kept, `unrouted list` shows
/// it), and the outcome's notes (why unrouted, what a store registration re-routed) on stderr
/// as `INPUT: note: …`; an input the handler refuses prints `INPUT: field: reason` on stderr and the command exits 1
/// after trying every input (0 when all succeeded). A store fault (I/O, corruption, read-only)
/// stops at once with exit 2: nothing after it could be recorded either.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Record emails, RingCentral notifications, AI analyses or event envelopes from files.",
        subcommands: [Email.self, IMAP.self, RingCentralMessage.self, RingCentralCall.self, Analysis.self, Events.self]
    )
}

/// One open store with its handlers and the per-input report.
struct IngestSession {
    let store: EventStore
    let handlers: CommandHandlers
    private(set) var failures = 0
    private(set) var inputs = 0

    static func open(_ options: DataOptions) async throws -> IngestSession {
        try FileManager.default.createDirectory(atPath: options.logDirectory, withIntermediateDirectories: true)
        let store = try EventStore(directory: options.logDirectory)
        do {
            return IngestSession(store: store, handlers: try CommandHandlers(store: store))
        } catch {
            await store.close()
            throw CLIError.fault("cannot read the store registry: \(error)")
        }
    }

    /// Runs `body` for `label`, prints its line; a store fault ends the command (exit 2).
    mutating func run(_ label: String, _ body: () async throws(CommandError) -> CommandOutcome) async throws {
        inputs += 1
        do {
            Self.printOutcome(label, try await body())
        } catch {
            Console.info("\(label): \(Self.describe(error))")
            guard error.isUserError else {
                throw CLIError.fault("\(label): \(error.reason)")
            }
            failures += 1
        }
    }

    static func printOutcome(_ label: String, _ outcome: CommandOutcome) {
        let positions = outcome.positions.map(String.init).joined(separator: " ")
        let unrouted = outcome.routed == false ? " unrouted" : ""
        Console.out("\(label): \(outcome.deduplicated ? "duplicate" : "appended") \(positions)\(unrouted)")
        for note in outcome.notes { Console.info("\(label): note: \(note)") }
    }

    /// `field: reason` (with `line N:` for JSON Lines), as the brief's `file: field: reason`.
    static func describe(_ error: CommandError) -> String {
        var text = error.line.map { "line \($0): " } ?? ""
        text += error.field.isEmpty ? error.reason : "\(error.field): \(error.reason)"
        return text
    }

    mutating func fail(_ label: String, _ reason: String) {
        inputs += 1
        failures += 1
        Console.info("\(label): \(reason)")
    }

    /// A Maildir pass (MaildirIntake): one line per message, as for files; a quarantined
    /// message counts as a failed input (exit 1), a store fault stops at once (exit 2).
    mutating func ingest(maildir: String, leads: LeadEmailHandler) async throws {
        var lines: [(path: String, disposition: MailDisposition)] = []
        let intake = MaildirIntake(directory: maildir, leads: leads)
        do {
            _ = try await intake.ingest { lines.append(($0.path, $0.disposition)) }
        } catch {
            report(lines)
            switch error {
            case .configuration(let cause): throw CLIError.user(cause.description)
            case .store(let cause, _): throw CLIError.fault("\(lines.last?.path ?? maildir): \(cause.reason)")
            case .imap(let cause, _): throw CLIError.fault(cause.description)
            }
        }
        report(lines)
    }

    private mutating func report(_ lines: [(path: String, disposition: MailDisposition)]) {
        for (path, disposition) in lines {
            inputs += 1
            switch disposition {
            case .recorded(let outcome):
                Self.printOutcome(path, outcome)
            case .quarantine(let reason):
                failures += 1
                Console.info("\(path): quarantined: \(reason)")
            case .deferred(let reason):
                failures += 1
                Console.info("\(path): left unseen: \(reason)")
            case .storeFault(let error):
                Console.info("\(path): \(Self.describe(error))")
            }
        }
    }

    /// Closes the store; exit 1 when any input failed.
    func finish() async throws {
        await store.close()
        if failures > 0 {
            throw CLIError.user("\(failures) of \(inputs) input\(inputs == 1 ? "" : "s") failed")
        }
    }

    /// Reads `path`, or records the failure and returns nil.
    mutating func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else {
            fail(path, "file: cannot be read")
            return nil
        }
        return [UInt8](data)
    }

    /// The JSON inputs of a file: the whole file when it is one JSON value, else each
    /// non-blank line (JSON Lines), labelled `file:line`.
    static func jsonInputs(_ path: String, _ bytes: [UInt8]) -> [(label: String, bytes: [UInt8])] {
        if (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil {
            return [(path, bytes)]
        }
        var inputs: [(String, [UInt8])] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            inputs.append(("\(path):\(lineNumber)", Array(line)))
        }
        return inputs.isEmpty ? [(path, bytes)] : inputs
    }

    /// Every JSON input of every file through `handle`.
    mutating func ingestJSON(
        _ files: [String], _ handle: ([UInt8]) async throws(CommandError) -> CommandOutcome
    ) async throws {
        for file in files {
            guard let bytes = read(file) else { continue }
            for input in Self.jsonInputs(file, bytes) {
                try await run(input.label) { () async throws(CommandError) in try await handle(input.bytes) }
            }
        }
    }
}

extension IngestCommand {
    struct Email: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record RFC 822 lead emails (files, or a Maildir's unseen messages).",
            discussion: """
                Each email gives lead.received (first delivery), lead.updated (a redelivery whose \
                store mapping or lead type changed) or a duplicate. A message over 10 MiB or with \
                more than 1,000 header lines is refused and nothing is recorded for it. With \
                --maildir, each message in new/ and each one in cur/ without the S flag is recorded \
                and then moved to cur/ with S; one that fails to parse is moved to the .Quarantine \
                folder (the Quarantine mailbox); files already flagged S are not read again.
                """)

        @OptionGroup var options: DataOptions

        @Option(name: .long, help: ArgumentHelp("A Maildir: new/ and unseen cur/ messages, marked seen once recorded.", valueName: "DIR"))
        var maildir: String?

        @Argument(help: ArgumentHelp("RFC 822 message files.", valueName: "FILE"))
        var files: [String] = []

        func validate() throws {
            if files.isEmpty && maildir == nil { throw ValidationError("give at least one FILE or --maildir DIR") }
        }

        func run() async throws {
            var session = try await IngestSession.open(options)
            let handler = LeadEmailHandler(store: session.store, registry: session.handlers.registry)
            for path in files {
                guard let bytes = session.read(path) else { continue }
                try await session.run(path) { () async throws(CommandError) in try await handler.handle(bytes) }
            }
            if let maildir {
                try await session.ingest(maildir: maildir, leads: handler)
            }
            try await session.finish()
        }
    }

    struct RingCentralMessage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ringcentral-message",
            abstract: "Record RingCentral message notifications (one JSON per file, or JSON Lines).")

        @OptionGroup var options: DataOptions
        @Argument(help: ArgumentHelp("JSON or JSON Lines files.", valueName: "FILE")) var files: [String]

        func run() async throws {
            var session = try await IngestSession.open(options)
            let handler = session.handlers.ringCentralMessage
            try await session.ingestJSON(files) { (bytes) async throws(CommandError) in try await handler.handle(bytes) }
            try await session.finish()
        }
    }

    struct RingCentralCall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ringcentral-call",
            abstract: "Record RingCentral call-log records (one JSON per file, or JSON Lines).")

        @OptionGroup var options: DataOptions
        @Argument(help: ArgumentHelp("JSON or JSON Lines files.", valueName: "FILE")) var files: [String]

        func run() async throws {
            var session = try await IngestSession.open(options)
            let handler = session.handlers.ringCentralCall
            try await session.ingestJSON(files) { (bytes) async throws(CommandError) in try await handler.handle(bytes) }
            try await session.finish()
        }
    }

    struct Analysis: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record call or contact AI analysis results (one JSON per file, or JSON Lines).")

        @OptionGroup var options: DataOptions
        @Argument(help: ArgumentHelp("JSON or JSON Lines files.", valueName: "FILE")) var files: [String]

        func run() async throws {
            var session = try await IngestSession.open(options)
            let handler = session.handlers.analysis
            try await session.ingestJSON(files) { (bytes) async throws(CommandError) in try await handler.handle(bytes) }
            try await session.finish()
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record documented events in their JSON envelope (JSON Lines; one outcome line per file).")

        @OptionGroup var options: DataOptions
        @Argument(help: ArgumentHelp("JSON Lines files.", valueName: "FILE.jsonl")) var files: [String]

        func run() async throws {
            var session = try await IngestSession.open(options)
            let handler = session.handlers.events
            for file in files {
                guard let bytes = session.read(file) else { continue }
                try await session.run(file) { () async throws(CommandError) in try await handler.handle(bytes) }
            }
            try await session.finish()
        }
    }
}

extension StoreCommand {
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register or update a store from its JSON profile.")

        @OptionGroup var options: DataOptions
        @Argument(help: ArgumentHelp("Store profile JSON files.", valueName: "FILE.json")) var files: [String]

        func run() async throws {
            var session = try await IngestSession.open(options)
            let handler = session.handlers.registerStore
            for file in files {
                guard let bytes = session.read(file) else { continue }
                try await session.run(file) { () async throws(CommandError) in try await handler.handle(bytes) }
            }
            try await session.finish()
        }
    }
}
