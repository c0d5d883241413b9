import EventStore
import Testing
import TestSupport

/// A flipped bit anywhere the store keeps data is found by a checksum and gets the
/// behaviour docs/FORMAT.md's recovery table gives its place: refuse writing (naming file and
/// offset) and serve what precedes it read-only; truncate a damaged last batch as torn; fail
/// reads of a damaged sealed batch. Bytes and bits are chosen by a seeded generator; every
/// expectation names the seed (`CL_TEST_SEED` replays it).
@Suite struct BitFlipTests {
    @Test func aFlippedBitInTheActiveSegmentHeaderRefusesWritingAndReadOnlyReportsIt() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            _ = try await FaultFixture.writeLog(in: directory, batches: FaultFixture.batches(3, eventsPerBatch: 2))
            let segment = try #require(try LogFiles.segmentPaths(in: directory).first)
            try LogFiles.flipBit(in: segment, at: Int.random(in: 0..<64, using: &rng), bit: Int.random(in: 0..<8, using: &rng))

            let error = await FaultFixture.openError(directory, options: .testing())
            let corrupt = try #require(FaultFixture.corruption(error), "\(String(describing: error)); \(seed)")
            #expect(corrupt.file == segment && corrupt.offset == 0, seed)

            let readOnly = try EventStore(directory: directory, options: EventStoreOptions.testing().readOnly)
            #expect(readOnly.problems.count == 1, seed)
            #expect(FaultFixture.corruption(readOnly.problems.first).map { $0.file == segment && $0.offset == 0 } == true, seed)
            #expect(try readOnly.allEvents().isEmpty, seed)
        }
    }

    @Test func aFlippedBitInALaterSegmentHeaderRefusesWritingAndReadOnlyServesTheSegmentsBefore() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeSegmentedLog(in: directory)
            let segments = try LogFiles.segmentPaths(in: directory)
            let victim = segments[Int.random(in: 1..<segments.count, using: &rng)]
            try LogFiles.flipBit(in: victim, at: Int.random(in: 0..<64, using: &rng), bit: Int.random(in: 0..<8, using: &rng))

            let error = await FaultFixture.openError(directory, options: FaultFixture.smallSegments())
            let corrupt = try #require(FaultFixture.corruption(error), "\(String(describing: error)); \(seed)")
            #expect(corrupt.file == victim && corrupt.offset == 0, seed)

            let readOnly = try EventStore(directory: directory, options: FaultFixture.smallSegments().readOnly)
            let before = FaultFixture.firstPosition(ofSegment: victim) - 1
            #expect(try readOnly.allEvents() == Array(events.prefix(Int(before))), seed)
            #expect(readOnly.problems.count == 1, seed)
        }
    }

    @Test func aFlippedBitInAMiddleBatchOfTheActiveSegmentRefusesWritingNamingFileAndOffset() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeLog(in: directory, batches: FaultFixture.batches(6, eventsPerBatch: 2))
            let segment = try #require(try LogFiles.segmentPaths(in: directory).first)
            let batches = try LogFiles.batches(inSegment: segment)
            let victim = batches[Int.random(in: 0..<(batches.count - 1), using: &rng)]
            try LogFiles.flipBit(in: segment, at: FaultFixture.eventByte(of: victim, using: &rng), bit: Int.random(in: 0..<8, using: &rng))
            let damaged = try LogFiles.readBytes(segment)

            let error = await FaultFixture.openError(directory, options: .testing())
            let corrupt = try #require(FaultFixture.corruption(error), "\(String(describing: error)); \(seed)")
            #expect(corrupt.file == segment && corrupt.offset == UInt64(victim.offset), seed)
            #expect(corrupt.reason.contains("valid batches follow"), seed)

            let readOnly = try EventStore(directory: directory, options: EventStoreOptions.testing().readOnly)
            #expect(try readOnly.allEvents() == Array(events.prefix(Int(victim.firstPosition - 1))), seed)
            #expect(FaultFixture.corruption(readOnly.problems.first).map { $0.file == segment && $0.offset == UInt64(victim.offset) } == true,
                    seed)
            // Neither open changed a byte: the batches after the damage are there for salvage.
            #expect(try LogFiles.readBytes(segment) == damaged, seed)
        }
    }

    @Test func aFlippedBitInTheLastBatchIsTruncatedAsATornTail() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeLog(in: directory, batches: FaultFixture.batches(4, eventsPerBatch: 2))
            let segment = try #require(try LogFiles.segmentPaths(in: directory).first)
            let last = try #require(try LogFiles.batches(inSegment: segment).last)
            try LogFiles.flipBit(in: segment, at: FaultFixture.eventByte(of: last, using: &rng), bit: Int.random(in: 0..<8, using: &rng))

            let store = try EventStore(directory: directory, options: .testing())
            #expect(try store.allEvents() == Array(events.prefix(6)), seed)
            #expect(store.repairs.count == 1 && store.repairs[0].contains("at offset \(last.offset)"), "\(store.repairs); \(seed)")
            let next = try await store.append([EventBuilder().event(100)])
            #expect(next.position == 7, seed)
            await store.close()
        }
    }

    @Test func aFlippedBitInASealedSegmentFailsReadsOfThatBatchOnly() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeSegmentedLog(in: directory)
            let segments = try LogFiles.segmentPaths(in: directory)
            let sealed = segments[Int.random(in: 0..<(segments.count - 1), using: &rng)]
            let batches = try LogFiles.batches(inSegment: sealed)
            let victim = batches[Int.random(in: 0..<batches.count, using: &rng)]
            try LogFiles.flipBit(in: sealed, at: FaultFixture.eventByte(of: victim, using: &rng), bit: Int.random(in: 0..<8, using: &rng))

            // Opening reads a sealed segment's header, seal and index only (docs/FORMAT.md), so
            // it opens; every read that returns the damaged batch verifies it and fails.
            for options in [FaultFixture.smallSegments(), FaultFixture.smallSegments().readOnly] {
                let store = try EventStore(directory: directory, options: options)
                let readError = #expect(throws: StoreError.self, seed) { try store.allEvents() }
                let corrupt = FaultFixture.corruption(readError)
                #expect(corrupt?.file == sealed && corrupt?.offset == UInt64(victim.offset), "\(String(describing: readError)); \(seed)")
                #expect(throws: StoreError.self, seed) { try store.event(at: victim.firstPosition) }
                #expect(throws: StoreError.self, seed) { try store.readStream(events[Int(victim.firstPosition) - 1].stream) }
                // Reads that do not pass the damaged batch still work: the segments after it,
                // and the events before it. (Frames are unaligned, so a read into the same
                // segment past the damage must walk through it, and fails.)
                let nextSegment = try #require(segments.first(where: { FaultFixture.firstPosition(ofSegment: $0) > victim.firstPosition }))
                let after = FaultFixture.firstPosition(ofSegment: nextSegment)
                #expect(try store.read(from: after, maxCount: .max) == Array(events[Int(after - 1)...]), seed)
                if victim.firstPosition > 1 {
                    #expect(try store.read(from: 1, maxCount: Int(victim.firstPosition - 1)) == Array(events.prefix(Int(victim.firstPosition - 1))),
                            seed)
                }
                await store.close()
            }
        }
    }

    @Test func aFlippedBitInTheSealOfASealedSegmentRefusesWriting() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeSegmentedLog(in: directory)
            let segments = try LogFiles.segmentPaths(in: directory)
            let victimIndex = Int.random(in: 0..<(segments.count - 1), using: &rng)
            let victim = segments[victimIndex]
            let size = try LogFiles.readBytes(victim).count
            let sealStart = size - LogFiles.sealFrameBytes
            try LogFiles.flipBit(in: victim, at: Int.random(in: sealStart..<size, using: &rng), bit: Int.random(in: 0..<8, using: &rng))

            let error = await FaultFixture.openError(directory, options: FaultFixture.smallSegments())
            let corrupt = try #require(FaultFixture.corruption(error), "\(String(describing: error)); \(seed)")
            #expect(corrupt.file == victim, seed)
            #expect(corrupt.offset >= UInt64(sealStart), "the offset points into the footer; \(seed)")

            let readOnly = try EventStore(directory: directory, options: FaultFixture.smallSegments().readOnly)
            #expect(try readOnly.allEvents() == Array(events.prefix(Int(FaultFixture.firstPosition(ofSegment: victim) - 1))), seed)
            #expect(!readOnly.problems.isEmpty, seed)
        }
    }

    @Test func aFlippedBitInTheIndexOfASealedSegmentRefusesWritingNamingTheIndexOffset() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            _ = try await FaultFixture.writeSegmentedLog(in: directory)
            let segments = try LogFiles.segmentPaths(in: directory)
            let victim = segments[Int.random(in: 0..<(segments.count - 1), using: &rng)]
            let index = try #require(try LogFiles.frames(inSegment: victim).first(where: { $0.kind == 2 }))
            try LogFiles.flipBit(in: victim, at: Int.random(in: index.offset..<index.end, using: &rng), bit: Int.random(in: 0..<8, using: &rng))

            let error = await FaultFixture.openError(directory, options: FaultFixture.smallSegments())
            let corrupt = try #require(FaultFixture.corruption(error), "\(String(describing: error)); \(seed)")
            #expect(corrupt.file == victim && corrupt.offset == UInt64(index.offset), seed)
        }
    }

    @Test func aFlippedBitInACompressedSegmentFailsReadsOfThatChunk() async throws {
        var rng = SplitMix64.fromEnvironment()
        let seed = Comment(rawValue: rng.replayHint)
        try await TemporaryDirectory.with { directory in
            let events = try await FaultFixture.writeSegmentedLog(in: directory, compression: .zlib(level: 6))
            let compressed = try LogFiles.segmentPaths(in: directory).filter { $0.hasSuffix(".segz") }
            #expect(compressed.count >= 3, "close() waits for background compression")
            let victim = try #require(compressed.first)
            // The first chunk starts right after the header; flip a byte of its zlib stream.
            let chunkBytes = Int(LogFiles.readLE(UInt32.self, try LogFiles.readBytes(victim), 64))
            try LogFiles.flipBit(in: victim, at: Int.random(in: (64 + 24)..<(64 + 24 + chunkBytes), using: &rng),
                                 bit: Int.random(in: 0..<8, using: &rng))

            let store = try EventStore(directory: directory, options: FaultFixture.smallSegments(compression: .zlib(level: 6)))
            let readError = #expect(throws: StoreError.self, seed) { try store.allEvents() }
            let corrupt = FaultFixture.corruption(readError)
            #expect(corrupt?.file == victim && corrupt?.offset == 64, "\(String(describing: readError)); \(seed)")
            let nextSegment = FaultFixture.firstPosition(ofSegment: compressed[1])
            #expect(try store.read(from: nextSegment, maxCount: .max) == Array(events[Int(nextSegment - 1)...]), seed)
            await store.close()
        }
    }
}
