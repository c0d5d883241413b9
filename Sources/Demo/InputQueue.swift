import EventStore

/// The inputs still to deliver, earliest first; inputs due at the same microsecond leave in
/// the order they were scheduled, so the delivery order — and with it every log position —
/// is a function of the options alone. A binary min-heap on (deliverAt, scheduling order).
/// Not thread-safe (owned by one run).
struct InputQueue {
    private struct Entry {
        var key: Int64
        var order: UInt64
        var input: DemoInput
    }

    private var heap: [Entry] = []
    private var scheduled: UInt64 = 0

    var count: Int { heap.count }

    mutating func push(_ input: DemoInput) {
        scheduled += 1
        heap.append(Entry(key: input.deliverAt.microsecondsSinceEpoch, order: scheduled, input: input))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> DemoInput? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            let child = right < heap.count && Self.less(heap[right], heap[left]) ? right : left
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            parent = child
        }
        return top.input
    }

    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.key != b.key ? a.key < b.key : a.order < b.order
    }
}
