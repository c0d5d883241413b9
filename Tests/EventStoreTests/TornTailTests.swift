import EventStore
import Foundation
import Testing
import TestSupport

/// docs/FORMAT.md recovery row 2: a batch whose bytes only partly reached the disk is cut off
/// on open, and nothing before it is lost. Proven at every byte of a batch, for a file that
/// ends where the write stopped and for one whose preallocated rest is zero.
@Suite struct TornTailTests {
    enum Tear: String, CaseIterable, Sendable {
        /// The file ends at the cut, as on a file system that extends the size only with data.
        case fileEndsAtCut
        /// The file keeps its size and reads zero from the cut on (preallocated space).
        case zeroFilledFromCut
    }

    static let builder = EventBuilder()
    /// Three batches; the last (two events) is the one torn.
    static let batches = FaultFixture.batches(3, eventsPerBatch: 2, builder: builder)

    @Test("a torn last batch is truncated at every byte, earlier events survive, positions stay dense",
          arguments: Tear.allCases)
    func tornLastBatchIsTruncatedAtEveryByte(_ tear: Tear) async throws {
        try await TemporaryDirectory.with { root in
            let original = root + "/original"
            let events = try await FaultFixture.writeLog(in: original, batches: Self.batches)
            let segment = try #require(try LogFiles.segmentPaths(in: original).last)
            let last = try #require(try LogFiles.batches(inSegment: segment).last)
            #expect(last.positions == 5...6)
            let segmentName = String(segment.split(separator: "/").last!)
            let bytes = try LogFiles.readBytes(segment)
            let kept = Array(events.prefix(4))

            for cut in last.offset..<last.end {
                let copy = root + "/cut-\(cut)"
                try LogFiles.copyDirectory(original, to: copy)
                let path = copy + "/" + segmentName
                switch tear {
                case .fileEndsAtCut: try LogFiles.truncate(path, to: cut)
                case .zeroFilledFromCut: try LogFiles.zeroFill(path, cut..<bytes.count)
                }
                // Trailing zeros of a torn write cannot be told from preallocation, so the
                // store reports the torn bytes up to the last non-zero one.
                let tornBytes = (bytes[last.offset..<cut].lastIndex(where: { $0 != 0 }).map { $0 - last.offset + 1 }) ?? 0

                let store = try EventStore(directory: copy, options: .testing())
                let context = Comment(rawValue: "\(tear) at byte \(cut) (batch at \(last.offset)..<\(last.end))")
                #expect(try store.allEvents() == kept, context)
                #expect(store.durablePosition == 4, context)
                if tornBytes == 0 {
                    #expect(store.repairs.isEmpty, context)
                } else {
                    #expect(store.repairs.count == 1, context)
                    #expect(store.repairs.first?.contains("\(segmentName): \(tornBytes) bytes at offset \(last.offset)") == true,
                            "\(context): \(store.repairs)")
                }
                // The torn events are gone from the idempotency index too: appending them
                // again appends them, at the next dense positions.
                let again = try await store.append(Self.batches[2])
                #expect(again.outcomes.map(\.position) == [5, 6], context)
                #expect(again.deduplicated == false, context)
                #expect(try store.allEvents().map(\.position) == Array(1...6), context)
                await store.close()
                // On disk too: the repaired segment holds the six events and nothing else.
                let reread = try EventStore(directory: copy, options: EventStoreOptions.testing().readOnly)
                #expect(try reread.allEvents().map(\.idempotencyKey) == events.map(\.idempotencyKey), context)
                #expect(reread.problems.isEmpty, context)
                try FileManager.default.removeItem(atPath: copy)
            }
        }
    }

    @Test func aZeroedLastBatchIsTreatedAsTheEndOfTheLog() async throws {
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeLog(in: directory, batches: Self.batches)
            let segment = try #require(try LogFiles.segmentPaths(in: directory).last)
            let last = try #require(try LogFiles.batches(inSegment: segment).last)
            try LogFiles.zeroFill(segment, last.offset..<last.end)

            let readOnly = try EventStore(directory: directory, options: EventStoreOptions.testing().readOnly)
            #expect(try readOnly.allEvents() == Array(events.prefix(4)))
            #expect(readOnly.problems.isEmpty)

            let store = try EventStore(directory: directory, options: .testing())
            #expect(try store.allEvents() == Array(events.prefix(4)))
            #expect(store.repairs.isEmpty, "zeros are the end of data, not damage")
            // Event 100 is in stream/1, whose event 4 was in the zeroed batch: version 1 shows
            // the stream table forgot it too.
            let next = try await store.append([Self.builder.event(100)])
            #expect(next.outcomes == [.appended(position: 5, version: 1)])
            await store.close()
        }
    }

    @Test func aZeroedTailAcrossSeveralBatchesKeepsEverythingBeforeIt() async throws {
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeLog(in: directory, batches: FaultFixture.batches(6, eventsPerBatch: 3))
            let segment = try #require(try LogFiles.segmentPaths(in: directory).last)
            let batches = try LogFiles.batches(inSegment: segment)
            // Power loss after the fourth batch reached the disk: the rest reads as zeros,
            // starting in the middle of the fifth batch's header.
            let size = try LogFiles.readBytes(segment).count
            try LogFiles.zeroFill(segment, (batches[4].offset + 2)..<size)

            let store = try EventStore(directory: directory, options: .testing())
            #expect(try store.allEvents() == Array(events.prefix(12)))
            #expect(store.repairs.count == 1)
            let next = try await store.append([EventBuilder().event(500)])
            #expect(next.position == 13)
            await store.close()
        }
    }
}
