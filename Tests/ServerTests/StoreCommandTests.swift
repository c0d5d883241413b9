import EventStore
import Foundation
import Testing

/// The `contactledger` executable as an operator uses it: exit codes (API.md: 0 success, 1 user
/// error with a one-line reason, 2 corruption), output on the right stream, and the store tools.
@Suite(.serialized) struct StoreCommandTests {
    // MARK: Exit codes and help

    @Test func helpExitsZeroAndPrintsUsageOnStdout() throws {
        for arguments in [["--help"], ["store", "--help"], ["store", "verify", "--help"], ["store", "import", "--help"], ["smoke", "--help"]] {
            let result = try ContactLedgerProcess.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.contains("USAGE:"), "\(arguments)")
        }
        #expect(try ContactLedgerProcess.run(["store", "dump", "--help"]).stdout.contains("--data <DIR>"))
    }

    @Test func unknownFlagExitsOneWithAOneLineReason() throws {
        let result = try ContactLedgerProcess.run(["store", "verify", "--bogus"])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("--bogus"))
        #expect(result.stdout.isEmpty)
    }

    @Test func badOptionValueAndUnknownSubcommandExitOne() throws {
        let badValue = try ContactLedgerProcess.run(["store", "dump", "--limit", "many"])
        #expect(badValue.status == 1)
        #expect(badValue.stderrLines.count == 1)
        let unknown = try ContactLedgerProcess.run(["store", "shred"])
        #expect(unknown.status == 1)
        #expect(unknown.stderrLines.count == 1)
    }

    @Test func aMissingLogIsAUserError() throws {
        let data = DataDirectory()
        for command in ["verify", "stats", "dump"] {
            let result = try ContactLedgerProcess.run(["store", command, "--data", data.path])
            #expect(result.status == 1, "\(command)")
            #expect(result.stderrLines == ["contactledger: no event log at \(data.log) (is --data right?)"], "\(command)")
        }
    }

    // MARK: verify

    @Test func verifyOfASoundStoreExitsZero() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await data.fill(count: 240)
        #expect(data.segments().count > 3)
        let result = try ContactLedgerProcess.run(["store", "verify", "--data", data.path])
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 1)
        #expect(result.stdout.hasPrefix("ok: \(data.segments().count) segments, 240 events in 60 batches"))
    }

    @Test func verifyOfACorruptedStoreExitsTwoNamingEachFileAndOffset() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await data.fill(count: 240)
        let segments = data.segments()
        let sealed = segments[1], active = segments.last!
        let sealedFrame = try data.frameOffsets(sealed)[1]
        let activeFrame = try data.frameOffsets(active)[0]
        try data.flipByte(sealed, at: sealedFrame + 33)
        try data.flipByte(active, at: activeFrame + 70)
        let result = try ContactLedgerProcess.run(["store", "verify", "--data", data.path])
        #expect(result.status == 2)
        let problems = result.stdoutLines.filter { $0.hasPrefix(data.log) }
        #expect(problems.count == 2)
        #expect(problems.first?.hasPrefix("\(data.log)/\(sealed):\(sealedFrame): frame checksum mismatch") == true)
        #expect(problems.last?.hasPrefix("\(data.log)/\(active):\(activeFrame): frame checksum mismatch") == true)
        #expect(result.stdoutLines.last?.hasPrefix("2 problems:") == true)
    }

    @Test func dumpOfACorruptedStoreServesWhatPrecedesTheDamageAndExitsTwo() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await data.fill(count: 240)
        let sealed = data.segments()[1]
        try data.flipByte(sealed, at: try data.frameOffsets(sealed)[0] + 40)
        let result = try ContactLedgerProcess.run(["store", "dump", "--data", data.path])
        #expect(result.status == 2)
        let positions = try result.stdoutLines.map { try Self.object($0)["position"] as? Int }
        try #require(!positions.isEmpty)
        #expect(positions == Array(1...positions.count))
        #expect(result.stderr.contains("\(data.log)/\(sealed):"))
    }

    // MARK: dump

    @Test func dumpPrintsEveryDocumentedField() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await data.fill(count: 12) { Array(($0 == 7 ? "not json\nat all" : DataDirectory.jsonPayload($0)).utf8) }
        let result = try ContactLedgerProcess.run(["store", "dump", "--data", data.path])
        #expect(result.status == 0)
        let lines = result.stdoutLines
        #expect(lines.count == 12)
        let first = try Self.object(lines[0])
        #expect(Set(first.keys) == [
            "position", "id", "type", "stream", "version", "storeId", "occurredAt", "recordedAt", "idempotencyKey", "actor",
            "schemaVersion", "payload",
        ])
        #expect(first["position"] as? Int == 1)
        #expect(first["id"] as? String == DataDirectory.event(0, payload: []).id.uuidString)
        #expect(first["type"] as? String == "lead.received")
        #expect(first["stream"] as? String == "contact/\(DataDirectory.storeIds[0])/+14155551000")
        #expect(first["version"] as? Int == 0)
        #expect(first["storeId"] as? String == DataDirectory.storeIds[0])
        #expect(first["occurredAt"] as? String == "2026-03-02T16:46:40.000000Z")
        #expect((first["recordedAt"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z/) != nil)
        #expect(first["idempotencyKey"] as? String == "sample:0")
        #expect(first["actor"] as? [String: String] == ["type": "staff", "id": "user-0"])
        #expect(first["schemaVersion"] as? Int == 1)
        let payload = try #require(first["payload"] as? [String: Any])
        #expect(payload["subject"] as? String == #"Hi! Thursday 6am? "quoted" \ and ünïcödé"#)
        #expect(try Self.object(lines[4])["storeId"] is NSNull)
        #expect(try Self.object(lines[6])["occurredAt"] as? String == "1960-06-29T18:39:59.999993Z")
        let text = try Self.object(lines[7])
        #expect(text["payload"] as? String == "not json\nat all")
        #expect(text["payloadEncoding"] as? String == "text")
    }

    @Test func dumpFiltersByPositionLimitTypeStoreAndStream() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await data.fill(count: 60)
        func positions(_ arguments: [String]) throws -> [Int] {
            let result = try ContactLedgerProcess.run(["store", "dump", "--data", data.path] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return try result.stdoutLines.map { try #require(Self.object($0)["position"] as? Int) }
        }
        #expect(try positions(["--from", "51"]) == Array(51...60))
        #expect(try positions(["--from", "10", "--limit", "3"]) == [10, 11, 12])
        #expect(try positions(["--type", "call.logged"]) == Array(stride(from: 3, through: 60, by: 3)))
        #expect(try positions(["--type", "call.logged", "--type", "lead.received", "--limit", "4"]) == [1, 3, 4, 6])
        let store = DataDirectory.storeIds[1]
        #expect(try positions(["--store", store, "--limit", "3"]) == [2, 4, 6])
        #expect(try positions(["--stream", "contact/\(store)/+14155551003"]) == [4, 22, 40, 58])
        #expect(try positions(["--type", "no.such.type"]) == [])
    }

    // MARK: export and import

    @Test func exportImportExportIsByteIdenticalAndASecondImportAddsNothing() async throws {
        let source = DataDirectory(), copy = DataDirectory()
        defer { source.remove(); copy.remove() }
        // Payloads of every kind: JSON objects, JSON fragments, text, pretty-printed JSON (a
        // line break), empty, and bytes that are not UTF-8.
        let payloads: [[UInt8]] = [
            Array(#""just a JSON string""#.utf8), Array("42".utf8), Array("plain text".utf8), Array("{\n  \"pretty\": true\n}".utf8),
            [], [0xFF, 0x00, 0xC3, 0x28], Array(" {\"padded\":1} ".utf8), Array(#"[1,2.5e3,-0.1,{"a":[]}]"#.utf8),
        ]
        try await source.fill(count: 150) { $0 % 3 == 0 && $0 / 3 < payloads.count ? payloads[$0 / 3] : Array(DataDirectory.jsonPayload($0).utf8) }
        let first = source.path + "/first.jsonl", second = source.path + "/second.jsonl"

        let exported = try ContactLedgerProcess.run(["store", "export", "--data", source.path, "--out", first])
        #expect(exported.status == 0)
        #expect(exported.stdout == "exported 150 events to \(first)\n")
        let imported = try ContactLedgerProcess.run(["store", "import", first, "--data", copy.path])
        #expect(imported.status == 0)
        #expect(imported.stdout == "imported \(first): 150 appended, 0 duplicates, 150 lines\n")
        #expect(try ContactLedgerProcess.run(["store", "export", "--data", copy.path, "--out", second]).status == 0)
        let before = try String(contentsOfFile: first, encoding: .utf8)
        let after = try String(contentsOfFile: second, encoding: .utf8)
        #expect(before.split(separator: "\n").count == 150)
        #expect(before == after)

        let again = try ContactLedgerProcess.run(["store", "import", first, "--data", copy.path])
        #expect(again.status == 0)
        #expect(again.stdout == "imported \(first): 0 appended, 150 duplicates, 150 lines\n")
        let intoSource = try ContactLedgerProcess.run(["store", "import", second, "--data", source.path])
        #expect(intoSource.stdout == "imported \(second): 0 appended, 150 duplicates, 150 lines\n")
        #expect(try ContactLedgerProcess.run(["store", "verify", "--data", copy.path]).status == 0)
    }

    @Test func smokeThenExportImportRoundTrip() throws {
        let source = DataDirectory(), copy = DataDirectory()
        defer { source.remove(); copy.remove() }
        let smoke = try ContactLedgerProcess.run(["smoke", "--data", source.path, "--leads", "40"])
        #expect(smoke.status == 0, "\(smoke.stderr)")
        #expect(smoke.stdout.contains("retry deduplicated: true"))
        #expect(smoke.stdout.contains("verify: ok"))
        let file = source.path + "/all.jsonl", back = source.path + "/back.jsonl"
        #expect(try ContactLedgerProcess.run(["store", "export", "--data", source.path, "--out", file]).status == 0)
        #expect(try ContactLedgerProcess.run(["store", "import", file, "--data", copy.path]).status == 0)
        #expect(try ContactLedgerProcess.run(["store", "export", "--data", copy.path, "--out", back]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == String(contentsOfFile: back, encoding: .utf8))
    }

    @Test func importOfAMalformedLineExitsOneNamingFileAndLine() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try FileManager.default.createDirectory(atPath: data.path, withIntermediateDirectories: true)
        let file = data.path + "/bad.jsonl"
        let good = #"{"id":"8e3b2a10-0000-4000-8000-000000000001","type":"lead.received","stream":"lead/1","storeId":null,"#
            + #""occurredAt":"2026-03-02T17:04:10.5Z","idempotencyKey":"lead.received:1","actor":{"type":"system"},"payload":{"a":1}}"#
        let bad = #"{"id":"8e3b2a10-0000-4000-8000-000000000002","type":"lead.received","occurredAt":"2026-03-02T17:04:10Z","#
            + #""idempotencyKey":"k","actor":{"type":"system"},"payload":{}}"#
        try (good + "\n\n" + bad + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try ContactLedgerProcess.run(["store", "import", file, "--data", data.path])
        #expect(result.status == 1)
        #expect(result.stderrLines == ["contactledger: \(file):3: field stream is missing"])
        // The error came before the batch holding the good line was appended: nothing was.
        try (good + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let retry = try ContactLedgerProcess.run(["store", "import", file, "--data", data.path])
        #expect(retry.stdout == "imported \(file): 1 appended, 0 duplicates, 1 lines\n")
        let dumped = try Self.object(try ContactLedgerProcess.run(["store", "dump", "--data", data.path]).stdout)
        #expect(dumped["occurredAt"] as? String == "2026-03-02T17:04:10.500000Z")
    }

    /// `2026-02-31` used to be stored as March 3 (the importer's own calendar code rolled the
    /// day over); now every reader of times shares Domain's `ISOTime`, which refuses it.
    @Test(arguments: ["occurredAt", "recordedAt"])
    func importRefusesADateThatDoesNotExistNamingTheField(field: String) async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try FileManager.default.createDirectory(atPath: data.path, withIntermediateDirectories: true)
        let file = data.path + "/feb31.jsonl"
        let occurredAt = field == "occurredAt" ? "2026-02-31T17:04:10Z" : "2026-03-02T17:04:10Z"
        let line = #"{"id":"8e3b2a10-0000-4000-8000-000000000003","type":"lead.received","stream":"lead/1","storeId":null,"#
            + #""occurredAt":"\#(occurredAt)","recordedAt":"\#(field == "recordedAt" ? "2026-02-31T17:04:11Z" : "2026-03-02T17:04:11Z")","#
            + #""idempotencyKey":"lead.received:1","actor":{"type":"system"},"payload":{"a":1}}"#
        try (line + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try ContactLedgerProcess.run(["store", "import", file, "--data", data.path])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("\(file):1: field \(field) is not a calendar date"), "\(result.stderr)")
    }

    // MARK: stats

    @Test func statsReportWhatTheLogHolds() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await data.fill(count: 200, perBatch: 5)
        let text = try ContactLedgerProcess.run(["store", "stats", "--data", data.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("events             200 (positions 1…200)"))
        let json = try ContactLedgerProcess.run(["store", "stats", "--json", "--data", data.path])
        #expect(json.status == 0)
        let stats = try Self.object(json.stdout)
        #expect(stats["eventCount"] as? Int == 200)
        #expect(stats["batchCount"] as? Int == 40)
        #expect(stats["segmentCount"] as? Int == data.segments().count)
        #expect(stats["sealedSegmentCount"] as? Int == data.segments().count - 1)
        let snapshot = try #require(stats["indexSnapshot"] as? [String: Any])
        #expect(snapshot["keyCount"] as? Int == 200)
        #expect(snapshot["streamCount"] as? Int == 18)
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
