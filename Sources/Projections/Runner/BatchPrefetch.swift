import Dispatch
import EventStore

/// Reads and decodes one batch (`ProjectionBatch.read`) on a background thread, so the
/// runner applies batch N while batch N+1 is being decoded (decoding is about a tenth of a
/// rebuild's CPU; this moves it to the second core). `take` waits for the result.
///
/// Thread-safe: the result is written once by the worker before `done` is signalled and read
/// only after waiting on it.
struct BatchPrefetch {
    private final class Box: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var result: Result<(events: [ProjectedEvent], last: UInt64, failure: ProjectionError?), ProjectionError>?
    }

    private let box = Box()
    private var taken = false

    /// A range that fits in one batch (the live runner's usual case: nothing follows it) is
    /// read at once on the calling thread.
    ///
    /// `spent`, a batch already applied, is freed by the worker after its read: freeing a
    /// batch's strings cost the applying thread about 1 µs an event, and the thread that
    /// decoded them frees them faster (its own malloc arena).
    init(from: UInt64, through: UInt64, countMax: Int, store: EventStore, releasing spent: [ProjectedEvent] = []) {
        let box = box
        let read: @Sendable () -> Void = {
            box.result = Result { () throws(ProjectionError) in
                try ProjectionBatch.read(from: from, through: through, countMax: countMax, store: store)
            }
            box.done.signal()
            withExtendedLifetime(spent) {}
        }
        if through - from < UInt64(countMax) {
            read()
        } else {
            DispatchQueue.global(qos: .userInitiated).async(execute: read)
        }
    }

    /// The batch, once read (waits for the worker).
    mutating func take() throws(ProjectionError) -> (events: [ProjectedEvent], last: UInt64, failure: ProjectionError?) {
        precondition(!taken, "a prefetched batch is taken once")
        taken = true
        box.done.wait()
        return try box.result!.get()
    }

    /// Waits for a batch that will not be used (the runner stopped), so no read of the
    /// store outlives the call that started it.
    mutating func abandon() {
        guard !taken else { return }
        taken = true
        box.done.wait()
    }
}
