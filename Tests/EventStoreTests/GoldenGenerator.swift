import EventStore
import Foundation
import Testing
import TestSupport

/// Writes the golden log under Tests/EventStoreTests/Golden/<version>/ with the code as it is
/// now. Run it only when the format version changes, as a new directory, and commit what it
/// writes; never regenerate a version that has shipped (GoldenFileTests must keep reading it):
///
///     CL_WRITE_GOLDEN=1 swift test --scratch-path .build-faults --filter GoldenGenerator
///
/// The log: 30 events in 16 batches over three segments with 4 KiB segment limit; the first
/// segment sealed and zlib-compressed (level 6) by the store in the background, the second
/// sealed plain, the third active (unsealed, with its preallocated zero tail), plus the
/// index snapshot written on close. Clock, ids, keys and payloads are fixed, so a rerun on
/// the same code writes the same bytes.
@Suite struct GoldenGenerator {
    static let version = "v1"

    @Test(.enabled(if: ProcessEnvironment.isEnabled("CL_WRITE_GOLDEN")))
    func writeGoldenFiles() async throws {
        let destination = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/\(Self.version)").path
        try await TemporaryDirectory.with { root in
            let directory = root + "/log"
            let batches = Self.batches()
            var options = EventStoreOptions.testing(
                segmentSizeBytesMax: 4096, preallocationStepBytes: 1024, compression: .zlib(level: 6),
                clock: ManualClock(start: Timestamp(microsecondsSinceEpoch: 1_735_689_600_000_000), stepMicroseconds: 250_000))

            // Phase 1, compressing: append until the first rotation seals segment 1; close()
            // waits for its background compression.
            var store = try EventStore(directory: directory, options: options)
            var next = 0
            while try LogFiles.segmentPaths(in: directory).count < 2 {
                _ = try await store.append(batches[next])
                next += 1
            }
            await store.close()

            // Phase 2, plain: the rest, sealing segment 2 uncompressed.
            options.compression = .none
            options.clock = ManualClock(start: Timestamp(microsecondsSinceEpoch: 1_735_693_200_000_000), stepMicroseconds: 250_000)
            store = try EventStore(directory: directory, options: options)
            for batch in batches[next...] { _ = try await store.append(batch) }
            let events = try store.allEvents()
            await store.close()

            let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            try #require(names.filter { $0.hasSuffix(".segz") }.count == 1 && names.filter { $0.hasSuffix(".seg") }.count == 2,
                         "the golden log needs one compressed and two plain segments: \(names)")
            try #require(events.map(\.idempotencyKey) == batches.flatMap { $0.map(\.idempotencyKey) })
            try #require(events.map(\.payload) == batches.flatMap { $0.map(\.payload) })

            let manager = FileManager.default
            try? manager.removeItem(atPath: destination)
            try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            for name in names where name != "LOCK" {
                try manager.copyItem(atPath: directory + "/" + name, toPath: destination + "/" + name)
            }
            try Data(GoldenDump.lines(events).utf8).write(to: URL(fileURLWithPath: destination + "/expected.jsonl"))
            #expect(try manager.contentsOfDirectory(atPath: destination).count == names.count)
        }
    }

    /// 30 events shaped like ContactLedger's: several streams and types, a store id on some,
    /// staff and system actors, schema versions 1 and 2, non-ASCII text and an escaped quote
    /// in payloads, and batches of one to three events.
    static func batches() -> [[ProposedEvent]] {
        let builder = EventBuilder(namespace: 0x601D_E000, occurredAtBase: Timestamp(microsecondsSinceEpoch: 1_735_680_000_000_000))
        let sizes = [1, 2, 3, 1, 2, 1, 3, 2, 1, 2, 3, 1, 2, 3, 2, 1]
        var batches: [[ProposedEvent]] = []
        var n = 0
        for size in sizes {
            batches.append((n..<(n + size)).map { i in
                var event = builder.event(i, paddingBytes: 0)
                let contact = "+1555010\(String(format: "%04d", i % 4))"
                switch i % 3 {
                case 0:
                    event.type = "lead.received"
                    event.stream = "lead/L-\(i / 3)"
                    event.storeId = "store-\(i % 2 + 1)"
                case 1:
                    event.type = "contact.updated"
                    event.stream = "contact/store-1/\(contact)"
                    event.storeId = "store-1"
                    event.actor = Actor(type: "staff", id: "user-\(i % 5)")
                default:
                    event.type = "store.hours.changed"
                    event.stream = "store/store-2"
                    event.schemaVersion = 2
                    event.actor = Actor(type: "system")
                }
                let note = String(repeating: "Café ☕ \"quoted\" ", count: 12)
                event.payload = Array("{\"n\":\(i),\"phone\":\"\(contact)\",\"note\":\"\(note.replacingOccurrences(of: "\"", with: "\\\""))\"}".utf8)
                return event
            })
            n += size
        }
        precondition(n == 30, "the golden log holds 30 events")
        return batches
    }
}
