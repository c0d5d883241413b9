import Dispatch
import EventStore
import Logging
import Projections

/// The read side `serve` hosts: the SQLite read model (Projections) and the runner that
/// follows the log into it. Reads answer from the read model and carry its applied position
/// (`X-Position`); `minPosition` waits on the runner (API.md "Read-your-writes").
///
/// Thread-safe: `ReadModel` and `ProjectionRunner` are.
public struct ReadSide: Sendable {
    public let readModel: ReadModel
    public let runner: ProjectionRunner

    /// Opens (creating if needed) `<dataDirectory>/readmodel` as its maintainer.
    public init(store: EventStore, dataDirectory: String, logger: Logger = Logger(label: "contactledger.projections")) throws {
        readModel = try ReadModel(dataDirectory: dataDirectory, mode: .maintain)
        runner = try ProjectionRunner(store: store, readModel: readModel, logger: logger)
    }

    var appliedPosition: UInt64 { runner.status.appliedPosition }

    /// Runs a read-model query on a reader thread instead of the event loop: GRDB reads are
    /// synchronous, and a query that takes a while (a search, a sort without an index) would
    /// otherwise stall every connection of its loop (measured: the profile's p99 over HTTP
    /// was 30× its in-process p99 while page queries shared the loops). The read model's
    /// pool bounds how many run at once.
    func query<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.queries.result(of: body).get()
    }

    private static let queries = DispatchQueue(label: "contactledger.read-model-queries", attributes: .concurrent)

    /// The position a read answers at: waits up to `timeout` for the requested one, else 503.
    func position(for request: APIRequest, timeout: Duration) async throws -> UInt64 {
        guard let wanted = try ReadPosition.requested(request) else { return appliedPosition }
        guard await runner.waitUntilApplied(wanted, timeout: timeout) else {
            if let failure = runner.status.failure {
                throw APIError(.unavailable, "the read model stopped at position \(appliedPosition): \(failure.code)")
            }
            throw ReadPosition.notYet(wanted, applied: appliedPosition, what: "the read model", waited: timeout)
        }
        return appliedPosition
    }
}
