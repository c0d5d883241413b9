import Dispatch

extension DispatchQueue {
    /// Runs synchronous work (a projection batch, a read-model query, an audit scan) on this
    /// queue and suspends until it finishes, so the work never holds an event loop or one of
    /// the few Swift-concurrency threads (two on two cores) that every request handler shares.
    public func result<T: Sendable, E: Error>(of body: @escaping @Sendable () throws(E) -> T) async -> Result<T, E> {
        await withCheckedContinuation { continuation in
            self.async { continuation.resume(returning: Result { () throws(E) in try body() }) }
        }
    }
}
