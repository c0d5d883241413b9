import Logging
import ServiceLifecycle

/// A long-running loop hosted in `serve`'s service group next to the HTTP server — the IMAP
/// poller (`IMAPPoller.run()`), which polls until its task is cancelled and then returns.
///
/// Graceful shutdown (SIGTERM/SIGINT) cancels `body` through `cancelWhenGracefulShutdown`, after
/// the HTTP server has stopped accepting and finished its in-flight requests (Hummingbird stops
/// the services it hosts in reverse order, the server first); `serve` closes the log only after
/// every service has returned, so a pass cut short never outlives the store it appends to.
///
/// `body` must return when its task is cancelled and must not throw (it logs and retries its
/// own failures): a loop that returns on its own would end the whole service group.
/// Thread-safe: immutable; `body` is `@Sendable`.
public struct HostedLoop: Service, CustomStringConvertible {
    public let name: String
    let body: @Sendable () async -> Void
    let logger: Logger

    public init(name: String, logger: Logger, body: @escaping @Sendable () async -> Void) {
        self.name = name
        self.logger = logger
        self.body = body
    }

    public var description: String { name }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
        logger.info("service stopped", metadata: ["service": .string(name)])
    }
}
