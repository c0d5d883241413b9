import ArgumentParser
import Demo
import EventStore
import Foundation
import HTTPServer
import Logging
import MailIntake

/// `contactledger serve`: the HTTP API (API.md) on the data directory's log.
///
/// Startup: tokens from `--tokens`, else `<data>/tokens.json` (created with a fresh admin token,
/// printed once on stdout); open the log read-write (the directory lock makes this the one
/// writer); bind. Prints `listening on http://HOST:PORT` once the socket is bound.
///
/// Hosted next to the HTTP server in one service group: live projections, the lead-cooling
/// sweeper and, with `--imap-url`, the IMAP poller (`ServeIMAPOptions`).
///
/// SIGTERM / SIGINT: stop accepting, finish in-flight requests, stop the hosted services, then
/// close the log (which syncs it) and exit 0. Logs are JSON lines on stderr (see Main).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API on the data directory.",
        discussion: """
            Without --tokens, DIR/tokens.json is used; on first start it is created with one admin \
            token, which is printed once (with --demo, the URL and that token are shown in a banner \
            on every start). With --imap-url the IMAP poller runs inside the server. SIGTERM or \
            SIGINT stops gracefully (exit 0).
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

    @OptionGroup(title: "IMAP poller (runs inside the server when --imap-url is given)")
    var imap: ServeIMAPOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        let imapConfiguration = try imap.configuration()  // a bad URL or a missing password: exit 1 before anything starts
        let (table, shownToken) = try loadTokens()
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
        var hosted: [HostedLoop] = []
        if let imapConfiguration {
            do {
                hosted.append(try Self.imapPoller(imapConfiguration, server: server))
            } catch {
                await store.close()
                throw CLIError.user("\(error)")
            }
            Console.info("imap: polling \(imapConfiguration.url) every \(imapConfiguration.interval)")
        }
        let host = self.host, demo = self.demo, tokensPath = tokens ?? options.dataDirectory + "/tokens.json"
        let app = server.application(services: hosted, logger: logger) { port in
            Console.out("listening on http://\(host):\(port)")
            if demo { Console.out(Self.demoBanner(url: "http://\(host):\(port)", token: shownToken, tokensPath: tokensPath)) }
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

    /// The IMAP poller as a service of the server's group: it records through the server's own
    /// lead handler (same store, same live registry) and counts into the server's `/metrics`;
    /// graceful shutdown cancels it after the HTTP server has drained, before the log closes.
    static func imapPoller(_ configuration: IMAPPollerConfiguration, server: APIServer) throws -> HostedLoop {
        let logger = Logger(label: "contactledger.imap-poller")
        let poller = try IMAPPoller(
            configuration: configuration, leads: server.leadEmailHandler, logger: logger,
            metrics: MailIntakeMetrics(source: "imap", factory: server.metrics.metricsFactory))
        return HostedLoop(name: "imap-poller", logger: logger) { await poller.run() }
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

    /// The tokens, and the admin token to show: a freshly created one (printed here, once), or
    /// with `--demo` the data directory's own admin token, which the banner shows on every start
    /// (a demo is for trying the API; its tokens file is the one `serve` created).
    private func loadTokens() throws -> (table: TokenTable, shownToken: String?) {
        do {
            if let tokens {
                return (try TokenTable(contentsOf: tokens), nil)
            }
            let (table, created) = try TokenTable.loadOrCreate(dataDirectory: options.dataDirectory)
            if let created, !demo {
                Console.out("admin token: \(created)")
                Console.out("(saved in \(options.dataDirectory)/tokens.json; it is not shown again)")
            }
            let shown = created ?? (demo ? table.entries.first { $0.scope == .admin }?.token : nil)
            return (table, shown)
        } catch {
            throw CLIError.user(error.description)
        }
    }

    /// What `serve --demo` prints once it is listening (README's first command): the URL and
    /// the admin token, framed so they stand out from the log lines on stderr, and a command to
    /// paste.
    static func demoBanner(url: String, token: String?, tokensPath: String) -> String {
        let rule = String(repeating: "=", count: 78)
        var lines = [
            "", rule,
            "  ContactLedger demo is running",
            "",
            "    URL          \(url)",
        ]
        if let token {
            lines += [
                "    admin token  \(token)",
                "",
                "  Try it (paste into another shell):",
                "    export CL=\(url) TOKEN=\(token)",
                "    curl -H \"Authorization: Bearer $TOKEN\" $CL/v1/stores",
            ]
        } else {
            lines.append("    admin token  see \(tokensPath)")
        }
        lines += ["", "  Ctrl-C (SIGINT) or SIGTERM stops the server.", rule, ""]
        return lines.joined(separator: "\n")
    }
}

// DataOptions.dataDirectory lives in ContactLedger.swift beside logDirectory.
