import Foundation
import Testing

/// CDP.md §8 through the built binary: `ingest ringcentral-message` keeps a STOP for a store
/// not registered yet (exit 0, the line ends in `unrouted`), `unrouted list` shows it,
/// `store register` re-routes it once, and `unrouted list --all` shows where it went.
@Suite(.serialized) struct UnroutedCommandTests {
    static let shared = IngestCommandTests.shared

    @Test func aKeptStopIsListedAndReroutedOnceByRegisteringItsStore() throws {
        let data = DataDirectory()
        defer { data.remove() }
        let stop = Self.shared + "/ringcentral/sms-inbound-stop.json"
        let ingest = try ContactLedgerProcess.run(["ingest", "ringcentral-message", "--data", data.path, stop])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdoutLines.first?.hasSuffix(" unrouted") == true, "\(ingest.stdout)")
        #expect(ingest.stderr.contains("note: unrouted:"))

        let listed = try ContactLedgerProcess.run(["unrouted", "list", "--data", data.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdoutLines.count == 1)
        let input = try #require(
            try JSONSerialization.jsonObject(with: Data((listed.stdoutLines.first ?? "").utf8)) as? [String: Any])
        #expect(input["kind"] as? String == "ringcentral.message")
        #expect(input["status"] as? String == "pending")

        let register = try ContactLedgerProcess.run(["store", "register", "--data", data.path, Self.shared + "/stores/moss-beach.json"])
        #expect(register.status == 0, "\(register.stderr)")
        #expect(register.stderr.contains("note: re-routed ringcentral.message"), "\(register.stderr)")
        #expect(try ContactLedgerProcess.run(["unrouted", "list", "--data", data.path]).stdoutLines.isEmpty)
        let all = try ContactLedgerProcess.run(["unrouted", "list", "--all", "--data", data.path])
        #expect(all.stdoutLines.first?.contains(#""status":"rerouted""#) == true, "\(all.stdout)")

        let again = try ContactLedgerProcess.run(["store", "register", "--data", data.path, Self.shared + "/stores/moss-beach.json"])
        #expect(again.stdoutLines.first?.contains(": duplicate ") == true, "\(again.stdout)")
        #expect(!again.stderr.contains("re-routed"))
    }
}
