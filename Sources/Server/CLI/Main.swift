import ArgumentParser
import Glibc
import HTTPServer
import Logging

/// The process entry point. Not `ContactLedger.main()`: argument-parser exits 64 (EX_USAGE)
/// on a usage error and prints the usage block, while API.md wants exit 1 with a one-line
/// reason. Every error therefore ends here and is mapped by `ExitStatus`.
@main
enum Main {
    static func main() async {
        // The one process-wide setup (STYLE.md): logs to stderr, stdout is for data.
        let level = Logger.Level(rawValue: getenv("CONTACTLEDGER_LOG_LEVEL").map { String(cString: $0) } ?? "info") ?? .info
        // `serve` logs JSON lines (API.md: structured logs with request ids); the tools plain text.
        let serving = CommandLine.arguments.dropFirst().first == "serve"
        LoggingSystem.bootstrap { label in
            if serving { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try await ContactLedger.asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch {
            exit(ExitStatus.report(error))
        }
    }
}
