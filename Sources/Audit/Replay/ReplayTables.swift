/// An open-addressing map from a 64-bit key to a slot index, for the replay's per-event contact
/// lookup: one multiply to hash (the keys are already well-spread integers: store index and
/// national number) and one probe in a flat array of (key, value) pairs, usually one cache
/// miss. `Dictionary<UInt64, Int32>` hashes with SipHash and keeps keys and values apart, which
/// made this lookup the largest single cost of a 10 M-event scan (docs/BENCHMARKS.md, "TCPA audit").
///
/// Keys must be below `UInt64.max` (the empty marker). Not thread-safe: one per replay worker.
struct SlotTable {
    private struct Entry {
        var key: UInt64
        var value: Int32
    }

    private static let empty = UInt64.max
    private var entries: [Entry]
    private var shift: UInt64
    private(set) var count = 0

    init(capacityHint: Int = 1024) {
        var size = 16
        while size < capacityHint * 2 { size *= 2 }
        entries = Array(repeating: Entry(key: Self.empty, value: 0), count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The value stored for `key`, or nil.
    @inline(__always)
    func value(for key: UInt64) -> Int32? {
        precondition(key != Self.empty)
        return entries.withUnsafeBufferPointer { entries in
            let mask = entries.count - 1
            var slot = home(key)
            while true {
                let entry = entries[slot]
                if entry.key == key { return entry.value }
                if entry.key == Self.empty { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores `value` for `key`, which must not be present yet.
    mutating func insert(_ key: UInt64, _ value: Int32) {
        precondition(key != Self.empty)
        if (count + 1) * 2 > entries.count { grow() }
        let mask = entries.count - 1
        var slot = home(key)
        while entries[slot].key != Self.empty { slot = (slot + 1) & mask }
        entries[slot] = Entry(key: key, value: value)
        count += 1
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(key: Self.empty, value: 0), count: old.count * 2)
        shift -= 1
        count = 0
        for entry in old where entry.key != Self.empty { insert(entry.key, entry.value) }
    }
}

/// The 36 bytes of a store id as they appear in a stream name, as five words: compared and
/// hashed without parsing the hex digits. A cache in front of `StoreKey` (which accepts either
/// case, so two spellings of one id map to the same store). Thread-safe (a value).
struct RawStoreId: Hashable {
    var w0, w1, w2, w3: UInt64
    var w4: UInt32

    /// `bytes` must hold exactly 36 bytes.
    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer) {
        let base = bytes.baseAddress!
        w0 = base.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        w1 = base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        w2 = base.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        w3 = base.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        w4 = base.loadUnaligned(fromByteOffset: 32, as: UInt32.self)
    }

    /// A cheap mix of the words (the id's varying digits sit in the last words).
    @inline(__always)
    var mixed: UInt64 {
        var h = w0 &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ w1) &* 0xC2B2_AE3D_27D4_EB4F
        h = (h ^ w2) &* 0x1656_67B1_9E37_79F9
        h = (h ^ w3) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(w4)) &* 0xC2B2_AE3D_27D4_EB4F
        return h ^ (h >> 29)
    }
}

/// Store slots by the raw bytes of their id: a linear-probing table of a few entries per
/// store, so the per-event store lookup is a hash of five words and one compare. Not
/// thread-safe: one per replay worker.
struct RawStoreTable {
    private var keys: [RawStoreId?] = Array(repeating: nil, count: 64)
    private var values: [Int32] = Array(repeating: 0, count: 64)
    private var count = 0

    @inline(__always)
    func value(for key: RawStoreId) -> Int32? {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key.mixed) & mask
        while let present = keys[slot] {
            if present == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    mutating func insert(_ key: RawStoreId, _ value: Int32) {
        if (count + 1) * 2 > keys.count {
            let old = zip(keys, values)
            keys = Array(repeating: nil, count: keys.count * 2)
            values = Array(repeating: 0, count: keys.count)
            count = 0
            for case let (key?, value) in old { insert(key, value) }
        }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key.mixed) & mask
        while keys[slot] != nil { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
        count += 1
    }
}
