import Foundation
import Testing

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast generator whose whole state is one
/// UInt64, so a failing randomised test is replayed from the seed it prints.
///
/// Not thread-safe (a value type: give each task its own).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next(upperBound: UInt64(bound)))
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// A seed for an independent sub-generator (one per task or per sequence).
    mutating func derivedSeed() -> UInt64 {
        next()
    }
}

/// Seeds and run counts for randomised tests, replayable from the environment.
enum TestSeed {
    /// `CL_TEST_SEED` (decimal or 0x-prefixed hex) if set, else `fallback`. A fixed fallback
    /// keeps CI deterministic; set the variable to explore or to replay a printed failure.
    static func resolve(default fallback: UInt64) -> UInt64 {
        guard let raw = ProcessInfo.processInfo.environment["CL_TEST_SEED"]?.trimmingCharacters(in: .whitespaces),
              !raw.isEmpty else { return fallback }
        if raw.lowercased().hasPrefix("0x"), let value = UInt64(raw.dropFirst(2), radix: 16) { return value }
        if let value = UInt64(raw) { return value }
        preconditionFailure("CL_TEST_SEED must be a decimal or 0x-hex UInt64, got \(raw)")
    }

    /// An integer from the environment variable `name`, else `fallback`.
    static func count(_ name: String, default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback
    }

    /// What a failure message says so that the run can be replayed.
    static func replayHint(_ seed: UInt64) -> String {
        "replay with CL_TEST_SEED=\(seed)"
    }
}

/// Runs a randomised test body so that an error it throws is reported with the seed that
/// replays it (expectations inside the body carry the hint themselves).
func reportingSeed(_ seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
    } catch {
        Issue.record(error, "\(TestSeed.replayHint(seed))", sourceLocation: sourceLocation)
    }
}
