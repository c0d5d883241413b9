import Commands
import Domain
import EventStore
import Foundation
import Logging
import MailIntake
import MetricsTestKit
import TestSupport
import Testing

/// `ingest email --maildir` without a server: new/ → cur/ with S after the durable append,
/// unseen cur/ files too, seen ones never again, malformed ones to .Quarantine.
@Suite struct MaildirIntakeTests {
    /// A Maildir with `new` messages in new/ and `cur` ones in cur/ (name → flags).
    static func maildir(_ root: String, new: [(String, [UInt8])] = [], cur: [(String, [UInt8])] = []) throws -> String {
        let maildir = root + "/Maildir"
        for folder in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(maildir)/\(folder)", withIntermediateDirectories: true)
        }
        for (name, bytes) in new { try Data(bytes).write(to: URL(fileURLWithPath: "\(maildir)/new/\(name)")) }
        for (name, bytes) in cur { try Data(bytes).write(to: URL(fileURLWithPath: "\(maildir)/cur/\(name)")) }
        return maildir
    }

    static func names(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static func intake(_ maildir: String, _ harness: MailHarness, metrics: TestMetrics = TestMetrics()) -> MaildirIntake {
        var logger = Logger(label: "test.maildir")
        logger.logLevel = .critical
        return MaildirIntake(directory: maildir, leads: harness.leads, logger: logger, metrics: MailIntakeMetrics(source: "maildir", factory: metrics))
    }

    @Test func newAndUnseenCurMessagesAreRecordedThenFlaggedSeenAndSeenOnesAreLeftAlone() async throws {
        try await MailHarness.with { harness in
            let maildir = try Self.maildir(
                harness.directory,
                new: [("1772440000.M1.host", MailFixtures.lead(1)), ("1772440001.M2.host", MailFixtures.lead(2))],
                cur: [("1772440002.M3.host:2,F", MailFixtures.lead(3)), ("1772440003.M4.host:2,RS", MailFixtures.lead(4))])

            var lines: [String] = []
            let report = try await Self.intake(maildir, harness).ingest { lines.append("\($0.path) → \($0.movedTo ?? "-")") }

            #expect(report.found == 3)
            #expect(report.appended == 3)
            #expect(lines.count == 3)
            #expect(Self.names(maildir + "/new").isEmpty)
            #expect(Self.names(maildir + "/cur") == [
                "1772440000.M1.host:2,S", "1772440001.M2.host:2,S", "1772440002.M3.host:2,FS", "1772440003.M4.host:2,RS",
            ])
            #expect(try harness.receivedLeadIds().count == 3, "the file already flagged S was not ingested")

            let again = try await Self.intake(maildir, harness).ingest()
            #expect(again.found == 0)
            #expect(try harness.receivedLeadIds().count == 3)
        }
    }

    @Test func everyFixtureAndAuthoredEmailIsRecordedOnceAndRefusedOnesAreQuarantined() async throws {
        try await MailHarness.with { harness in
            let emails = try MailFixtures.all()
            let files = emails.enumerated().map { index, email in ("\(1_772_440_000 + index).M\(index).host", email.bytes) }
            let maildir = try Self.maildir(harness.directory, new: files)
            let expected = ExpectedLeads(emails.map { ($0.name, $0.bytes, nil) }, leads: harness.leads)
            let metrics = TestMetrics()

            let report = try await Self.intake(maildir, harness, metrics: metrics).ingest()

            #expect(report.found == 67)
            #expect(report.quarantined.count == expected.refused.count)
            #expect(!expected.refused.isEmpty, "the authored set has messages the parser refuses")
            let received = try harness.receivedLeadIds()
            #expect(received.count == Set(received).count)
            #expect(Set(received) == expected.leadIds)
            #expect(Self.names(maildir + "/cur").count == 67 - expected.refused.count)
            #expect(Self.names(maildir + "/cur").allSatisfy { $0.hasSuffix(":2,S") })
            #expect(Self.names(maildir + "/.Quarantine/cur").count == expected.refused.count)
            #expect(FileManager.default.fileExists(atPath: maildir + "/.Quarantine/maildirfolder"))
            #expect(try metrics.expectCounter("contactledger_mail_messages_total", [("source", "maildir"), ("outcome", "quarantined")]).totalValue == Int64(expected.refused.count))
        }
    }

    @Test func aMalformedMessageMovesToQuarantineWithItsReason() async throws {
        try await MailHarness.with { harness in
            let maildir = try Self.maildir(harness.directory, new: [("1772440000.M1.host", Array("\r\n\r\n".utf8)), ("1772440001.M2.host", MailFixtures.lead(9))])
            let report = try await Self.intake(maildir, harness).ingest()
            #expect(report.quarantined.count == 1)
            #expect(report.quarantined.first?.reason.contains("message is empty") == true)
            #expect(Self.names(maildir + "/.Quarantine/cur") == ["1772440000.M1.host:2,"])
            #expect(Self.names(maildir + "/cur") == ["1772440001.M2.host:2,S"])
        }
    }

    @Test func aFailedAppendLeavesTheFileInNewAndTheNextRunRecordsItOnce() async throws {
        try await TemporaryDirectory.with { directory in
            let maildir = try Self.maildir(directory, new: [("1772440000.M1.host", MailFixtures.lead(1)), ("1772440001.M2.host", MailFixtures.lead(2))])
            let files = FaultInjectingFileSystem()
            let failing = try MailHarness.open(directory + "/log", fileSystem: files)
            // Armed after the open: the first append's write lands, the second's fails.
            files.inject(Fault(.write, .noSpace, pathSuffix: ".seg", passingCalls: 1))
            let error = await #expect(throws: MailPollError.self) { try await Self.intake(maildir, failing).ingest() }
            guard case .store(_, let partial)? = error else {
                Issue.record("expected a store failure, got \(String(describing: error))")
                await failing.store.close()
                return
            }
            #expect(partial.appended == 1)
            #expect(!files.fired.isEmpty)
            await failing.store.close()
            #expect(Self.names(maildir + "/new") == ["1772440001.M2.host"], "the unrecorded message is not marked")
            #expect(Self.names(maildir + "/cur") == ["1772440000.M1.host:2,S"])

            let reopened = try MailHarness.open(directory + "/log")
            let report = try await Self.intake(maildir, reopened).ingest()
            #expect(report.found == 1 && report.appended == 1)
            let received = try reopened.receivedLeadIds()
            #expect(received.count == 2 && Set(received).count == 2)
            #expect(Self.names(maildir + "/new").isEmpty)
            await reopened.store.close()
        }
    }

    @Test func aDirectoryWithoutNewOrCurIsAConfigurationError() async throws {
        try await MailHarness.with { harness in
            let error = await #expect(throws: MailPollError.self) { try await Self.intake(harness.directory + "/nothing", harness).ingest() }
            guard case .configuration(.invalid(let field, let reason))? = error else { Issue.record("\(String(describing: error))"); return }
            #expect(field == "maildir")
            #expect(reason.contains("is not a Maildir"))
        }
    }

    @Test func maildirNamesGainTheSeenFlagOnceAndInOrder() {
        #expect(MaildirName("123.M1.host").with(flag: "S") == "123.M1.host:2,S")
        #expect(MaildirName("123.M1.host:2,RF").with(flag: "S") == "123.M1.host:2,FRS")
        #expect(MaildirName("123.M1.host:2,S").with(flag: "S") == "123.M1.host:2,S")
        #expect(MaildirName("123.M1.host:2,T").with(flag: nil) == "123.M1.host:2,T")
        #expect(MaildirName("123.M1.host:2,FS").flags.contains("S"))
    }
}
