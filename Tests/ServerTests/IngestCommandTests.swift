import Foundation
import Testing

/// `contactledger store register` and `contactledger ingest …` over the shared fixtures
/// (Tests/CommandsTests/Fixtures/shared/EXPECTED.md), through the built binary.
@Suite(.serialized) struct IngestCommandTests {
    static let shared: String = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Tests/CommandsTests/Fixtures/shared").path
    }()

    /// EXPECTED.md's inputs in its order, with the subcommand each goes through.
    static let inputs: [(command: String, file: String)] = [
        ("email", "email/web-lead-plain.eml"),
        ("email", "email/online-intro-qp-alternative.eml"),
        ("email", "email/forwarded-gmail.eml"),
        ("email", "email/lead-invalid-phone.eml"),
        ("email", "email/tampa-base64-latin1.eml"),
        ("ringcentral-message", "ringcentral/sms-inbound-envelope.json"),
        ("ringcentral-call", "calls/outbound-connected.json"),
        ("analysis", "analysis/call-analysis.json"),
        ("ringcentral-message", "ringcentral/sms-outbound-bare.json"),
        ("ringcentral-message", "ringcentral/sms-outbound-delivered-update.json"),
        ("analysis", "analysis/contact-analysis.json"),
        ("ringcentral-message", "ringcentral/sms-shortcode.json"),
        ("ringcentral-message", "ringcentral/voicemail-envelope.json"),
        ("ringcentral-call", "calls/inbound-accepted.json"),
        ("ringcentral-message", "ringcentral/sms-inbound-stop.json"),
        ("ringcentral-call", "calls/outbound-no-answer-formatted.json"),
        ("ringcentral-message", "ringcentral/sms-websocket-array.json"),
    ]

    @Test func everySharedFixtureOnceThenEveryOneADuplicate() throws {
        let data = DataDirectory()
        defer { data.remove() }
        let register = try ContactLedgerProcess.run([
            "store", "register", "--data", data.path,
            Self.shared + "/stores/moss-beach.json", Self.shared + "/stores/tampa.json",
        ])
        #expect(register.status == 0, "\(register.stderr)")
        #expect(register.stdoutLines.count == 2)
        #expect(register.stdoutLines.allSatisfy { $0.contains(": appended ") })

        for pass in 1...2 {
            for input in Self.inputs {
                let path = Self.shared + "/" + input.file
                let result = try ContactLedgerProcess.run(["ingest", input.command, "--data", data.path, path])
                #expect(result.status == 0, "pass \(pass) \(input.file): \(result.stderr)")
                #expect(result.stdoutLines.count == 1, "pass \(pass) \(input.file): \(result.stdout)")
                let line = result.stdoutLines.first ?? ""
                #expect(line.hasPrefix(path + ": "), "\(line)")
                if pass == 1 {
                    #expect(line.contains(": appended "), "\(input.file): \(line)")
                } else {
                    #expect(line.contains(": duplicate "), "\(input.file): \(line)")
                }
            }
        }
        // Registering again is a duplicate too.
        let again = try ContactLedgerProcess.run([
            "store", "register", "--data", data.path, Self.shared + "/stores/moss-beach.json",
        ])
        #expect(again.status == 0)
        #expect(again.stdoutLines.first?.contains(": duplicate ") == true)
    }

    @Test func aBadFileExitsOneNamingTheFile() throws {
        let data = DataDirectory()
        defer { data.remove() }
        let bad = data.path + "-bad.json"
        try FileManager.default.createDirectory(atPath: data.path, withIntermediateDirectories: true)
        try Data("{\"uuid\": 3".utf8).write(to: URL(fileURLWithPath: bad))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let good = Self.shared + "/stores/moss-beach.json"
        _ = try ContactLedgerProcess.run(["store", "register", "--data", data.path, good])

        let result = try ContactLedgerProcess.run([
            "ingest", "ringcentral-message", "--data", data.path, bad, Self.shared + "/ringcentral/sms-inbound-envelope.json",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains(bad), "\(result.stderr)")
        // The good input after the bad one is still recorded.
        #expect(result.stdoutLines.count == 1)

        let missing = try ContactLedgerProcess.run(["ingest", "email", "--data", data.path, data.path + "/nope.eml"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.eml"))

        let empty = data.path + "-empty.eml"
        try Data("\n\n".utf8).write(to: URL(fileURLWithPath: empty))
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let refused = try ContactLedgerProcess.run(["ingest", "email", "--data", data.path, empty])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(empty))
    }

    @Test func maildirIngestsNewAndUnseenCurThenMarksThemSeenAndQuarantinesMalformedOnes() throws {
        let data = DataDirectory()
        defer { data.remove() }
        let maildir = data.path + "-maildir"
        defer { try? FileManager.default.removeItem(atPath: maildir) }
        for folder in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(atPath: maildir + "/" + folder, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: Self.shared + "/email/web-lead-plain.eml", toPath: maildir + "/new/1.eml")
        try FileManager.default.copyItem(atPath: Self.shared + "/email/forwarded-gmail.eml", toPath: maildir + "/cur/2.eml:2,")
        try FileManager.default.copyItem(atPath: Self.shared + "/email/tampa-base64-latin1.eml", toPath: maildir + "/cur/3.eml:2,S")
        try Data("\n\n".utf8).write(to: URL(fileURLWithPath: maildir + "/new/4.eml"))
        let result = try ContactLedgerProcess.run(["ingest", "email", "--data", data.path, "--maildir", maildir])
        #expect(result.status == 1, "a quarantined message is a failed input")
        #expect(result.stdoutLines.count == 2, "the file already flagged S is not read again: \(result.stdout)")
        #expect(result.stdoutLines.allSatisfy { $0.contains(": appended ") })
        #expect(result.stderr.contains("4.eml: quarantined: "))
        let cur = try FileManager.default.contentsOfDirectory(atPath: maildir + "/cur").sorted()
        #expect(cur == ["1.eml:2,S", "2.eml:2,S", "3.eml:2,S"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir + "/new").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: maildir + "/.Quarantine/cur") == ["4.eml:2,"])

        let again = try ContactLedgerProcess.run(["ingest", "email", "--data", data.path, "--maildir", maildir])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdoutLines.isEmpty, "nothing is ingested twice")
    }
}
