import Commands
import EventStore
import Logging
import Projections
import ServiceLifecycle

/// Do-Not-Contact ends outreach inside `serve` (issue 15): runs `DoNotContactTaskSweeper` once
/// the projections have caught up with the log as it stood at startup, then after every batch
/// the projections apply that holds a triggering event (`DoNotContactTaskSweeper.triggeringTypes`:
/// a DNC coming into force, a task made), and every `interval` in any case (a cancellation that
/// failed is retried). Stops on graceful shutdown.
struct OutreachService: Service {
    let store: EventStore
    let readSide: ReadSide
    let clock: any StoreClock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let sweeper = DoNotContactTaskSweeper(store: store, readModel: readSide.readModel, clock: clock)
        let runner = readSide.runner
        // Every triggering event up to `checked` has been swept after.
        var checked = store.durablePosition
        while runner.status.appliedPosition < checked {
            guard await waitApplied(checked, runner: runner) else { return }
        }
        await sweep(sweeper)
        while true {
            guard await waitApplied(checked + 1, runner: runner) else { return }
            let applied = runner.status.appliedPosition
            guard applied > checked else {
                await sweep(sweeper)  // `interval` passed without a batch
                continue
            }
            let range = (checked + 1)...applied
            checked = applied
            do {
                if try sweeper.hasWork(in: range) { await sweep(sweeper) }
            } catch {
                logger.error("outreach sweep could not read the log", metadata: ["error": .string("\(error)")])
            }
        }
    }

    /// Waits until the runner has applied `position`, at most `interval` (the whole interval
    /// when the runner has stopped on a failure). False on shutdown.
    private func waitApplied(_ position: UInt64, runner: ProjectionRunner) async -> Bool {
        do {
            try await cancelWhenGracefulShutdown {
                if await runner.waitUntilApplied(position, timeout: interval) { return }
                if runner.status.failure != nil { try await Task.sleep(for: interval) }
            }
        } catch {
            return false
        }
        return !Task.isCancelled && !Task.isShuttingDownGracefully
    }

    private func sweep(_ sweeper: DoNotContactTaskSweeper) async {
        do {
            let result = try await sweeper.sweep()
            guard !result.isEmpty else { return }
            logger.info(
                "outreach sweep: Do-Not-Contact cancelled open outreach tasks",
                metadata: [
                    "cancelled": .stringConvertible(result.cancelled), "notInForce": .stringConvertible(result.notInForce),
                    "ended": .stringConvertible(result.ended), "failures": .stringConvertible(result.failures.count),
                ])
            for failure in result.failures { logger.error("outreach sweep failure", metadata: ["task": .string(failure)]) }
        } catch {
            logger.error("outreach sweep failed", metadata: ["error": .string("\(error)")])
        }
    }
}
