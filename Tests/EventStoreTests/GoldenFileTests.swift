import EventStore
import Foundation
import Testing
import TestSupport

/// Format is a contract (STORE.md 10): the log under Golden/v1 was written by format version
/// 1 (GoldenGenerator) and every later build must read every event of it back byte for byte —
/// read-only, read-write, and with the index snapshot rebuilt from the segments. The golden
/// directory is copied first: opening for writing may touch files (LOCK, repairs).
@Suite struct GoldenFileTests {
    static func goldenDirectory(_ version: String) throws -> String {
        let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Golden/\(version)"))
        try #require(FileManager.default.fileExists(atPath: url.appendingPathComponent("expected.jsonl").path),
                     "Golden/\(version) is missing; see GoldenGenerator")
        return url.path
    }

    static func expected(_ version: String) throws -> String {
        String(decoding: try LogFiles.readBytes(try goldenDirectory(version) + "/expected.jsonl"), as: UTF8.self)
    }

    /// A writable copy of the golden log (without the expected dump).
    static func copyOfGoldenLog(_ version: String, to directory: String) throws {
        try LogFiles.copyDirectory(try goldenDirectory(version), to: directory)
        try FileManager.default.removeItem(atPath: directory + "/expected.jsonl")
    }

    @Test func theV1GoldenLogHasACompressedSegmentAPlainSealedOneAndAnActiveOne() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: try Self.goldenDirectory("v1"))
        #expect(names.filter { $0.hasSuffix(".segz") }.count == 1)
        #expect(names.filter { $0.hasSuffix(".seg") }.count == 2)
        #expect(names.contains("index.snap"))
        #expect(try Self.expected("v1").split(separator: "\n").count == 30)
    }

    @Test func theV1GoldenLogReadsBackByteForByteReadOnly() async throws {
        try await TemporaryDirectory.with { directory in
            try Self.copyOfGoldenLog("v1", to: directory)
            let store = try EventStore(directory: directory, options: EventStoreOptions.testing().readOnly)
            #expect(store.problems.isEmpty, "\(store.problems)")
            #expect(GoldenDump.lines(try store.allEvents()) == (try Self.expected("v1")))
        }
    }

    @Test func theV1GoldenLogReadsBackByteForByteReadWriteAndAcceptsAppends() async throws {
        try await TemporaryDirectory.with { directory in
            try Self.copyOfGoldenLog("v1", to: directory)
            let store = try EventStore(directory: directory, options: .testing(segmentSizeBytesMax: 4096))
            #expect(store.repairs.isEmpty, "\(store.repairs)")
            let events = try store.allEvents()
            #expect(GoldenDump.lines(events) == (try Self.expected("v1")))
            // Reads by stream (following previousInStream across all three segments) agree.
            for stream in Set(events.map(\.stream)) {
                #expect(try store.readStream(stream) == events.filter { $0.stream == stream }, "\(stream)")
            }
            // The writer continues the golden log: keys dedupe, positions and versions go on.
            let first = events[0]
            let again = ProposedEvent(
                id: first.id, type: first.type, stream: first.stream, storeId: first.storeId, occurredAt: first.occurredAt,
                idempotencyKey: first.idempotencyKey, actor: first.actor, schemaVersion: first.schemaVersion, payload: first.payload)
            #expect(try await store.append([again]).outcomes == [.duplicate(originalPosition: 1)])
            let appended = try await store.append([EventBuilder().event(100, stream: "store/store-2")])
            let lastVersion = try #require(events.last(where: { $0.stream == "store/store-2" })?.version)
            #expect(appended.outcomes == [.appended(position: 31, version: lastVersion + 1)])
            await store.close()
        }
    }

    @Test func theV1GoldenLogReadsBackWhenItsIndexSnapshotIsRebuilt() async throws {
        try await TemporaryDirectory.with { directory in
            try Self.copyOfGoldenLog("v1", to: directory)
            try FileManager.default.removeItem(atPath: directory + "/index.snap")
            let store = try EventStore(directory: directory, options: .testing(segmentSizeBytesMax: 4096))
            let events = try store.allEvents()
            #expect(GoldenDump.lines(events) == (try Self.expected("v1")))
            for event in [events[0], events[14], events[29]] {
                #expect(store.streamVersion(event.stream) == events.last(where: { $0.stream == event.stream })?.version)
            }
            await store.close()
        }
    }
}
