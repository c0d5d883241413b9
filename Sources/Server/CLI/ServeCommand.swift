import ArgumentParser
import Demo
import EventStore
import Foundation
import HTTPServer
import Logging

/// `contactledger serve`: the HTTP API (API.md) on the data directory's log.
///
/// Startup: tokens from `--tokens`, else `<data>/tokens.json` (created with a fresh admin token,
/// printed once on stdout); open the log read-write (the directory lock makes this the one
/// writer); bind. Prints `listening on http://HOST:PORT` once the socket is bound.
///
/// SIGTERM / SIGINT: stop accepting, finish in-flight requests, stop the hosted services, then
/// close the log (which syncs it) and exit 0. Logs are JSON lines on stderr (see Main).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API on the data directory.",
        discussion: """
            Without --tokens, DIR/tokens.json is used; on first start it is created with one admin \
            token, which is printed once. SIGTERM or SIGINT stops gracefully (exit 0).
            """)

    @OptionGroup var options: DataOptions

    @Option(help: ArgumentHelp("The address to bind.", valueName: "HOST"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to bind (0: any free port).", valueName: "PORT"))
    var port = 8080

    @Option(help: ArgumentHelp("A tokens file: {\"tokens\":[{\"token\",\"scope\"}]}.", valueName: "FILE"))
    var tokens: String?

    @Flag(help: "Load the demo data set (`contactledger demo`'s defaults) into an empty data directory first.")
    var demo = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        let table = try loadTokens()
        try FileManager.default.createDirectory(atPath: options.logDirectory, withIntermediateDirectories: true)
        if demo { try await loadDemo() }
        let store = try EventStore(directory: options.logDirectory)
        let logger = Logger(label: "contactledger.http")
        var serverOptions = APIServerOptions()
        serverOptions.host = host
        serverOptions.port = port
        let server: APIServer
        do {
            let readSide = try ReadSide(store: store, dataDirectory: options.dataDirectory)
            server = try APIServer(store: store, readSide: readSide, tokens: table, options: serverOptions)
        } catch {
            await store.close()
            throw CLIError.fault("cannot start: \(error)")
        }
        let host = self.host
        let app = server.application(logger: logger) { port in
            Console.out("listening on http://\(host):\(port)")
            logger.info("listening", metadata: ["host": .string(host), "port": .stringConvertible(port)])
        }
        do {
            try await app.runService()
        } catch {
            await store.close()
            throw CLIError.fault("server stopped: \(error)")
        }
        await store.close()
        logger.info("stopped; log closed", metadata: ["position": .stringConvertible(store.durablePosition)])
    }

    /// API.md: `--demo` loads the demo data set into an empty data directory; a directory that
    /// already holds events (a second `serve --demo`) is served as it is.
    private func loadDemo() async throws {
        let existing = try EventStore(directory: options.logDirectory)
        let position = existing.durablePosition
        await existing.close()
        guard position == 0 else {
            Console.info("demo: \(options.logDirectory) already holds \(position) events; serving them as they are")
            return
        }
        Console.info("demo: generating the demo history into \(options.logDirectory) …")
        do {
            let summary = try await DemoGenerator.generate(directory: options.logDirectory, options: DemoOptions())
            Console.info("demo: \(summary.stores.count) stores, \(summary.contacts) contacts, \(summary.eventsAppended) events")
        } catch {
            throw CLIError.fault("demo: \(error)")
        }
    }

    private func loadTokens() throws -> TokenTable {
        do {
            if let tokens {
                return try TokenTable(contentsOf: tokens)
            }
            let (table, created) = try TokenTable.loadOrCreate(dataDirectory: options.dataDirectory)
            if let created {
                Console.out("admin token: \(created)")
                Console.out("(saved in \(options.dataDirectory)/tokens.json; it is not shown again)")
            }
            return table
        } catch {
            throw CLIError.user(error.description)
        }
    }
}

// DataOptions.dataDirectory lives in ContactLedger.swift beside logDirectory.
