import Foundation

/// A seeded generator for property tests (STYLE.md: randomised tests take a seed, print it on
/// failure, and accept it from an environment variable to replay). The seed comes from
/// `CL_TEST_SEED` when set, else from the wall clock; every property expectation carries
/// `seed.comment` so a failure prints the value to replay with:
///
///     CL_TEST_SEED=<seed> swift test --scratch-path .build-domain --filter DomainTests
struct SeededRandom: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init() {
        let environment = ProcessInfo.processInfo.environment["CL_TEST_SEED"]
        self.init(seed: environment.flatMap { UInt64($0) } ?? UInt64(truncatingIfNeeded: Int64(Date().timeIntervalSince1970 * 1e6)))
    }

    init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// "CL_TEST_SEED=<seed>", for expectation messages.
    var comment: String { "replay with CL_TEST_SEED=\(seed)" }

    mutating func element<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &self)] }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
}
