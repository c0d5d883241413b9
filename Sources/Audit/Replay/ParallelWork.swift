import Dispatch
import Synchronization

/// Runs `count` independent parts of a computation on up to `workers` threads (each takes the
/// next part not yet started) and returns their results in part order, so the caller joins
/// them exactly as a single thread would have produced them. One worker runs on the calling
/// thread, without Dispatch. Thread-safe: results are collected under a `Mutex`.
enum ParallelWork {
    static func map<T: Sendable>(count: Int, workers: Int, _ part: @escaping @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        if workers <= 1 || count == 1 { return (0..<count).map(part) }
        let state = Mutex<(next: Int, results: [T?])>((0, Array(repeating: nil, count: count)))
        DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
            while true {
                let index: Int? = state.withLock { state in
                    guard state.next < count else { return nil }
                    state.next += 1
                    return state.next - 1
                }
                guard let index else { return }
                let result = part(index)
                state.withLock { $0.results[index] = result }
            }
        }
        return state.withLock { $0.results.map { $0! } }
    }

    /// `count` items cut into `parts` contiguous ranges of nearly equal size.
    static func ranges(count: Int, parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, count))
        return (0..<parts).map { count * $0 / parts..<count * ($0 + 1) / parts }
    }
}

/// Memory several workers fill at disjoint indices. @unchecked Sendable: every index is written
/// by exactly one worker, and read only after `ParallelWork.map` has joined them all.
struct DisjointWrites<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
