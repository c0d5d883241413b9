import EventStore
import Testing
import TestSupport

/// Builds the logs that the fault tests damage, and checks they share.
enum FaultFixture {
    /// Opens a store in `directory`, appends each batch durably, reads everything back, closes.
    /// Returns the events as the store recorded them.
    static func writeLog(
        in directory: String, batches: [[ProposedEvent]], options: EventStoreOptions = .testing()
    ) async throws -> [RecordedEvent] {
        let store = try EventStore(directory: directory, options: options)
        var next: UInt64 = 1
        for batch in batches {
            let result = try await store.append(batch)
            #expect(result.outcomes.map(\.position) == Array(next..<(next + UInt64(batch.count))))
            #expect(!result.deduplicated && result.outcomes.allSatisfy { !$0.isDuplicate })
            next += UInt64(batch.count)
        }
        let events = try store.allEvents()
        await store.close()
        #expect(events.map(\.position) == Array(1..<next), "positions are dense from 1")
        return events
    }

    /// `count` batches of `eventsPerBatch` events built by `builder`, numbered from `start`.
    static func batches(
        _ count: Int, eventsPerBatch: Int, from start: Int = 0, builder: EventBuilder = EventBuilder(), paddingBytes: Int = 0
    ) -> [[ProposedEvent]] {
        (0..<count).map { i in
            let first = start + i * eventsPerBatch
            return builder.batch(first..<(first + eventsPerBatch), paddingBytes: paddingBytes)
        }
    }

    /// The error opening throws, or nil (after closing the store) when it opens.
    static func openError(_ directory: String, options: EventStoreOptions) async -> StoreError? {
        do {
            let store = try EventStore(directory: directory, options: options)
            await store.close()
            return nil
        } catch {
            return error
        }
    }

    /// The parts of a `.corrupt` error, or nil for any other error.
    static func corruption(_ error: (any Error)?) -> (file: String, offset: UInt64, reason: String)? {
        if case let .corrupt(file, offset, reason)? = error as? StoreError { return (file, offset, reason) }
        return nil
    }
}

extension FaultFixture {
    /// Options whose segments seal after 4 KiB, so a few dozen events span several segments.
    static func smallSegments(compression: SegmentCompression = .none, fileSystem: any FileSystem = PosixFileSystem()) -> EventStoreOptions {
        .testing(segmentSizeBytesMax: 4096, compression: compression, fileSystem: fileSystem)
    }

    /// 24 batches of two ~230-byte events with small segments: four sealed segments and an
    /// active one. Returns the events.
    static func writeSegmentedLog(in directory: String, compression: SegmentCompression = .none) async throws -> [RecordedEvent] {
        let events = try await writeLog(
            in: directory, batches: batches(24, eventsPerBatch: 2, paddingBytes: 150),
            options: smallSegments(compression: compression))
        #expect(try LogFiles.segmentPaths(in: directory).count >= 4)
        return events
    }

    /// A byte inside a batch frame's events (past its 16-byte header and first position):
    /// flipping it breaks the frame's CRC and nothing else.
    static func eventByte(of frame: LogFiles.FrameLocation, using rng: inout SplitMix64) -> Int {
        Int.random(in: (frame.offset + 24)..<frame.end, using: &rng)
    }

    /// The first position stored in a segment file, from its name.
    static func firstPosition(ofSegment path: String) -> UInt64 {
        let name = path.split(separator: "/").last!
        return UInt64(name.prefix(20))!
    }
}
