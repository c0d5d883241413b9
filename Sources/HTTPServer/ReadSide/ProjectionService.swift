import Logging
import Projections
import ServiceLifecycle

/// Runs the projection runner inside `serve`'s service group: follows the log live until
/// graceful shutdown (then the runner's current batch commits and it stops). A projection
/// failure is logged and ends only this service's loop: the API keeps serving writes, reads
/// answer from the last applied position and `/health` reports not ready.
struct ProjectionService: Service {
    let runner: ProjectionRunner
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await runner.run()
            }
        } catch is CancellationError {
            // Graceful shutdown.
        } catch {
            logger.error("projections stopped", metadata: ["error": .string("\(error)")])
        }
    }
}
