import Projections
import Testing

/// `ProjectionRunner.waitUntilApplied`: read-your-writes waits, and the services that wait
/// on it (the outreach sweep) stop promptly on shutdown.
@Suite struct ProjectionRunnerWaitTests {
    @Test(.timeLimit(.minutes(10)))
    func aWaitEndsWhenItsTaskIsCancelledRatherThanAtItsTimeout() async throws {
        try await ProjectionHarness.with { h in
            let applied = try h.project()
            let runner = h.runner
            let waiting = Task { await runner.waitUntilApplied(applied + 1_000, timeout: .seconds(3_600)) }
            waiting.cancel()
            #expect(await waiting.value == false)
            // An already cancelled task does not wait either.
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await runner.waitUntilApplied(applied + 1_000, timeout: .seconds(3_600))
            }
            #expect(await cancelled.value == false)
            #expect(await runner.waitUntilApplied(applied, timeout: .seconds(3_600)))
        }
    }
}
