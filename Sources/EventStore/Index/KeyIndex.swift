/// The in-memory idempotency index: xxHash64(idempotency key) → position of the event.
///
/// Open addressing with linear probing over 16-byte slots `(hash, position)`; hash 0 marks an
/// empty slot (a real hash of 0 is stored as 1). Grows ×2 at load 0.8, so it costs 20–40
/// bytes per key (docs/FORMAT.md). Several keys may share a hash: `positions(matching:)`
/// yields every candidate, and the caller confirms the key against the event itself.
///
/// Not thread-safe: the writer owns it under its lock.
@_spi(Benchmarks) public final class KeyIndex {
    /// Interleaved slots: storage[2i] = hash, storage[2i+1] = position.
    private(set) var storage: UnsafeMutableBufferPointer<UInt64>
    public private(set) var count: Int = 0
    public var slotCount: Int { storage.count / 2 }
    private var mask: Int { slotCount - 1 }

    public init(slotCount: Int = 1 << 12) {
        precondition(slotCount > 0 && slotCount & (slotCount - 1) == 0, "slot count must be a power of two")
        storage = .allocate(capacity: slotCount * 2)
        storage.initialize(repeating: 0)
    }

    /// Adopts slots loaded from a snapshot (the caller verified their checksum).
    init(adopting storage: UnsafeMutableBufferPointer<UInt64>, count: Int) {
        self.storage = storage
        self.count = count
    }

    deinit { storage.deallocate() }

    public var memoryBytes: Int { storage.count * 8 }

    @inline(__always)
    public static func hash(_ key: String) -> UInt64 {
        let h = XXHash64.hash(key)
        return h == 0 ? 1 : h
    }

    @inline(__always)
    static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        let h = XXHash64.hash(bytes)
        return h == 0 ? 1 : h
    }

    /// Calls `body` with each position stored under `hash` until it returns true.
    @inline(__always)
    public func firstPosition(matching hash: UInt64, where body: (UInt64) throws(StoreError) -> Bool) throws(StoreError) -> UInt64? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = storage[slot * 2]
            if stored == 0 { return nil }
            if stored == hash {
                let position = storage[slot * 2 + 1]
                if try body(position) { return position }
            }
            slot = (slot + 1) & mask
        }
    }

    public func insert(hash: UInt64, position: UInt64) {
        if (count + 1) * 5 > slotCount * 4 { grow() }
        place(hash: hash, position: position, in: storage)
        count += 1
    }

    private func place(hash: UInt64, position: UInt64, in slots: UnsafeMutableBufferPointer<UInt64>) {
        let mask = slots.count / 2 - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot * 2] != 0 { slot = (slot + 1) & mask }
        slots[slot * 2] = hash
        slots[slot * 2 + 1] = position
    }

    private func grow() {
        let bigger = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: storage.count * 2)
        bigger.initialize(repeating: 0)
        for slot in 0..<slotCount where storage[slot * 2] != 0 {
            place(hash: storage[slot * 2], position: storage[slot * 2 + 1], in: bigger)
        }
        storage.deallocate()
        storage = bigger
    }
}
