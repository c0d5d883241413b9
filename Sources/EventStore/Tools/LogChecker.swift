/// The checks that span the whole log rather than one frame: positions dense from 1 across
/// batches and segments (STORE.md: "global position, dense"), each stream's versions dense from
/// 0 with `previousInStream` pointing at the stream's previous event, and idempotency keys
/// unique across the log.
///
/// Damage is reported once, where it is. When a bad frame was skipped, the positions it held
/// are "unreadable": the gap it leaves is not reported again, and neither is a stream whose
/// previous event sat in it.
///
/// Not thread-safe; one per verify run. Memory: 16 bytes per key slot and one dictionary entry
/// per stream — the same order as the store's own indexes.
struct LogChecker {
    private(set) var lastPosition: UInt64 = 0
    private(set) var batchCount: UInt64 = 0
    private(set) var eventCount: UInt64 = 0
    private(set) var suspectedDuplicates: [SuspectedDuplicate] = []
    /// Collect mode: the keys of these positions, and no checks.
    private(set) var collectedKeys: [UInt64: String] = [:]

    private var nextPosition: UInt64 = 1
    private var damageSinceLastBatch = false
    /// Positions lost to damage, ascending and disjoint.
    private var unreadable: [ClosedRange<UInt64>] = []
    private var streams: [StreamIndex.Key: StreamIndex.Entry] = [:]
    private let keys = KeyIndex()
    private let collecting: Set<UInt64>?

    struct SuspectedDuplicate {
        var position: UInt64
        var key: String
        var earlierPositions: [UInt64]
        var file: String
        var offset: UInt64
    }

    init() { collecting = nil }

    /// A checker that only records the idempotency keys of `positions`.
    init(collecting positions: Set<UInt64>) { collecting = positions }

    /// Bytes were skipped since the last good batch: the positions they held are unknown.
    mutating func markDamage() { damageSinceLastBatch = true }

    /// Events of a batch whose records could not be decoded.
    mutating func markUnread(_ positions: ClosedRange<UInt64>) {
        unreadable.append(positions)
    }

    /// A segment whose file name says it starts at `firstPosition` begins. Returns a problem.
    mutating func segmentStarts(firstPosition: UInt64) -> String? {
        guard collecting == nil else { nextPosition = firstPosition; return nil }
        if firstPosition == nextPosition { return nil }
        let expected = nextPosition
        let consequence = damageSinceLastBatch && firstPosition > expected
        move(to: firstPosition)
        if consequence { return nil }
        return firstPosition > expected
            ? "missing segment: positions \(expected)..<\(firstPosition) are in no segment (this one starts at \(firstPosition))"
            : "overlapping segment: starts at position \(firstPosition), but positions through \(expected - 1) are already in earlier segments"
    }

    /// A CRC-valid batch frame holding `first ..< first + count`. Returns a problem.
    mutating func batch(first: UInt64, count: UInt64) -> String? {
        var problem: String?
        if first != nextPosition {
            let expected = nextPosition
            if !(damageSinceLastBatch && first > expected) {
                problem = first > expected
                    ? "batch starts at position \(first), expected \(expected): positions \(expected)..<\(first) are missing"
                    : "batch starts at position \(first), expected \(expected): positions are repeated"
            }
            move(to: first)
        }
        damageSinceLastBatch = false
        nextPosition = first + count
        lastPosition = max(lastPosition, first + count - 1)
        batchCount += 1
        eventCount += count
        return collecting == nil ? problem : nil
    }

    /// A well-formed event record. Returns its problems.
    mutating func event(_ view: EventView, file: String, offset: UInt64) -> [String] {
        if let collecting {
            if collecting.contains(view.position) { collectedKeys[view.position] = view.idempotencyKey }
            return []
        }
        var problems: [String] = []
        let streamKey = StreamIndex.key(bytes: view.streamBytes)
        let previous = streams[streamKey]
        let expectedVersion = previous.map { $0.lastVersion + 1 } ?? 0
        let expectedPrevious = previous?.lastPosition ?? 0
        if (view.version != expectedVersion || view.previousInStream != expectedPrevious) && !isUnreadable(view.previousInStream) {
            problems.append(
                "event at position \(view.position): stream \"\(view.stream)\" has version \(view.version) and previousInStream "
                    + "\(view.previousInStream), expected version \(expectedVersion) and previousInStream \(expectedPrevious)")
        }
        streams[streamKey] = .init(lastVersion: view.version, lastPosition: view.position)

        let hash = KeyIndex.hash(bytes: view.idempotencyKeyBytes)
        var earlier: [UInt64] = []
        _ = try? keys.firstPosition(matching: hash) { position in
            earlier.append(position)
            return false
        }
        if !earlier.isEmpty {
            suspectedDuplicates.append(SuspectedDuplicate(
                position: view.position, key: view.idempotencyKey, earlierPositions: earlier, file: file, offset: offset))
        }
        keys.insert(hash: hash, position: view.position)
        return problems
    }

    private mutating func move(to position: UInt64) {
        if position > nextPosition { unreadable.append(nextPosition...(position - 1)) }
        nextPosition = position
    }

    private func isUnreadable(_ position: UInt64) -> Bool {
        guard position > 0 else { return false }
        var low = 0, high = unreadable.count
        while low < high {
            let mid = (low + high) / 2
            if unreadable[mid].upperBound < position { low = mid + 1 } else { high = mid }
        }
        return low < unreadable.count && unreadable[low].contains(position)
    }
}
