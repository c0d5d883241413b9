import Commands
import Domain
import EventStore
import Logging
import Projections
import ServiceLifecycle

/// The lead-cooling sweeper inside `serve` (PRODUCT.md: leads still new or attempted five days
/// after creation cool down): runs `LeadCoolingSweeper` every `interval`. Stops on graceful
/// shutdown.
struct CoolingService: Service {
    let store: EventStore
    let readSide: ReadSide
    let clock: any StoreClock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: interval)
                }
            } catch {
                return
            }
            await sweep()
        }
    }

    func sweep() async {
        do {
            let result = try await LeadCoolingSweeper(store: store, readModel: readSide.readModel).sweep(now: clock.now())
            guard result.cooled + result.alreadyCooled + result.conflicts + result.failures.count > 0 else { return }
            logger.info(
                "lead cooling sweep",
                metadata: [
                    "cooled": .stringConvertible(result.cooled), "conflicts": .stringConvertible(result.conflicts),
                    "failures": .stringConvertible(result.failures.count),
                ])
        } catch {
            logger.error("lead cooling sweep failed", metadata: ["error": .string("\(error)")])
        }
    }
}
