import Foundation
import Testing

/// `contactledger demo` as a user runs it: a history into an empty data directory with its
/// summary on stdout, the same log for the same seed, and a refusal to write over events.
@Suite(.serialized) struct DemoCommandTests {
    static let small = ["--stores", "2", "--contacts", "12", "--days", "4", "--seed", "3"]

    @Test func demoWritesAVerifiableHistoryAndPrintsItsSummary() throws {
        let data = DataDirectory()
        defer { data.remove() }
        let result = try ContactLedgerProcess.run(["demo", "--data", data.path] + Self.small)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutLines
        #expect(lines.first?.hasPrefix("demo: ") == true)
        #expect(lines.contains("events by type:"))
        #expect(lines.contains { $0.hasPrefix("  lead.received  ") })
        let violations = try #require(lines.firstIndex(of: "planted TCPA violations:"))
        let planted = lines[(violations + 1)...].prefix { $0.hasPrefix("  ") }
        #expect(planted.count == 5)
        #expect(planted.filter { $0.contains("DNC-1") }.count == 2)
        #expect(planted.filter { $0.contains("HOURS-1") && $0.contains("21:30") }.count == 1)
        #expect(planted.filter { $0.contains("DNC-RETAIN") }.count == 2)
        let verify = try ContactLedgerProcess.run(["store", "verify", "--data", data.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func theSameSeedDumpsTheSameLog() throws {
        let first = DataDirectory(), second = DataDirectory()
        defer {
            first.remove()
            second.remove()
        }
        for data in [first, second] {
            #expect(try ContactLedgerProcess.run(["demo", "--data", data.path] + Self.small).status == 0)
        }
        let dumps = try [first, second].map { try ContactLedgerProcess.run(["store", "dump", "--data", $0.path]) }
        #expect(dumps.allSatisfy { $0.status == 0 })
        #expect(dumps[0].stdoutLines.count > 100)
        #expect(dumps[0].stdout == dumps[1].stdout)
    }

    @Test func aDataDirectoryWithEventsIsRefusedWithExitOne() throws {
        let data = DataDirectory()
        defer { data.remove() }
        #expect(try ContactLedgerProcess.run(["demo", "--data", data.path] + Self.small).status == 0)
        let again = try ContactLedgerProcess.run(["demo", "--data", data.path] + Self.small)
        #expect(again.status == 1)
        #expect(again.stderrLines.count == 1)
        #expect(again.stderr.contains("already holds"))
        #expect(again.stdout.isEmpty)
    }

    @Test func anOptionOutOfRangeExitsOneNamingIt() throws {
        let result = try ContactLedgerProcess.run(["demo", "--stores", "0", "--data", DataDirectory().path])
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("--stores"))
    }
}
