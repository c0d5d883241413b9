@testable import EventStore
import Foundation
import Testing

/// `StoreInspector`: verify finds every kind of damage at its exact file and offset, and stats
/// count what was appended.
@Suite struct InspectorTests {
    // MARK: verify

    @Test func verifyFindsNoProblemInACleanStore() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        var progress: [StoreInspector.Progress] = []
        let report = try StoreInspector(directory: log.directory).verify { progress.append($0) }
        #expect(report.problems == [])
        #expect(report.eventCount == 300)
        #expect(report.batchCount == 100)
        #expect(report.lastPosition == 300)
        #expect(report.segmentCount == log.segmentFiles().count)
        #expect(report.segmentCount > 2)
        #expect(progress.last == StoreInspector.Progress(bytesDone: report.bytesChecked, bytesTotal: report.bytesChecked))
    }

    @Test func verifyFindsNoProblemInACleanCompressedStore() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3, compression: .zlib(level: 6))
        defer { log.remove() }
        #expect(log.segmentFiles().contains { $0.hasSuffix(".segz") })
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems == [])
        #expect(report.eventCount == 300)
    }

    /// The golden log (format version 1: a compressed segment, a plain sealed one, an active
    /// one) is the format contract; verify must find it sound and count it exactly.
    @Test func verifyAndStatsAgreeWithTheGoldenLog() throws {
        let golden = try #require(Bundle.module.resourceURL?.appendingPathComponent("Golden/v1").path)
        let report = try StoreInspector(directory: golden).verify()
        #expect(report.problems == [])
        #expect(report.segmentCount == 3)
        #expect(report.eventCount == 30)
        let stats = try StoreInspector(directory: golden).stats()
        #expect(stats.eventCount == 30)
        #expect(stats.batchCount == report.batchCount)
        #expect(stats.compressedSegmentCount == 1)
        #expect(stats.sealedSegmentCount == 2)
        #expect(stats.indexSnapshot?.keyCount == 30)
    }

    @Test func flippedByteInASealedSegmentIsReportedAtItsFrameAndNowhereElse() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let sealed = log.segmentFiles()[1]
        let frames = try log.batchFrameOffsets(sealed)
        let target = frames[2]
        try log.flip(sealed, at: target + 40)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.file == log.directory + "/" + sealed)
        #expect(report.problems.first?.offset == target)
        #expect(report.problems.first?.reason.contains("checksum") == true)
    }

    @Test func flippedByteInTheActiveSegmentIsReportedAtItsFrame() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let active = log.segmentFiles().last!
        let frames = try log.batchFrameOffsets(active)
        #expect(frames.count >= 3)
        try log.flip(active, at: frames[1] + 30)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.map(\.file) == [log.directory + "/" + active])
        #expect(report.problems.map(\.offset) == [frames[1]])
    }

    @Test func flippedByteInTheLastBatchIsReportedAsATornTailThatRecoveryWouldTruncate() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let active = log.segmentFiles().last!
        let last = try log.batchFrameOffsets(active).last!
        try log.flip(active, at: last + 20)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.offset == last)
        #expect(report.problems.first?.reason.contains("torn tail") == true)
    }

    @Test func damageInSeveralSegmentsIsReportedOncePerDamagedFrame() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let files = log.segmentFiles()
        let first = try log.batchFrameOffsets(files[0])[1]
        let second = try log.batchFrameOffsets(files[2])[0]
        try log.flip(files[0], at: first + 50)
        try log.flip(files[2], at: second + 50)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.map(\.description).map { String($0.prefix(while: { $0 != " " })) } == [
            "\(log.directory)/\(files[0]):\(first):", "\(log.directory)/\(files[2]):\(second):",
        ])
    }

    @Test func flippedByteInACompressedSegmentIsReportedAtItsChunk() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3, compression: .zlib(level: 6))
        defer { log.remove() }
        let compressed = log.segmentFiles().first { $0.hasSuffix(".segz") }!
        try log.flip(compressed, at: 64 + 30)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.file == log.directory + "/" + compressed)
        #expect(report.problems.first?.offset == 64)
        #expect(report.problems.first?.reason.contains("chunk checksum mismatch") == true)
    }

    @Test func damagedSealFrameIsReportedAtTheSeal() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let sealed = log.segmentFiles()[0]
        let size = try log.size(sealed)
        try log.flip(sealed, at: size - 10)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.map(\.offset) == [size - 64])
    }

    @Test func damagedSegmentHeaderIsReportedAtOffsetZeroAndTheFramesAreStillChecked() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let sealed = log.segmentFiles()[2]
        try log.flip(sealed, at: 30)  // a reserved byte: caught by the header CRC
        let frame = try log.batchFrameOffsets(sealed)[3]
        try log.flip(sealed, at: frame + 44)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.map(\.offset) == [0, frame])
        #expect(report.problems.first?.reason == "segment header checksum mismatch")
        #expect(report.eventCount == 297)
    }

    @Test func zeroedFrameLengthWithFramesAfterItIsReportedAndTheWalkResumes() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let active = log.segmentFiles().last!
        let frames = try log.batchFrameOffsets(active)
        var bytes = try log.bytes(active)
        bytes.replaceSubrange(Int(frames[1])..<(Int(frames[1]) + 4), with: [0, 0, 0, 0])
        try log.write(active, bytes)
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.map(\.offset) == [frames[1]])
        #expect(report.problems.first?.reason.contains("zero frame length, but a valid frame follows at offset \(frames[2])") == true)
        #expect(report.lastPosition == 300)
    }

    @Test func missingSegmentIsReportedAtTheNextSegment() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let files = log.segmentFiles()
        try FileManager.default.removeItem(atPath: log.directory + "/" + files[1])
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.file == log.directory + "/" + files[2])
        #expect(report.problems.first?.offset == 0)
        #expect(report.problems.first?.reason.contains("missing segment") == true)
    }

    @Test func repeatedIdempotencyKeyWithAValidChecksumIsReported() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let active = log.segmentFiles().last!
        let frame = try log.batchFrameOffsets(active).last!
        // Rewrite the last event's key to the first event's key, then fix the frame's CRC: a
        // writer bug, not disk damage, that only the log-wide key check can see.
        let keyOffset = try log.rewriteFirstRecord(active, frameAt: frame) { record in
            let keyAt = 72 + [56, 58, 60].reduce(0) { $0 + Int(record.readLE(UInt16.self, at: $1)) }
            let key = Array("key-000001".utf8)
            #expect(Int(record.readLE(UInt16.self, at: 62)) == key.count)
            record.replaceSubrange(keyAt..<(keyAt + key.count), with: key)
            return keyAt
        }
        _ = keyOffset
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.offset == frame + 24)
        #expect(report.problems.first?.reason.contains("repeats idempotency key \"key-000001\" of position 1") == true)
    }

    @Test func brokenStreamVersionWithAValidChecksumIsReported() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3)
        defer { log.remove() }
        let active = log.segmentFiles().last!
        let frame = try log.batchFrameOffsets(active)[0]
        _ = try log.rewriteFirstRecord(active, frameAt: frame) { record in
            record.setLE(record.readLE(UInt64.self, at: 20) + 1, at: 20)
            return 20
        }
        let report = try StoreInspector(directory: log.directory).verify()
        // The bad version, and the stream's next event, which follows the real chain.
        #expect(report.problems.first?.offset == frame + 24)
        #expect(report.problems.first?.reason.contains("expected version") == true)
    }

    @Test func verifyNeedsNoWriterLockAndChangesNothing() async throws {
        let log = try await InspectedLog.written(events: 30, perBatch: 3, close: false)
        defer { log.remove() }
        let before = try log.segmentFiles().map { try log.size($0) }
        let report = try StoreInspector(directory: log.directory).verify()
        #expect(report.problems == [])
        #expect(try log.segmentFiles().map { try log.size($0) } == before)
        await log.store?.close()
    }

    // MARK: stats

    @Test func statsCountWhatWasAppended() async throws {
        let log = try await InspectedLog.written(events: 300, perBatch: 3, compression: .zlib(level: 6))
        defer { log.remove() }
        let stats = try StoreInspector(directory: log.directory).stats()
        let files = log.segmentFiles()
        #expect(stats.problems == [])
        #expect(stats.eventCount == 300)
        #expect(stats.batchCount == 100)
        #expect(stats.lastPosition == 300)
        #expect(stats.segmentCount == files.count)
        #expect(stats.sealedSegmentCount == files.count - 1)
        #expect(stats.compressedSegmentCount == files.filter { $0.hasSuffix(".segz") }.count)
        #expect(stats.compressedSegmentCount == files.count - 1)
        #expect(stats.uncompressedBytes == log.batchFrameBytes)
        #expect(stats.compressionRatio > 1.5)
        #expect(stats.segmentBytesOnDisk == (try files.reduce(0) { $0 + (try log.size($1)) }))
        let snapshot = try #require(stats.indexSnapshot)
        #expect(snapshot.coveredPosition == 300)
        #expect(snapshot.keyCount == 300)
        #expect(snapshot.streamCount == UInt64(InspectedLog.streamCount))
        #expect(snapshot.memoryBytesPerKey == Double(snapshot.keySlots * 16) / 300)
        #expect(stats.bytesOnDisk == stats.segmentBytesOnDisk + (try log.size("index.snap")))
    }

    @Test func statsOfAnUncompressedStoreHaveARatioOfOne() async throws {
        let log = try await InspectedLog.written(events: 90, perBatch: 9)
        defer { log.remove() }
        let stats = try StoreInspector(directory: log.directory).stats()
        #expect(stats.eventCount == 90)
        #expect(stats.batchCount == 10)
        #expect(stats.compressedSegmentCount == 0)
        #expect(stats.uncompressedBytes == log.batchFrameBytes)
        #expect(stats.storedBytes == log.batchFrameBytes)
        #expect(stats.compressionRatio == 1)
    }
}

/// A log written through the public API, in its own temp directory.
struct InspectedLog {
    static let streamCount = 7
    let directory: String
    /// The batch frames' total size, computed from the events as docs/FORMAT.md lays them out.
    let batchFrameBytes: UInt64
    var store: EventStore?

    static func written(
        events: Int, perBatch: Int, compression: SegmentCompression = .none, close: Bool = true
    ) async throws -> InspectedLog {
        let directory = NSTemporaryDirectory() + "cl-inspector-\(UUID().uuidString)"
        var options = EventStoreOptions()
        options.segmentSizeBytesMax = 8 * 1024
        options.preallocationStepBytes = 16 * 1024
        options.compression = compression
        let store = try EventStore(directory: directory, options: options)
        var frameBytes: UInt64 = 0
        for batchStart in stride(from: 0, to: events, by: perBatch) {
            let batch = (batchStart..<min(batchStart + perBatch, events)).map(event)
            _ = try await store.append(batch)
            frameBytes += UInt64(16 + 8 + batch.reduce(0) { $0 + EventRecord.encodedBytes($1) })
        }
        if close { await store.close() }
        return InspectedLog(directory: directory, batchFrameBytes: frameBytes, store: close ? nil : store)
    }

    static func event(_ i: Int) -> ProposedEvent {
        let key = "key-" + String(repeating: "0", count: 6 - String(i + 1).count) + String(i + 1)
        return ProposedEvent(
            id: EventID(high: 0xC0FFEE, low: UInt64(i)), type: i % 2 == 0 ? "lead.received" : "message.logged",
            stream: "contact/store-1/+1415555\(String(format: "%04d", i % streamCount))", storeId: "store-1",
            occurredAt: Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000 + Int64(i)), idempotencyKey: key,
            actor: Actor(type: "system"), payload: Array("{\"n\":\(i),\"note\":\"sample event number \(i)\"}".utf8))
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    func segmentFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".seg") || $0.hasSuffix(".segz") }.sorted()
    }

    func size(_ name: String) throws -> UInt64 {
        (try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as! NSNumber).uint64Value
    }

    func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    /// Offsets of the batch frames of a plain segment (frame kind byte 1 at +8).
    func batchFrameOffsets(_ name: String) throws -> [UInt64] {
        let bytes = try bytes(name)
        var offsets: [UInt64] = []
        var at = 64
        while at + 16 <= bytes.count {
            let body = Int(bytes.readLE(UInt32.self, at: at))
            if body == 0 || bytes[at + 8] != 1 { break }
            offsets.append(UInt64(at))
            at += 16 + body
        }
        return offsets
    }

    func flip(_ name: String, at offset: UInt64) throws {
        var bytes = try bytes(name)
        bytes[Int(offset)] ^= 0x5A
        try write(name, bytes)
    }

    /// Edits the first record of the batch frame at `frameAt` and recomputes the frame's CRC.
    func rewriteFirstRecord(_ name: String, frameAt: UInt64, _ edit: (inout [UInt8]) -> Int) throws -> Int {
        var bytes = try bytes(name)
        let frame = Int(frameAt)
        let body = Int(bytes.readLE(UInt32.self, at: frame))
        let recordAt = frame + 24
        let recordBytes = Int(bytes.readLE(UInt32.self, at: recordAt))
        var record = Array(bytes[recordAt..<(recordAt + recordBytes)])
        let edited = edit(&record)
        bytes.replaceSubrange(recordAt..<(recordAt + recordBytes), with: record)
        let crc = bytes.withUnsafeBytes { Checksum.frameCRC(UnsafeRawBufferPointer(rebasing: $0[frame..<(frame + 16 + body)])) }
        bytes.setLE(crc, at: frame + 4)
        try write(name, bytes)
        return edited
    }
}
