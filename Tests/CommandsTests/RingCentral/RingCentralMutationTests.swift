import TestSupport
import Testing

@testable import Commands

/// Thousands of seeded corruptions of the RingCentral fixtures: the parsers never trap and
/// always answer a value or a typed `IntakeError` that names a field (or the payload), the
/// same answer every time. The seed is printed first (a trap cannot report it afterwards)
/// and named in every expectation; `CL_TEST_SEED` replays a run.
@Suite struct RingCentralMutationTests {
    typealias F = RingCentralTestFixtures

    static let mutationsPerParser = 3_000

    static func corpus(_ directories: [String]) throws -> [[UInt8]] {
        var corpus: [[UInt8]] = []
        for directory in directories {
            for name in try F.jsonFiles(in: directory) { corpus.append(try F.bytes("\(directory)/\(name)")) }
        }
        return corpus
    }

    @Test func corruptedMessageNotificationsYieldAMessageOrANamedError() throws {
        let corpus =
            try Self.corpus(["shared/ringcentral"])
            + (try Self.corpus(["ringcentral-authored"]).filter { (try? RingCentralMessageParser.parse($0)) != nil })
        let tally = IntakeMutation.run(corpus: corpus, label: "message") { bytes throws(IntakeError) in
            let message = try RingCentralMessageParser.parse(bytes)
            // Invariants of every accepted message.
            let consistent =
                !(message.isShortCode && message.customerPhone != nil)
                && (message.consentKeyword == nil
                    || (message.type == .sms && message.direction == .inbound && message.customerPhone != nil))
                && (message.customerPhone.map { $0.e164.count == 12 && $0.e164.hasPrefix("+1") } ?? true)
            return consistent
        }
        #expect(tally.accepted > 0 && tally.refused > Self.mutationsPerParser / 4, "\(tally)")
    }

    @Test func corruptedCallRecordsYieldACallOrANamedError() throws {
        let corpus =
            try Self.corpus(["shared/calls"])
            + (try Self.corpus(["ringcentral-authored"]).filter { (try? RingCentralCallParser.parse($0)) != nil })
        let tally = IntakeMutation.run(corpus: corpus, label: "call") { bytes throws(IntakeError) in
            let call = try RingCentralCallParser.parse(bytes)
            return call.durationSeconds >= 0 && call.legs.count <= RingCentralCallParser.legsMax
        }
        #expect(tally.accepted > 0 && tally.refused > Self.mutationsPerParser / 4, "\(tally)")
    }
}

/// The mutation driver shared by the RingCentral and analysis mutation tests.
enum IntakeMutation {
    /// Counts of a mutation run.
    struct Tally: CustomStringConvertible {
        var accepted = 0
        var refused = 0
        var seed: UInt64
        var description: String { "accepted \(accepted), refused \(refused); replay with CL_TEST_SEED=\(seed)" }
    }

    /// Feeds `RingCentralMutationTests.mutationsPerParser` corruptions of `corpus` to `parse`.
    /// `parse` returns whether an accepted value meets its invariants; a refusal must be a
    /// well-formed `IntakeError`, and both kinds of answer must repeat exactly on a second parse
    /// (checked for every fourth input).
    static func run(
        corpus: [[UInt8]], label: String, count: Int = RingCentralMutationTests.mutationsPerParser,
        parse: ([UInt8]) throws(IntakeError) -> Bool
    ) -> Tally {
        let rng = SplitMix64.fromEnvironment()
        print("\(label) mutation test: \(rng.replayHint)")
        let seed = Comment(rawValue: rng.replayHint)
        var mutator = JSONMutator(rng: rng)
        var tally = Tally(seed: rng.seed)
        precondition(!corpus.isEmpty, "empty mutation corpus")
        for iteration in 0..<count {
            let original = corpus[Int.random(in: 0..<corpus.count, using: &mutator.rng)]
            var bytes = mutator.mutate(original)
            if Int.random(in: 0..<4, using: &mutator.rng) == 0 { bytes = mutator.mutate(bytes) }
            let first = Result<Bool, IntakeError> { () throws(IntakeError) in try parse(bytes) }
            // Repeatability is checked on every fourth input: parsing is most of the run time.
            let second = iteration % 4 == 0 ? Result<Bool, IntakeError> { () throws(IntakeError) in try parse(bytes) } : first
            switch (first, second) {
            case (.success(let consistent), .success):
                tally.accepted += 1
                #expect(consistent, "\(label) #\(iteration) broke an invariant: \(String(decoding: bytes, as: UTF8.self)); \(seed)")
            case (.failure(let error), .failure(let again)):
                tally.refused += 1
                #expect(error == again, "\(label) #\(iteration) refused differently twice; \(seed)")
                #expect(isWellFormed(error), "\(label) #\(iteration): \(error); \(seed)")
            default:
                Issue.record("\(label) #\(iteration) answered differently twice; \(seed)")
            }
        }
        print("\(label) mutation test: \(tally)")
        return tally
    }

    /// A malformed-input or size error is about the whole payload; a field error names a path
    /// built from member names and `[index]`; every error has a reason.
    static func isWellFormed(_ error: IntakeError) -> Bool {
        guard !error.reason.isEmpty else { return false }
        switch error.code {
        case .malformed, .tooLarge: return error.field.isEmpty
        case .missingField: return !error.field.isEmpty && !error.field.hasSuffix(".") && !error.field.hasPrefix(".")
        case .invalidField: return !error.field.hasSuffix(".") && !error.field.hasPrefix(".")
        }
    }
}
