import Commands
import Domain
import EventStore
import Logging
import Projections
import ServiceLifecycle

/// The lead-cooling sweeper inside `serve` (PRODUCT.md: leads still new or attempted five days
/// after creation cool down): every `interval`, asks the read model for candidates and appends
/// `lead.cooled` through Commands with the contact version the read model showed, so a
/// contact that changed meanwhile is left for the next sweep. Composed here, in Server,
/// because it needs both sides (STYLE.md). Stops on graceful shutdown.
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
            let requests = try readSide.readModel.coolingCandidates(now: clock.now(), limit: 10_000).map {
                LeadCoolingHandler.Request(
                    storeId: $0.storeId, phone: $0.phone, leadStatus: $0.leadStatus, contactCreatedAt: $0.createdAt,
                    expectedVersion: $0.version)
            }
            guard !requests.isEmpty else { return }
            let result = await LeadCoolingSweep(store: store).run(requests)
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
