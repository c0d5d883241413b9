import Foundation
import Testing

/// `contactledger audit tcpa` and `audit state` through the built binary, over the shared
/// fixtures ingested with `contactledger ingest …` (API.md exit codes: 0, 1 user error).
@Suite(.serialized) struct AuditCommandTests {
    static let mossBeach = "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"

    /// A data directory holding the fixture sequence, ingested through the CLI.
    static func ingested() throws -> DataDirectory {
        let data = DataDirectory()
        let shared = IngestCommandTests.shared
        let register = try ContactLedgerProcess.run([
            "store", "register", "--data", data.path, shared + "/stores/moss-beach.json", shared + "/stores/tampa.json",
        ])
        #expect(register.status == 0, "\(register.stderr)")
        for input in IngestCommandTests.inputs {
            let result = try ContactLedgerProcess.run(["ingest", input.command, "--data", data.path, shared + "/" + input.file])
            #expect(result.status == 0, "\(input.file): \(result.stderr)")
        }
        return data
    }

    @Test func auditTCPAPrintsAJSONReportWithTheOneDNC1AndASummaryLine() throws {
        let data = try Self.ingested()
        defer { data.remove() }
        let result = try ContactLedgerProcess.run(["audit", "tcpa", "--data", data.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let violations = try #require(report["violations"] as? [[String: Any]])
        #expect(violations.count == 1)
        #expect(violations.first?["rule"] as? String == "DNC-1")
        #expect(violations.first?["phone"] as? String == "+14155550187")
        #expect((report["range"] as? [String: Any])?["lastBatchChecksum"] != nil)
        #expect(result.stderrLines.last?.hasPrefix("1 violation in ") == true, "\(result.stderr)")
    }

    @Test func auditTCPAWritesCSVAndHTMLFilesAndRefusesAnUnknownFormat() throws {
        let data = try Self.ingested()
        defer { data.remove() }
        let csvPath = data.path + "/report.csv", htmlPath = data.path + "/report.html"
        let csv = try ContactLedgerProcess.run(["audit", "tcpa", "--data", data.path, "--format", "csv", "--out", csvPath])
        #expect(csv.status == 0, "\(csv.stderr)")
        let csvText = try String(contentsOfFile: csvPath, encoding: .utf8)
        #expect(csvText.hasPrefix("rule,ruleSet,storeId,phone,position,"))
        #expect(csvText.contains("\r\nDNC-1,federal,\(Self.mossBeach),\"'+14155550187\","))
        let html = try ContactLedgerProcess.run(["audit", "tcpa", "--data", data.path, "--format", "html", "--out", htmlPath, "--store", Self.mossBeach])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(try String(contentsOfFile: htmlPath, encoding: .utf8).contains("<h1>TCPA audit report</h1>"))

        let bad = try ContactLedgerProcess.run(["audit", "tcpa", "--data", data.path, "--format", "pdf"])
        #expect(bad.status == 1)
        #expect(bad.stderrLines == ["contactledger: format: 'pdf' is not json, csv or html"])
        let badTime = try ContactLedgerProcess.run(["audit", "tcpa", "--data", data.path, "--from", "yesterday"])
        #expect(badTime.status == 1)
        #expect(badTime.stderr.contains("from: 'yesterday' is not an ISO-8601 instant"))
    }

    @Test func auditStateShowsJordansDNCAfterHisStopAndNotBefore() throws {
        let data = try Self.ingested()
        defer { data.remove() }
        let after = try ContactLedgerProcess.run([
            "audit", "state", "--data", data.path, "--store", Self.mossBeach, "--phone", "(415) 555-0187", "--at", "2026-03-05T03:00:00Z",
        ])
        #expect(after.status == 0, "\(after.stderr)")
        let state = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        #expect(state["doNotContact"] as? Bool == true)
        #expect(state["doNotContactUpdatedBy"] as? String == "system")
        #expect(state["firstName"] as? String == "Jordan")
        let before = try ContactLedgerProcess.run([
            "audit", "state", "--data", data.path, "--store", Self.mossBeach, "--phone", "+14155550187", "--at", "2026-03-05T02:12:06Z",
        ])
        let earlier = try #require(try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any])
        #expect(earlier["doNotContact"] as? Bool == false)

        let missing = try ContactLedgerProcess.run(["audit", "state", "--data", data.path, "--store", Self.mossBeach, "--phone", "+14155550187"])
        #expect(missing.status == 1)
        let noLog = try ContactLedgerProcess.run(["audit", "tcpa", "--data", data.path + "-none"])
        #expect(noLog.status == 1)
        #expect(noLog.stderr.contains("no event log"))
    }
}
