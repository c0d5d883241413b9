import EventStore

/// A small, fast, seeded random number generator (Steele, Lea & Flood, "SplitMix", 2014), so
/// a randomised test can be replayed exactly.
///
/// A test makes one with `SplitMix64.fromEnvironment()`, puts `replayHint` in the comment of
/// its expectations (Swift Testing prints it on failure), and is replayed with
/// `CL_TEST_SEED=<seed> swift test --filter <test>`.
///
/// Not thread-safe (a mutable value); give each task its own.
public struct SplitMix64: RandomNumberGenerator, Sendable, CustomStringConvertible {
    public static let environmentVariable = "CL_TEST_SEED"

    /// The seed this generator started from.
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    /// Seeded from `CL_TEST_SEED` (decimal, or hex with 0x) when set, else from the system.
    public static func fromEnvironment() -> SplitMix64 {
        if let text = ProcessEnvironment.value(environmentVariable), let seed = parse(text) {
            return SplitMix64(seed: seed)
        }
        var system = SystemRandomNumberGenerator()
        return SplitMix64(seed: system.next())
    }

    static func parse(_ text: String) -> UInt64? {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// What to set to replay this run.
    public var replayHint: String { "replay with \(SplitMix64.environmentVariable)=\(seed)" }

    public var description: String { "SplitMix64(seed: \(seed))" }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
