import Testing

/// Awaits a consumer task's value without letting a hang block the whole run.
///
/// Swift Testing's `.timeLimit` cancels the test's own task when the limit passes, but not
/// an unstructured `Task` the test awaits, so a consumer stuck in a subscription would keep
/// the run waiting forever. Here the cancellation is passed on to `task`, and the hang is
/// recorded as a failure: the value the task returns after being cancelled proves nothing.
func valueWithinTimeLimit<T: Sendable>(
    of task: Task<T, any Error>, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) async throws -> T {
    let result = try await withTaskCancellationHandler {
        try await task.value
    } onCancel: {
        task.cancel()
    }
    if Task.isCancelled {
        Issue.record("\(what) did not finish within the test's time limit", sourceLocation: sourceLocation)
    }
    return result
}
