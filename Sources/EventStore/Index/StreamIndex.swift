/// The in-memory stream table: 128-bit hash of the stream name → (last version, last position).
///
/// 32-byte slots `(hashHigh, hashLow, lastVersion, lastPosition)`, linear probing, grown ×2 at
/// load 0.8. A 128-bit hash makes a collision between two stream names practically impossible
/// (about 10⁻²⁵ for 10⁷ streams), which is what lets an append check a version without
/// reading the disk. The last position heads the stream's `previousInStream` chain.
///
/// Not thread-safe: the writer owns it under its lock.
final class StreamIndex {
    struct Key: Hashable {
        var high: UInt64
        var low: UInt64
    }

    struct Entry: Equatable {
        var lastVersion: UInt64
        var lastPosition: UInt64
    }

    private(set) var storage: UnsafeMutableBufferPointer<UInt64>
    private(set) var count: Int = 0
    var slotCount: Int { storage.count / 4 }

    init(slotCount: Int = 1 << 12) {
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0, "slot count must be a power of two")
        storage = .allocate(capacity: slotCount * 4)
        storage.initialize(repeating: 0)
    }

    init(adopting storage: UnsafeMutableBufferPointer<UInt64>, count: Int) {
        self.storage = storage
        self.count = count
    }

    deinit { storage.deallocate() }

    var memoryBytes: Int { storage.count * 8 }

    static func key(_ stream: String) -> Key {
        var stream = stream
        return stream.withUTF8 { key(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func key(bytes: UnsafeRawBufferPointer) -> Key {
        var high = XXHash64.hash(bytes, seed: 0)
        let low = XXHash64.hash(bytes, seed: 0x5851_F42D_4C95_7F2D)
        if high == 0 && low == 0 { high = 1 }
        return Key(high: high, low: low)
    }

    subscript(key: Key) -> Entry? {
        let slot = findSlot(key, in: storage)
        guard storage[slot * 4] != 0 || storage[slot * 4 + 1] != 0 else { return nil }
        return Entry(lastVersion: storage[slot * 4 + 2], lastPosition: storage[slot * 4 + 3])
    }

    func set(_ key: Key, _ entry: Entry) {
        var slot = findSlot(key, in: storage)
        if storage[slot * 4] == 0 && storage[slot * 4 + 1] == 0 {
            if (count + 1) * 5 > slotCount * 4 {
                grow()
                slot = findSlot(key, in: storage)
            }
            count += 1
            storage[slot * 4] = key.high
            storage[slot * 4 + 1] = key.low
        }
        storage[slot * 4 + 2] = entry.lastVersion
        storage[slot * 4 + 3] = entry.lastPosition
    }

    /// Records a new last event for `key` and returns the previous entry, in one probe
    /// (the append path's only stream-table access).
    func advance(_ key: Key, position: UInt64) -> Entry? {
        var slot = findSlot(key, in: storage)
        let previous: Entry?
        if storage[slot * 4] == 0 && storage[slot * 4 + 1] == 0 {
            previous = nil
            if (count + 1) * 5 > slotCount * 4 {
                grow()
                slot = findSlot(key, in: storage)
            }
            count += 1
            storage[slot * 4] = key.high
            storage[slot * 4 + 1] = key.low
            storage[slot * 4 + 2] = 0
        } else {
            previous = Entry(lastVersion: storage[slot * 4 + 2], lastPosition: storage[slot * 4 + 3])
            storage[slot * 4 + 2] = previous!.lastVersion + 1
        }
        storage[slot * 4 + 3] = position
        return previous
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func findSlot(_ key: Key, in slots: UnsafeMutableBufferPointer<UInt64>) -> Int {
        let mask = slots.count / 4 - 1
        var slot = Int(truncatingIfNeeded: key.low ^ key.high) & mask
        while true {
            let high = slots[slot * 4], low = slots[slot * 4 + 1]
            if (high == 0 && low == 0) || (high == key.high && low == key.low) { return slot }
            slot = (slot + 1) & mask
        }
    }

    private func grow() {
        let bigger = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: storage.count * 2)
        bigger.initialize(repeating: 0)
        for slot in 0..<slotCount where storage[slot * 4] != 0 || storage[slot * 4 + 1] != 0 {
            let key = Key(high: storage[slot * 4], low: storage[slot * 4 + 1])
            let target = findSlot(key, in: bigger)
            for i in 0..<4 { bigger[target * 4 + i] = storage[slot * 4 + i] }
        }
        storage.deallocate()
        storage = bigger
    }
}
