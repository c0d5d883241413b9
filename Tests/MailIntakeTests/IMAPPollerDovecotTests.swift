import Commands
import Domain
import EventStore
import Foundation
import IMAPClient
import Logging
import MailIntake
import Metrics
import MetricsTestKit
import Synchronization
import TestSupport
import Testing

/// The poller against a real Dovecot on 127.0.0.1 (INTAKE.md "IMAP poller"; issue 5). Each
/// test has its own server, Maildir, passwd-file user and event store. Skipped, with the
/// reason recorded, only when Dovecot is not installed (tools/setup.sh installs it).
@Suite(.serialized, .enabled(if: DovecotServer.unavailableReason == nil, "\(DovecotServer.unavailableReason ?? "")"))
struct IMAPPollerDovecotTests {
    static func configuration(_ server: DovecotServer, port: Int? = nil, scheme: String = "imap") throws -> IMAPPollerConfiguration {
        var configuration = IMAPPollerConfiguration(
            url: try MailboxURL("\(scheme)://\(server.user)@127.0.0.1:\(port ?? server.port)/INBOX"),
            password: try IMAPPassword(server.password))
        configuration.responseTimeoutSeconds = 20
        configuration.fetchBatchSize = 16
        configuration.trustRootsFile = FileManager.default.fileExists(atPath: server.certificateFile) ? server.certificateFile : nil
        return configuration
    }

    static func withServer<T>(
        _ label: String = #function, tls: DovecotServer.TLS = .none, start: Bool = true, _ body: (DovecotServer) async throws -> T
    ) async throws -> T {
        try await TemporaryDirectory.with(label) { directory in
            let server = try DovecotServer(root: directory + "/dovecot", tls: tls)
            if start { try server.start() }
            defer { server.stop() }
            return try await body(server)
        }
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "test.imap-poller")
        logger.logLevel = .critical
        return logger
    }

    @Test func everyFixtureAndAuthoredEmailIsRecordedOnceAndOnlyParsableOnesAreMarkedSeen() async throws {
        try await Self.withServer { server in
            try await MailHarness.with { harness in
                let emails = try MailFixtures.all()
                #expect(emails.count == 67)
                var delivered: [(name: String, bytes: [UInt8], internalDate: Date?)] = []
                for (index, email) in emails.enumerated() {
                    try server.deliver(email.bytes, receivedAt: deliveryDate(index), name: "\(1_772_440_000 + index).M\(index).test")
                    delivered.append((email.name, email.bytes, deliveryDate(index)))
                }
                let expected = ExpectedLeads(delivered, leads: harness.leads)
                let metrics = TestMetrics()
                let poller = try IMAPPoller(
                    configuration: try Self.configuration(server), leads: harness.leads, logger: Self.quietLogger,
                    metrics: MailIntakeMetrics(source: "imap", factory: metrics))

                let report = try await poller.pollOnce()

                #expect(report.found == 67)
                #expect(report.quarantined.count == expected.refused.count)
                #expect(report.appended + report.duplicates + report.quarantined.count == 67)
                let received = try harness.receivedLeadIds()
                #expect(received.count == Set(received).count, "a lead was received twice")
                #expect(Set(received) == expected.leadIds)
                let inbox = server.messages()
                #expect(inbox.count == 67 - expected.refused.count)
                #expect(inbox.allSatisfy { $0.flags.contains("S") }, "every recorded message is \\Seen")
                #expect(server.messages(in: "Quarantine").count == expected.refused.count)
                #expect(try metrics.expectCounter("contactledger_mail_messages_total", [("source", "imap"), ("outcome", "quarantined")]).totalValue == Int64(expected.refused.count))

                let again = try await poller.pollOnce()
                #expect(again.found == 0)
                #expect(try harness.receivedLeadIds() == received)
            }
        }
    }

    @Test func aFailedAppendLeavesItsMessageUnseenAndTheNextPollRecordsItWithoutADuplicate() async throws {
        try await Self.withServer { server in
            try await TemporaryDirectory.with { directory in
                for index in 0..<3 {
                    try server.deliver(MailFixtures.lead(index), receivedAt: deliveryDate(index), name: "\(1_772_440_000 + index).M\(index).test")
                }
                // The second write to the log fails with ENOSPC: the first lead is durable, then
                // the writer stops (STORE.md: a failed write is never retried silently).
                let files = FaultInjectingFileSystem()
                var configuration = try Self.configuration(server)
                configuration.appendConcurrency = 1
                let first = try MailHarness.open(directory + "/log", fileSystem: files)
                // Armed after the open: the first append's write lands, the second's fails.
                files.inject(Fault(.write, .noSpace, pathSuffix: ".seg", passingCalls: 1))
                let failing = try IMAPPoller(configuration: configuration, leads: first.leads, logger: Self.quietLogger)
                let error = await #expect(throws: MailPollError.self) { try await failing.pollOnce() }
                guard case .store(let cause, let partial)? = error else {
                    Issue.record("expected a store failure, got \(String(describing: error))")
                    await first.store.close()
                    return
                }
                #expect(!cause.isUserError)
                #expect(partial.appended == 1)
                #expect(!files.fired.isEmpty)
                #expect(try first.receivedLeadIds().count == 1)
                await first.store.close()
                #expect(server.messages().filter { $0.flags.contains("S") }.count == 1, "only the durable lead's message is seen")

                // Reopened (space is back): the next poll records the two unseen messages, once.
                let reopened = try MailHarness.open(directory + "/log")
                let poller = try IMAPPoller(configuration: configuration, leads: reopened.leads, logger: Self.quietLogger)
                let report = try await poller.pollOnce()
                #expect(report.found == 2)
                #expect(report.appended == 2)
                let received = try reopened.receivedLeadIds()
                #expect(received.count == 3 && Set(received).count == 3)
                #expect(server.messages().allSatisfy { $0.flags.contains("S") })
                await reopened.store.close()
            }
        }
    }

    @Test func malformedAndOversizedMessagesLandInQuarantineWithTheirReasonAndACount() async throws {
        try await Self.withServer { server in
            try await MailHarness.with { harness in
                try server.deliver(MailFixtures.lead(1), receivedAt: deliveryDate(0), name: "1772440000.M0.test")
                try server.deliver(Array("this is not an email at all\r\n".utf8), receivedAt: deliveryDate(1), name: "1772440001.M1.test")
                var huge = MailFixtures.lead(2)
                huge += Array(repeating: UInt8(ascii: "x"), count: EmailLimits.messageSizeBytesMax)
                try server.deliver(huge, receivedAt: deliveryDate(2), name: "1772440002.M2.test")
                let metrics = TestMetrics()
                let poller = try IMAPPoller(
                    configuration: try Self.configuration(server), leads: harness.leads, logger: Self.quietLogger,
                    metrics: MailIntakeMetrics(source: "imap", factory: metrics))

                let report = try await poller.pollOnce()

                #expect(report.appended == 1)
                #expect(report.quarantined.count == 2)
                #expect(report.quarantined.contains { $0.reason.contains("no header fields") })
                #expect(report.quarantined.contains { $0.reason.contains("over the limit messageSizeBytesMax") })
                #expect(server.messages().count == 1)
                #expect(server.messages().allSatisfy { $0.flags.contains("S") })
                #expect(server.messages(in: "Quarantine").count == 2)
                let quarantined = try metrics.expectCounter("contactledger_mail_messages_total", [("source", "imap"), ("outcome", "quarantined")])
                #expect(quarantined.totalValue == 2)
                #expect(try harness.receivedLeadIds().count == 1)
                // Quarantined messages are out of INBOX: the next pass finds nothing to do.
                #expect(try await poller.pollOnce().found == 0)
            }
        }
    }

    @Test func aServerCrashBetweenFetchAndStoreIsSurvivedWithNothingLostAndNothingDoubled() async throws {
        try await Self.withServer { server in
            try await MailHarness.with { harness in
                for index in 0..<40 {
                    try server.deliver(MailFixtures.lead(index), receivedAt: deliveryDate(index), name: "\(1_772_440_000 + index).M\(index).test")
                }
                let crashes = Mutex(0)
                var hooks = IMAPPoller.Hooks()
                // After the second batch is durable, before its STORE: crash the server.
                nonisolated(unsafe) let crashing = server
                hooks.beforeMarkingSeen = { _ in
                    let count = crashes.withLock { value -> Int in
                        value += 1
                        return value
                    }
                    if count == 2 { crashing.kill() }
                }
                let poller = try IMAPPoller(
                    configuration: try Self.configuration(server), leads: harness.leads, logger: Self.quietLogger, hooks: hooks)
                let error = await #expect(throws: MailPollError.self) { try await poller.pollOnce() }
                guard case .imap(let cause, let partial)? = error else {
                    Issue.record("expected an IMAP failure, got \(String(describing: error))")
                    return
                }
                #expect(cause.isConnectionFailure, "\(cause)")
                #expect(partial.appended == 32)
                #expect(try harness.receivedLeadIds().count == 32)
                #expect(server.messages().filter { $0.flags.contains("S") }.count == 16, "only the first batch was marked")

                try server.start()
                let report = try await poller.pollOnce()
                #expect(report.found == 24)
                #expect(report.duplicates == 16, "the crashed batch is recognised, not appended again")
                #expect(report.appended == 8)
                let received = try harness.receivedLeadIds()
                #expect(received.count == 40 && Set(received).count == 40)
                #expect(server.messages().allSatisfy { $0.flags.contains("S") })
            }
        }
    }

    @Test func runRetriesAfterAConnectionFailureAndReturnsWhenCancelled() async throws {
        try await Self.withServer(start: false) { server in
            try await MailHarness.with { harness in
                try server.deliver(MailFixtures.lead(7), receivedAt: deliveryDate(0), name: "1772440000.M0.test")
                var configuration = try Self.configuration(server)
                configuration.backoff = PollBackoff(initial: .milliseconds(20), max: .milliseconds(40))
                configuration.interval = .seconds(3600)
                let (passes, continuation) = AsyncStream.makeStream(of: Result<PollReport, MailPollError>.self)
                var hooks = IMAPPoller.Hooks()
                hooks.afterPass = { continuation.yield($0) }
                let poller = try IMAPPoller(configuration: configuration, leads: harness.leads, logger: Self.quietLogger, hooks: hooks)
                let running = Task { await poller.run() }

                var failures: [MailPollError] = []
                var success: PollReport?
                for await pass in passes {
                    switch pass {
                    case .failure(let error):
                        failures.append(error)
                        if failures.count == 2 { try server.start() }
                    case .success(let report):
                        success = report
                    }
                    if success != nil { break }
                }
                running.cancel()
                await running.value

                #expect(failures.count >= 2)
                #expect(failures.allSatisfy { if case .imap(let e, _) = $0 { e.isConnectionFailure } else { false } })
                #expect(success?.appended == 1)
                #expect(try harness.receivedLeadIds().count == 1)
            }
        }
    }

    @Test(arguments: ["imap", "imaps"])
    func tlsConnectionsWithATrustedCertificateRecordLeads(scheme: String) async throws {
        try await Self.withServer(tls: .selfSigned) { server in
            try await MailHarness.with("tls-\(scheme)") { harness in
                try server.deliver(MailFixtures.lead(3), receivedAt: deliveryDate(0), name: "1772440000.M0.test")
                let port = scheme == "imaps" ? server.tlsPort : server.port
                let configuration = try Self.configuration(server, port: port, scheme: scheme)
                let client = try await IMAPClient.connect(configuration.connection)
                #expect(await client.isTLS, "STARTTLS was offered and used, or TLS was implicit")
                await client.logout()

                let poller = try IMAPPoller(configuration: configuration, leads: harness.leads, logger: Self.quietLogger)
                #expect(try await poller.pollOnce().appended == 1)
                #expect(server.messages().allSatisfy { $0.flags.contains("S") })
            }
        }
    }

    @Test func anUntrustedCertificateFailsTheConnectionBeforeLogin() async throws {
        try await Self.withServer(tls: .selfSigned) { server in
            try await MailHarness.with { harness in
                var configuration = try Self.configuration(server, port: server.tlsPort, scheme: "imaps")
                configuration.trustRootsFile = nil
                let poller = try IMAPPoller(configuration: configuration, leads: harness.leads, logger: Self.quietLogger)
                let error = await #expect(throws: MailPollError.self) { try await poller.pollOnce() }
                guard case .imap(let cause, _)? = error else { Issue.record("\(String(describing: error))"); return }
                guard case .tls = cause else { Issue.record("expected a TLS failure, got \(cause)"); return }
                #expect(!server.logTail(lines: 200).contains("Login: user=<lead>"))
            }
        }
    }

    @Test func aWrongPasswordIsAnAuthenticationFailureThatNeverShowsThePassword() async throws {
        try await Self.withServer { server in
            try await MailHarness.with { harness in
                var configuration = try Self.configuration(server)
                configuration.password = try IMAPPassword("wrong-Secret-42")
                let poller = try IMAPPoller(configuration: configuration, leads: harness.leads, logger: Self.quietLogger)
                let error = await #expect(throws: MailPollError.self) { try await poller.pollOnce() }
                guard case .imap(.authenticationFailed, _)? = error else { Issue.record("\(String(describing: error))"); return }
                #expect(!"\(error!)".contains("wrong-Secret-42"))
                #expect(!"\(configuration)".contains("wrong-Secret-42"))
            }
        }
    }

    @Test func loginWithoutSASLAndQuarantineWithoutMoveStillWork() async throws {
        try await Self.withServer { server in
            try await MailHarness.with { harness in
                try server.deliver(Array("garbage without headers\r\n".utf8), receivedAt: deliveryDate(0), name: "1772440000.M0.test")
                try server.deliver(MailFixtures.lead(5), receivedAt: deliveryDate(1), name: "1772440001.M1.test")
                let client = try await IMAPClient.connect(try Self.configuration(server).connection)
                // LOGIN with a password that needs quoting (it has a space).
                try await client.execute(.strings("LOGIN", [server.user, server.password], secret: [1]))
                _ = try await client.select("INBOX")
                let unseen = try await client.uidSearchUnseen()
                #expect(unseen.count == 2)
                let messages = try await client.uidFetchMessages(IMAPUIDSet(unseen))
                #expect(messages.map(\.body) == [Array("garbage without headers\r\n".utf8), MailFixtures.lead(5)])
                #expect(messages.map(\.internalDate) == [deliveryDate(0), deliveryDate(1)])
                try await client.createMailboxIfMissing("Quarantine")
                try await client.createMailboxIfMissing("Quarantine")
                // COPY + \Deleted + UID EXPUNGE: the path for servers without MOVE.
                try await client.execute(.strings("UID COPY \(unseen[0])", ["Quarantine"]))
                try await client.uidAddFlags(IMAPUIDSet([unseen[0]]), ["\\Deleted"])
                try await client.execute(.words("UID EXPUNGE \(unseen[0])"))
                let refused = await #expect(throws: IMAPError.self) { try await client.execute(.words("FROBNICATE")) }
                guard case .bad? = refused else { Issue.record("\(String(describing: refused))"); return }
                #expect(try await client.uidSearchUnseen() == [unseen[1]], "the connection is usable after BAD")
                await client.logout()
                #expect(server.messages(in: "Quarantine").count == 1)
                #expect(server.messages().count == 1)
                _ = harness
            }
        }
    }
}
