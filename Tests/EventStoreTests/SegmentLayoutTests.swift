@testable import EventStore
import Foundation
import Testing
import TestSupport

/// Damage to the set of segment files rather than to bytes inside one: a missing segment
/// (docs/FORMAT.md recovery row 8), and the files a crash in the middle of rotating or
/// compressing leaves behind (rows 4 and 9, and the compression rule).
@Suite struct SegmentLayoutTests {
    @Test func aMissingMiddleSegmentRefusesWritingNamingTheGapAndReadOnlyServesTheFirstSegment() async throws {
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeSegmentedLog(in: directory)
            let segments = try LogFiles.segmentPaths(in: directory)
            try FileManager.default.removeItem(atPath: segments[1])

            let error = await FaultFixture.openError(directory, options: FaultFixture.smallSegments())
            let corrupt = try #require(FaultFixture.corruption(error), "\(String(describing: error))")
            let gapEnd = FaultFixture.firstPosition(ofSegment: segments[1])
            #expect(corrupt.file == segments[2] && corrupt.offset == 0)
            #expect(corrupt.reason.contains("missing segment: expected a segment starting at position \(gapEnd)"), "\(corrupt.reason)")

            let readOnly = try EventStore(directory: directory, options: FaultFixture.smallSegments().readOnly)
            #expect(try readOnly.allEvents() == Array(events.prefix(Int(gapEnd - 1))))
            #expect(readOnly.durablePosition == gapEnd - 1)
            #expect(readOnly.problems.count == 1)
        }
    }

    @Test func aMissingFirstSegmentRefusesWriting() async throws {
        try await TemporaryDirectory.with { directory in
            _ = try await FaultFixture.writeSegmentedLog(in: directory)
            let segments = try LogFiles.segmentPaths(in: directory)
            try FileManager.default.removeItem(atPath: segments[0])

            let error = await FaultFixture.openError(directory, options: FaultFixture.smallSegments())
            let corrupt = try #require(FaultFixture.corruption(error), "\(String(describing: error))")
            #expect(corrupt.file == segments[1] && corrupt.reason.contains("expected a segment starting at position 1"))
            let readOnly = try EventStore(directory: directory, options: FaultFixture.smallSegments().readOnly)
            #expect(try readOnly.allEvents().isEmpty)
        }
    }

    enum NextSegment: String, CaseIterable, Sendable {
        /// Created, preallocated, header written and synced: the crash came before the seal.
        case headerAndPreallocatedZeros
        /// The header only (a file system without fallocate).
        case headerOnly
        /// Created and preallocated; the header never reached the disk.
        case preallocatedZeros
        /// Created; nothing else reached the disk.
        case emptyFile

        func bytes(firstPosition: UInt64) -> [UInt8] {
            let header = SegmentHeader(kind: .plain, firstPosition: firstPosition).encode()
            switch self {
            case .headerAndPreallocatedZeros: return header + [UInt8](repeating: 0, count: 4096)
            case .headerOnly: return header
            case .preallocatedZeros: return [UInt8](repeating: 0, count: 64 + 4096)
            case .emptyFile: return []
            }
        }
    }

    @Test("a crash between creating the next segment and sealing the previous one is undone on open",
          arguments: NextSegment.allCases)
    func crashBetweenCreatingTheNextSegmentAndSealingIsUndone(_ next: NextSegment) async throws {
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeLog(in: directory, batches: FaultFixture.batches(3, eventsPerBatch: 2))
            let active = try #require(try LogFiles.segmentPaths(in: directory).first)
            let created = directory + "/" + LogFiles.segmentName(firstPosition: 7)
            try LogFiles.writeBytes(next.bytes(firstPosition: 7), to: created)

            let readOnly = try EventStore(directory: directory, options: EventStoreOptions.testing().readOnly)
            #expect(try readOnly.allEvents() == events)
            #expect(readOnly.problems.isEmpty)
            #expect(FileManager.default.fileExists(atPath: created), "read-only changes nothing")

            let store = try EventStore(directory: directory, options: .testing())
            #expect(try store.allEvents() == events)
            #expect(store.repairs.count == 1 && store.repairs[0].contains("removed \(created)"), "\(store.repairs)")
            // The writer continues the unsealed segment: the next event lands there, at 7.
            let appended = try await store.append([EventBuilder().event(100)])
            #expect(appended.position == 7)
            await store.close()
            #expect(try LogFiles.segmentPaths(in: directory) == [active])
            #expect(try LogFiles.batches(inSegment: active).last?.positions == 7...7)
        }
    }

    @Test func aZeroFilledNewSegmentAfterASealedOneIsRemovedAndRecreated() async throws {
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeSegmentedLog(in: directory)
            // Drop the active segment and replace it with a torn creation: the crash came
            // after the previous segment was sealed and the next one created, before its header.
            let segments = try LogFiles.segmentPaths(in: directory)
            let last = try #require(segments.last)
            let firstOfLast = FaultFixture.firstPosition(ofSegment: last)
            try LogFiles.writeBytes([UInt8](repeating: 0, count: 64 + 4096), to: last)
            try? FileManager.default.removeItem(atPath: directory + "/index.snap")

            let store = try EventStore(directory: directory, options: FaultFixture.smallSegments())
            #expect(try store.allEvents() == Array(events.prefix(Int(firstOfLast - 1))))
            #expect(store.repairs.count == 1 && store.repairs[0].contains("torn segment creation"), "\(store.repairs)")
            let appended = try await store.append([EventBuilder().event(1000)])
            #expect(appended.position == firstOfLast)
            await store.close()
            #expect(try LogFiles.batches(inSegment: last).first?.firstPosition == firstOfLast)
        }
    }

    @Test func leftoverTemporaryFilesAreDeletedByTheWriterAndIgnoredByReaders() async throws {
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeLog(in: directory, batches: FaultFixture.batches(2, eventsPerBatch: 2))
            let leftovers = [directory + "/index.snap.tmp", directory + "/" + LogFiles.segmentName(firstPosition: 1, compressed: true) + ".tmp"]
            for path in leftovers { try LogFiles.writeBytes(Array("half-written".utf8), to: path) }

            let readOnly = try EventStore(directory: directory, options: EventStoreOptions.testing().readOnly)
            #expect(try readOnly.allEvents() == events)
            #expect(leftovers.allSatisfy { FileManager.default.fileExists(atPath: $0) })

            let store = try EventStore(directory: directory, options: .testing())
            #expect(try store.allEvents() == events)
            await store.close()
            #expect(!leftovers.contains { FileManager.default.fileExists(atPath: $0) })
        }
    }

    @Test func aCrashInsideCompressionKeepsThePlainSegmentAndDropsTheCompressedCopy() async throws {
        try await TemporaryDirectory.with { root in
            // The same deterministic log twice: compressed, and plain.
            let compressedDir = root + "/compressed", plainDir = root + "/plain"
            let events = try await FaultFixture.writeSegmentedLog(in: compressedDir, compression: .zlib(level: 6))
            #expect(try await FaultFixture.writeSegmentedLog(in: plainDir) == events)
            // The crash fell after the rename of X.segz and before X.seg was deleted.
            let plain = try #require(try LogFiles.segmentPaths(in: plainDir).first)
            let name = String(plain.split(separator: "/").last!)
            try FileManager.default.copyItem(atPath: plain, toPath: compressedDir + "/" + name)
            let compressed = compressedDir + "/" + LogFiles.segmentName(firstPosition: 1, compressed: true)
            #expect(FileManager.default.fileExists(atPath: compressed))

            let store = try EventStore(directory: compressedDir, options: FaultFixture.smallSegments())
            #expect(try store.allEvents() == events)
            #expect(!FileManager.default.fileExists(atPath: compressed))
            #expect(FileManager.default.fileExists(atPath: compressedDir + "/" + name))
            await store.close()
        }
    }
}
