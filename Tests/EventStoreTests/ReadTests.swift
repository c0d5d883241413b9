import EventStore
import Foundation
import Testing

/// Reads (STORE.md "Reads"): from a position, by stream, filtered, one event, and across every
/// kind of segment — sealed, compressed and active — plus a read-only open beside the writer.
@Suite struct ReadTests {
    /// A small, mixed log: three types, two stores and none, four streams.
    static func mixedEvents(count: Int) -> [ProposedEvent] {
        let types = ["lead.received", "lead.contacted", "contact.dnc_set"]
        let storeIds: [String?] = ["store-1", "store-2", nil]
        return (0..<count).map { i in
            SampleEvent.make(
                key: "mixed-\(i)", stream: "lead/L-\(i % 4)", type: types[i % 3], storeId: storeIds[(i / 2) % 3])
        }
    }

    static func appendInBatches(_ events: [ProposedEvent], to store: EventStore, batchSize: Int = 3) async throws {
        for start in stride(from: 0, to: events.count, by: batchSize) {
            _ = try await store.append(Array(events[start..<min(start + batchSize, events.count)]))
        }
    }

    @Test func readReturnsEventsFromAPositionUpToMaxCount() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            try await Self.appendInBatches(Self.mixedEvents(count: 20), to: store)

            #expect(try store.read(from: 1, maxCount: 5).map(\.position) == [1, 2, 3, 4, 5])
            #expect(try store.read(from: 7, maxCount: 3).map(\.position) == [7, 8, 9])
            #expect(try store.read(from: 18, maxCount: 100).map(\.position) == [18, 19, 20])
            #expect(try store.read(from: 21, maxCount: 100).isEmpty)
            #expect(try store.read(from: 1, maxCount: 0).isEmpty)
            #expect(try store.read(from: 0, maxCount: 1).map(\.position) == [1], "position 0 reads from the start")
            await store.close()
        }
    }

    @Test func filtersSelectByTypeStoreAndStreamAndCombine() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            let proposed = Self.mixedEvents(count: 30)
            try await Self.appendInBatches(proposed, to: store)
            let all = try store.readAll()
            #expect(all.count == 30)

            let byType = EventFilter(types: ["lead.received", "contact.dnc_set"])
            #expect(try store.readAll(filter: byType) == all.filter { $0.type != "lead.contacted" })
            let byStore = EventFilter(storeId: "store-2")
            #expect(try store.readAll(filter: byStore) == all.filter { $0.storeId == "store-2" })
            let byStream = EventFilter(stream: "lead/L-2")
            #expect(try store.readAll(filter: byStream) == all.filter { $0.stream == "lead/L-2" })
            let combined = EventFilter(types: ["lead.received"], storeId: "store-1", stream: "lead/L-0")
            let expected = all.filter { $0.type == "lead.received" && $0.storeId == "store-1" && $0.stream == "lead/L-0" }
            #expect(!expected.isEmpty)
            #expect(try store.readAll(filter: combined) == expected)
            #expect(try store.readAll(filter: EventFilter(types: ["lead.unknown"])).isEmpty)
            #expect(try store.readAll(filter: EventFilter(storeId: "store")).isEmpty, "a prefix of a store id is not a match")
            // maxCount counts matching events, not scanned ones.
            let page = try store.read(from: 1, maxCount: 2, filter: byStream).map(\.position)
            #expect(page == Array(all.filter { $0.stream == "lead/L-2" }.prefix(2).map(\.position)))
            await store.close()
        }
    }

    @Test func scanStopsAtTheEventForWhichTheBodyReturnsFalse() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            try await Self.appendInBatches(Self.mixedEvents(count: 20), to: store, batchSize: 5)

            var seen: [UInt64] = []
            try store.scan(from: 3) { event in
                seen.append(event.position)
                return event.position < 7  // stops inside the second batch
            }
            #expect(seen == [3, 4, 5, 6, 7])

            var filtered: [UInt64] = []
            try store.scan(filter: EventFilter(stream: "lead/L-1")) { event in
                filtered.append(event.position)
                return filtered.count < 3
            }
            #expect(filtered == [2, 6, 10])

            var bounded: [UInt64] = []
            try store.scan(from: 9, through: 12) { event in
                bounded.append(event.position)
                return true
            }
            #expect(bounded == [9, 10, 11, 12])
            await store.close()
        }
    }

    @Test func eventAtReturnsThatEventAndNilOutsideTheLog() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            #expect(try store.event(at: 1) == nil, "empty log")
            let proposed = Self.mixedEvents(count: 5)
            try await Self.appendInBatches(proposed, to: store)

            let third = try #require(try store.event(at: 3))
            #expect(third.position == 3 && third.idempotencyKey == "mixed-2" && third.payload == proposed[2].payload)
            #expect(try store.event(at: 5)?.idempotencyKey == "mixed-4")
            #expect(try store.event(at: 6) == nil)
            #expect(try store.event(at: .max) == nil)
            #expect(try store.event(at: 0) == nil)
            await store.close()
        }
    }

    @Test func readStreamReturnsAStreamFromAVersionInVersionOrder() async throws {
        try await withScratchDirectory { dir in
            let store = try EventStore(directory: dir.logPath)
            try await Self.appendInBatches(Self.mixedEvents(count: 40), to: store, batchSize: 7)
            let all = try store.readAll()
            let stream = all.filter { $0.stream == "lead/L-3" }
            #expect(stream.count == 10)

            #expect(try store.readAllStream("lead/L-3") == stream)
            #expect(try store.readAllStream("lead/L-3", fromVersion: 4) == Array(stream[4...]))
            #expect(try store.readAllStream("lead/L-3", fromVersion: 9) == [stream[9]])
            #expect(try store.readAllStream("lead/L-3", fromVersion: 10).isEmpty)
            #expect(try store.readStream("lead/L-3", fromVersion: 2, maxCount: 3).map(\.version) == [2, 3, 4])
            #expect(try store.readStream("lead/none").isEmpty)
            await store.close()
        }
    }

    @Test func readsSpanSealedCompressedAndActiveSegments() async throws {
        try await withScratchDirectory { dir in
            var options = EventStoreOptions()
            options.segmentSizeBytesMax = 4096
            options.preallocationStepBytes = 16 * 1024
            options.compression = .zlib(level: 1)
            let proposed = (0..<300).map { i in
                SampleEvent.make(key: "seg-\(i)", stream: "contact/store-1/+1555\(i % 5)",
                                 payload: Array(#"{"i":\#(i),"note":"\#(String(repeating: "n", count: i % 50))"}"#.utf8))
            }
            let writer = try EventStore(directory: dir.logPath, options: options)
            try await Self.appendInBatches(proposed, to: writer, batchSize: 4)
            let whileOpen = try writer.readAll()
            await writer.close()  // waits for background compression

            let files = try dir.logFileNames()
            let compressed = files.filter { $0.hasSuffix(".segz") }
            let plain = files.filter { $0.hasSuffix(".seg") }
            #expect(compressed.count >= 5, "files: \(files)")
            #expect(plain.count == 1, "only the active segment stays plain: \(files)")
            #expect(plain.first.map { name in compressed.allSatisfy { $0 < name } } == true)

            var expected = whileOpen
            for (round, compressionOnReopen) in [SegmentCompression.zlib(level: 1), .none].enumerated() {
                var reopenOptions = options
                reopenOptions.compression = compressionOnReopen
                let store = try EventStore(directory: dir.logPath, options: reopenOptions)
                let all = try store.readAll()
                #expect(firstDifference(actual: all, expected: expected) == nil)
                #expect(all.prefix(300).map(\.idempotencyKey) == proposed.map(\.idempotencyKey))
                #expect(all.prefix(300).map(\.payload) == proposed.map(\.payload))
                // Positioned reads land inside compressed chunks and the active segment alike.
                for position: UInt64 in [1, 2, 57, 150, 151, 299, 300] {
                    #expect(try store.event(at: position).map(StoredEvent.init) == all[Int(position - 1)])
                }
                #expect(firstDifference(actual: try store.read(from: 123, maxCount: 50).map(StoredEvent.init),
                                        expected: Array(all[122..<172])) == nil)
                for s in 0..<5 {
                    let stream = "contact/store-1/+1555\(s)"
                    #expect(firstDifference(actual: try store.readAllStream(stream), expected: all.filter { $0.stream == stream }) == nil)
                }
                let key = "after-reopen-\(round)"
                let appended = try await store.append([SampleEvent.make(key: key)])
                let stored = try #require(try store.event(at: appended.position))
                #expect(stored.idempotencyKey == key && stored.position == UInt64(expected.count + 1))
                expected.append(StoredEvent(stored))
                await store.close()
            }
        }
    }

    @Test func aReadOnlyOpenBesideTheWriterSeesEveryAcknowledgedEvent() async throws {
        try await withScratchDirectory { dir in
            var options = EventStoreOptions()
            options.segmentSizeBytesMax = 8192
            let writer = try EventStore(directory: dir.logPath, options: options)
            let proposed = Self.mixedEvents(count: 120)
            try await Self.appendInBatches(proposed, to: writer, batchSize: 5)

            let reader = try EventStore(directory: dir.logPath, options: .readOnly())
            #expect(reader.problems.isEmpty)
            #expect(reader.durablePosition == 120)
            #expect(try reader.readAll() == writer.readAll())
            #expect(try reader.readAllStream("lead/L-1") == writer.readAllStream("lead/L-1"))
            #expect(reader.streamVersion("lead/L-1") == writer.streamVersion("lead/L-1"))
            await #expect(throws: StoreError.self) { try await reader.append([SampleEvent.make(key: "from-reader")]) }

            // The writer is unaffected and goes on; the reader's directory is unchanged by it.
            let next = try await writer.append([SampleEvent.make(key: "after-reader")])
            #expect(next.outcomes == [.appended(position: 121, version: 30)])
            await reader.close()
            await writer.close()
        }
    }

    /// What a reader's directory listing held when compression replaced a segment under it.
    enum ListingDuringCompression: String, CaseIterable, Sendable {
        /// Listed before the rename: only `X.seg`, which is gone when the reader opens it.
        case plainOnly
        /// Listed between the rename and the unlink: both; the reader prefers `X.seg`.
        case plainAndCompressed
    }

    @Test(arguments: ListingDuringCompression.allCases)
    func aReadOnlyOpenRacingCompressionReadsTheCompressedCopy(_ listing: ListingDuringCompression) async throws {
        try await withScratchDirectory { dir in
            var options = EventStoreOptions()
            options.segmentSizeBytesMax = 4096
            options.preallocationStepBytes = 16 * 1024
            options.compression = .zlib(level: 1)
            let writer = try EventStore(directory: dir.logPath, options: options)
            try await Self.appendInBatches(Self.mixedEvents(count: 80), to: writer, batchSize: 4)
            await writer.close()  // every sealed segment is now compressed
            let names = try dir.logFileNames()
            let compressed = try #require(names.first { $0.hasSuffix(".segz") })
            let plain = String(compressed.dropLast())  // "….segz" → "….seg"
            #expect(!names.contains(plain))
            let stale = listing == .plainOnly
                ? names.map { $0 == compressed ? plain : $0 }
                : (names + [plain]).sorted()

            var readOptions = EventStoreOptions.readOnly()
            readOptions.fileSystem = StaleListingFileSystem(directory: dir.logPath, staleNames: stale)
            let reader = try EventStore(directory: dir.logPath, options: readOptions)
            #expect(reader.problems.isEmpty)
            let expected = try EventStore(directory: dir.logPath, options: .readOnly()).readAll()
            #expect(expected.count == 80)
            #expect(firstDifference(actual: try reader.readAll(), expected: expected) == nil)
            await reader.close()
        }
    }

    @Test func aReadOnlyStoreRefusesAppendsWithReadOnly() async throws {
        try await withScratchDirectory { dir in
            let writer = try EventStore(directory: dir.logPath)
            _ = try await writer.append([SampleEvent.make(key: "a")])
            await writer.close()

            let reader = try EventStore(directory: dir.logPath, options: .readOnly())
            let error = await #expect(throws: StoreError.self) { try await reader.append([SampleEvent.make(key: "b")]) }
            #expect(error?.code == "read_only")
            #expect(try reader.readAll().map(\.idempotencyKey) == ["a"])
            await reader.close()
        }
    }
}
