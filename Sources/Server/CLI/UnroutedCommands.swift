import ArgumentParser
import Commands
import Domain
import EventStore

/// `contactledger unrouted …`: the inputs no store owned (CDP.md §8), kept on `unrouted/…`
/// streams until a store that owns them is registered (`store register` re-routes them).
struct UnroutedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unrouted",
        abstract: "Inputs no store owned: RingCentral messages, calls and opt-out notices, leads.",
        subcommands: [List.self]
    )
}

extension UnroutedCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List kept inputs as JSON Lines, in log order (what GET /v1/unrouted shows).",
            discussion: """
                One JSON object per input: position, stream, kind, sourceId, reason, occurredAt, \
                recordedAt, actor, the routing facts (accountId, storePhone, trackingId, leadSender) \
                and status (pending or rerouted, with reroutedPosition and reroutedStoreId). Opens \
                the log read-only (safe beside a running server). Registering or updating the \
                store that owns an input (`contactledger store register`) re-routes it.
                """)

        @OptionGroup var options: DataOptions

        @Flag(help: "Also list inputs already re-routed.")
        var all = false

        @Option(help: ArgumentHelp("List from this log position.", valueName: "P"))
        var from: UInt64 = 1

        @Option(help: ArgumentHelp("At most N inputs.", valueName: "N"))
        var limit: Int = .max

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let store = try options.openReadOnly()
            let page: (inputs: [UnroutedInput], next: UInt64?)
            do {
                page = try UnroutedInputs(store: store).list(from: from, limit: limit, includeRerouted: all)
            } catch {
                throw CLIError.fault("the unrouted inputs cannot be read: \(error.reason)")
            }
            for input in page.inputs {
                Console.out(String(decoding: EventCodec.canonicalJSON(input), as: UTF8.self))
            }
            try reportProblems(of: store, served: UInt64(page.inputs.count))
        }
    }
}
