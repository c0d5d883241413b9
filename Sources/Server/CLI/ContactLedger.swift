import ArgumentParser

/// The `contactledger` command tree (API.md, "Command line").
struct ContactLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contactledger",
        abstract: "ContactLedger: an event-sourced customer data platform for franchise stores.",
        discussion: """
            Exit status: 0 on success, 1 on a user error (a one-line reason on stderr), \
            2 on corruption or an internal fault.
            """,
        subcommands: [
            StoreCommand.self, IngestCommand.self, RebuildCommand.self, ProjectionsCommand.self, SweepCommand.self,
            SmokeCommand.self, ServeCommand.self, AuditCommand.self, DemoCommand.self, UnroutedCommand.self,
        ]
    )
}

/// `--data DIR`, shared by every subcommand (API.md).
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data directory; the event log lives in DIR/log.", valueName: "DIR"))
    var data: String = "./var/contactledger"

    var dataDirectory: String { data.hasSuffix("/") ? String(data.dropLast()) : data }
    var logDirectory: String { dataDirectory + "/log" }
}
