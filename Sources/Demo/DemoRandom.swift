/// The generator's own pseudo-random numbers: SplitMix64 (Steele, Lea, Flood 2014), small,
/// fast and fully specified, so the same seed gives the same history on every platform and
/// toolchain. Deliberately not `SystemRandomNumberGenerator`, and not the standard library's
/// `Int.random(in:using:)` either, whose reduction of a random word to a range is an
/// implementation detail that may change between toolchains.
///
/// Every contact draws from its own stream (`DemoRandom(seed:_:_:)`), so one contact's story
/// does not shift when another's changes length. Not thread-safe (a mutable value; each
/// script builder owns its own).
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for `(seed, a, b)`, e.g. one store's contact.
    init(seed: UInt64, _ a: UInt64, _ b: UInt64 = 0) {
        var mixer = DemoRandom(seed: seed ^ 0x6A09_E667_F3BC_C908)
        let first = mixer.next() ^ (a &* 0x9E37_79B9_7F4A_7C15)
        mixer = DemoRandom(seed: first)
        state = mixer.next() ^ (b &* 0xBF58_476D_1CE4_E5B9)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (Lemire's multiply-high reduction; the bias is below 2^-40 for the
    /// ranges used here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int64(next().multipliedFullWidth(by: span).high)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ values: [T]) -> T {
        precondition(!values.isEmpty, "pick from an empty list")
        return values[int(0...(values.count - 1))]
    }

    /// One of `weighted` (value, weight), in proportion to the weights.
    mutating func weighted<T>(_ weighted: [(T, Int)]) -> T {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var roll = int(0...(total - 1))
        for (value, weight) in weighted {
            if roll < weight { return value }
            roll -= weight
        }
        return weighted[weighted.count - 1].0
    }

    /// `count` characters from `alphabet`.
    mutating func string(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[int(0...(characters.count - 1))] })
    }
}
