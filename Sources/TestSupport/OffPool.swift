import Dispatch

/// Runs long synchronous work (a projection catch-up, a rebuild, waiting for a subprocess)
/// on a Dispatch thread instead of the Swift concurrency pool. Swift Testing runs suites in
/// parallel on that pool, which has one thread per core (two here): a test that blocks one
/// for minutes starves tests that await network I/O (the Dovecot and HTTP suites), which
/// then time out. Awaiting this frees the pool thread while the work runs.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}
