extension EventStore {
    /// Suspends until the durable position passes `position`, the store closes, or the task is
    /// cancelled. Used by subscriptions and by readers waiting for their own write.
    public func waitForDurable(after position: UInt64) async {
        let id: UInt64 = lock.withLock {
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                defer { lock.unlock() }
                if state.durablePosition > position || state.closing || state.failure != nil || Task.isCancelled {
                    continuation.resume()
                } else {
                    state.positionWaiters[id] = PositionWaiter(after: position, continuation: continuation)
                }
            }
        } onCancel: {
            let waiter = lock.withLock { state.positionWaiters.removeValue(forKey: id) }
            waiter?.continuation.resume()
        }
    }

    /// A live subscription: every durable event from `position` on, matching `filter`, as it is
    /// appended. Ends when the store closes or the consuming task is cancelled.
    public func subscribe(from position: UInt64 = 1, filter: EventFilter = .all, batchSize: Int = 1024) -> EventSubscription {
        EventSubscription(store: self, next: max(position, 1), filter: filter, batchSize: batchSize)
    }

    var isClosing: Bool { lock.withLock { state.closing || state.failure != nil } }
}

/// An AsyncSequence of recorded events that first catches up from its start position and then
/// follows the log live. Each iterator reads in batches, so backpressure is natural: a slow
/// consumer reads further behind, never buffers without bound.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent
    let store: EventStore
    let next: UInt64
    let filter: EventFilter
    let batchSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, next: next, filter: filter, batchSize: batchSize)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let store: EventStore
        var next: UInt64
        let filter: EventFilter
        let batchSize: Int
        var buffered: [RecordedEvent] = []
        var bufferIndex = 0

        public mutating func next() async throws -> RecordedEvent? {
            while bufferIndex >= buffered.count {
                if Task.isCancelled { return nil }
                let durable = store.durablePosition
                if durable >= next {
                    // Read a window of positions; filtered-out events still advance `next`.
                    let through = Swift.min(durable, next + UInt64(batchSize) - 1)
                    var events: [RecordedEvent] = []
                    try store.scan(from: next, through: through, filter: filter) { event in
                        events.append(event.materialize())
                        return true
                    }
                    next = through + 1
                    buffered = events
                    bufferIndex = 0
                } else {
                    if store.isClosing { return nil }
                    await store.waitForDurable(after: next - 1)
                }
            }
            defer { bufferIndex += 1 }
            return buffered[bufferIndex]
        }
    }
}
