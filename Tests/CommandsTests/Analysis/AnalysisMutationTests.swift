import TestSupport
import Testing

@testable import Commands

/// Thousands of seeded corruptions of the analysis fixtures (and two authored variants): the
/// parser never traps and answers a value or a well-formed `IntakeError`, the same each time.
/// `CL_TEST_SEED` replays a run; the seed is printed first and named in every expectation.
@Suite struct AnalysisMutationTests {
    static let variants = [
        #"{"analysisId": "a-2", "callId": "C2", "callState": "no_answer", "analyzedAt": "2026-03-03T10:00:00.5-05:00"}"#,
        #"{"analysisId": "a-3", "storeId": "c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51", "phone": "18135550111", "analyzedAt": "2026-03-07T01:00:00Z", "leadStatus": "bad_timing", "leadRejectionReasons": ["moving away"], "goals": ["mobility"], "doNotContact": true}"#,
    ]

    @Test func corruptedAnalysesYieldAnAnalysisOrANamedError() throws {
        var corpus = Self.variants.map { Array($0.utf8) }
        for name in try RingCentralTestFixtures.jsonFiles(in: "shared/analysis") {
            corpus.append(try RingCentralTestFixtures.shared("analysis/\(name)"))
        }
        let tally = IntakeMutation.run(corpus: corpus, label: "analysis") { bytes throws(IntakeError) in
            switch try AnalysisParser.parse(bytes) {
            case .call(let call):
                return !call.analysisId.isEmpty && !call.callId.isEmpty && call.firstName?.isEmpty != true
            case .contact(let contact):
                return contact.phone.e164.count == 12 && contact.storeId.count == 36
                    && (contact.suggestedActions?.count ?? 0) <= AnalysisParser.listCountMax
            }
        }
        #expect(tally.accepted > 0 && tally.refused > RingCentralMutationTests.mutationsPerParser / 4, "\(tally)")
    }
}
