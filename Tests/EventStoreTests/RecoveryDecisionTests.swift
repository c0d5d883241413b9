@testable import EventStore
import Testing

/// The recovery decision table of docs/FORMAT.md, as data: each row says which tail
/// observations it covers and what opening must do. The test proves every observation lands
/// in exactly one row and that `RecoveryDecision.decide` does what that row says
/// (TigerBeetle's journal recovery_cases).
///
/// Rows 6–8 (damaged seal or index, an unsealed non-last segment, a gap between segments)
/// concern segments other than the tail; `LogOpener` applies them and the fault tests
/// (`BitFlipTests`, `SegmentLayoutTests`) prove them on real files.
@Suite struct RecoveryDecisionTests {
    struct Row: Sendable, CustomStringConvertible {
        var number: Int
        var covers: @Sendable (TailObservation) -> Bool
        var decision: @Sendable (TailObservation) -> RecoveryDecision
        var description: String { "row \(number)" }
    }

    static let rows: [Row] = [
        Row(number: 1, covers: { if case .clean = $0 { true } else { false } }, decision: { _ in .open }),
        Row(number: 2, covers: { if case .badFrame(_, _, _, false) = $0 { true } else { false } }, decision: {
            guard case let .badFrame(offset, torn, _, _) = $0 else { fatalError("row 2 covers bad frames only") }
            return .truncate(offset: offset, bytesRemoved: torn)
        }),
        Row(number: 3, covers: { if case .badFrame(_, _, _, true) = $0 { true } else { false } }, decision: {
            guard case let .badFrame(offset, _, reason, _) = $0 else { fatalError("row 3 covers bad frames only") }
            return .refuse(offset: offset, reason: "\(reason), and valid batches follow it")
        }),
        Row(number: 4, covers: { $0 == .tornCreation || $0 == .emptyAfterUnsealed }, decision: { _ in .removeFile }),
        Row(number: 5, covers: { if case .badHeader = $0 { true } else { false } }, decision: {
            guard case let .badHeader(reason) = $0 else { fatalError("row 5 covers bad headers only") }
            return .refuse(offset: 0, reason: reason)
        }),
        Row(number: 9, covers: { $0 == .sealed }, decision: { _ in .openAndStartNewSegment }),
    ]

    /// At least one observation of every case, with the boundaries of each associated value.
    static let observations: [TailObservation] = [
        .clean(dataEnd: 64),
        .clean(dataEnd: 1 << 40),
        .badFrame(offset: 64, tornBytes: 0, reason: "frame checksum mismatch", validBatchFollows: false),
        .badFrame(offset: 4_096, tornBytes: 17, reason: "frame runs past the end of the file", validBatchFollows: false),
        .badFrame(offset: 64, tornBytes: 0, reason: "frame checksum mismatch", validBatchFollows: true),
        .badFrame(offset: 9_000, tornBytes: 500, reason: "incomplete seal", validBatchFollows: true),
        .tornCreation,
        .emptyAfterUnsealed,
        .badHeader(reason: "bad segment magic"),
        .sealed,
    ]

    /// Names each case with an exhaustive switch: adding a case to `TailObservation` stops
    /// this file compiling until the table (and `observations`) cover it.
    static func caseName(_ observation: TailObservation) -> String {
        switch observation {
        case .clean: "clean"
        case .badFrame: "badFrame"
        case .tornCreation: "tornCreation"
        case .emptyAfterUnsealed: "emptyAfterUnsealed"
        case .badHeader: "badHeader"
        case .sealed: "sealed"
        }
    }

    @Test("every tail observation lands in exactly one row and gets that row's decision", arguments: observations)
    func everyObservationLandsInExactlyOneRow(_ observation: TailObservation) {
        let matching = Self.rows.filter { $0.covers(observation) }
        #expect(matching.count == 1, "\(observation) matches \(matching)")
        if let row = matching.first {
            #expect(RecoveryDecision.decide(observation) == row.decision(observation), "\(row)")
        }
    }

    @Test func theObservationsCoverEveryCase() {
        let covered = Set(Self.observations.map(Self.caseName))
        #expect(covered == ["clean", "badFrame", "tornCreation", "emptyAfterUnsealed", "badHeader", "sealed"])
    }

    @Test func everyRowIsReachable() {
        for row in Self.rows {
            #expect(Self.observations.contains(where: row.covers), "\(row) has no observation")
        }
    }

    @Test func aBadFrameIsRefusedExactlyWhenAValidBatchFollowsIt() {
        for follows in [false, true] {
            let decision = RecoveryDecision.decide(
                .badFrame(offset: 128, tornBytes: 40, reason: "frame checksum mismatch", validBatchFollows: follows))
            if follows {
                #expect(decision == .refuse(offset: 128, reason: "frame checksum mismatch, and valid batches follow it"))
            } else {
                #expect(decision == .truncate(offset: 128, bytesRemoved: 40))
            }
        }
    }
}
