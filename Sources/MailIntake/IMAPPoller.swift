import Commands
import Domain
import Foundation
import IMAPClient
import Logging

/// Flow 1's mailbox intake (PRODUCT.md; INTAKE.md "IMAP poller"): each pass logs in, SELECTs
/// the mailbox, finds unseen messages (UID SEARCH UNSEEN), fetches them in batches without
/// setting \Seen (BODY.PEEK[] with INTERNALDATE, the lead's receivedAt), records each through
/// ``LeadEmailHandler`` and only then marks the batch \Seen. Messages that fail to parse are
/// moved to the Quarantine mailbox (reason logged, metric counted); see ``MailDisposition``.
///
/// Failure model: if anything fails between the append and the STORE (the server restarts, the
/// network drops), the message stays unseen and the next pass records it again — which the
/// lead's idempotency key turns into a duplicate outcome, so nothing is lost and nothing is
/// doubled. If the append fails, the message is not marked and the pass stops.
///
/// Hosting: `run()` polls every `interval` until its task is cancelled, then returns (it
/// never throws; failures are logged, counted and retried with ``PollBackoff``). `serve` runs
/// it as one more child task / service next to the HTTP server; `ingest imap --once` calls
/// ``pollOnce()``.
///
/// Thread-safe: immutable after init; each pass has its own connection. Run one poller per
/// mailbox (two would fetch the same unseen messages; harmless, but twice the work).
public final class IMAPPoller: Sendable {
    /// Test and status seams. Both default to doing nothing.
    public struct Hooks: Sendable {
        /// After a batch's leads are durable, before their \Seen STORE.
        public var beforeMarkingSeen: @Sendable (_ uids: [UInt32]) async -> Void = { _ in }
        /// After each pass of `run()`, with its report or error.
        public var afterPass: @Sendable (Result<PollReport, MailPollError>) async -> Void = { _ in }

        public init() {}
    }

    public let configuration: IMAPPollerConfiguration
    let leads: LeadEmailHandler
    let logger: Logger
    let metrics: MailIntakeMetrics
    let hooks: Hooks
    let sleep: @Sendable (Duration) async throws -> Void

    /// `leads`: the handler over the server's store and registry
    /// (`LeadEmailHandler(store: store, registry: handlers.registry)`).
    public init(
        configuration: IMAPPollerConfiguration, leads: LeadEmailHandler,
        logger: Logger = Logger(label: "contactledger.imap-poller"),
        metrics: MailIntakeMetrics = MailIntakeMetrics(source: "imap"), hooks: Hooks = Hooks(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) throws(MailIntakeError) {
        self.configuration = try configuration.validated()
        self.leads = leads
        self.logger = logger
        self.metrics = metrics
        self.hooks = hooks
        self.sleep = sleep
    }

    /// Polls every `interval` (after a failure: the backoff delay) until the task is cancelled.
    public func run() async {
        logger.info("imap poller started", metadata: ["mailbox": "\(configuration.url)", "interval": "\(configuration.interval)"])
        var failures = 0
        while !Task.isCancelled {
            let result: Result<PollReport, MailPollError>
            do {
                result = .success(try await pollOnce())
                failures = 0
            } catch {
                if Task.isCancelled { break }
                result = .failure(error)
                failures += 1
            }
            await hooks.afterPass(result)
            let delay = failures == 0 ? configuration.interval : configuration.backoff.delay(afterFailures: failures)
            if failures > 0 {
                logger.warning("imap poll: retrying", metadata: ["failures": "\(failures)", "delay": "\(delay)"])
            }
            do {
                try await sleep(delay)
            } catch {
                break
            }
        }
        logger.info("imap poller stopped", metadata: ["mailbox": "\(configuration.url)"])
    }

    /// One pass. Throws when it could not finish; `error.partial` says what it did.
    public func pollOnce() async throws(MailPollError) -> PollReport {
        var report = PollReport()
        do {
            let client = try await IMAPClient.connect(configuration.connection, logger: logger)
            do {
                try await client.login(user: configuration.url.user, password: configuration.password.value)
                _ = try await client.select(configuration.url.mailbox)
                let unseen = try await client.uidSearchUnseen()
                report.found = unseen.count
                var quarantineReady = false
                for start in stride(from: 0, to: unseen.count, by: configuration.fetchBatchSize) {
                    let batch = Array(unseen[start..<min(unseen.count, start + configuration.fetchBatchSize)])
                    try await pass(batch, client: client, report: &report, quarantineReady: &quarantineReady)
                }
                await client.logout()
            } catch {
                await client.close()
                throw error
            }
        } catch let error as MailPollError {
            metrics.pollFailures.increment()
            logger.error("imap poll failed", metadata: ["mailbox": "\(configuration.url)", "error": "\(error)"])
            throw Self.with(partial: report, error)
        } catch let error as IMAPError {
            if case .cancelled = error { throw .imap(error, partial: report) }
            metrics.pollFailures.increment()
            logger.error("imap poll failed", metadata: ["mailbox": "\(configuration.url)", "error": "\(error)"])
            throw .imap(error, partial: report)
        } catch {
            // Only IMAPError and MailPollError are thrown above; keep the pass's contract anyway.
            metrics.pollFailures.increment()
            throw .imap(.protocolViolation(reason: "unexpected error", context: "\(error)"), partial: report)
        }
        logger.info(
            "imap poll done",
            metadata: [
                "found": "\(report.found)", "appended": "\(report.appended)", "duplicates": "\(report.duplicates)",
                "quarantined": "\(report.quarantined.count)", "deferred": "\(report.deferred)",
            ])
        return report
    }

    static func with(partial: PollReport, _ error: MailPollError) -> MailPollError {
        switch error {
        case .imap(let cause, _): .imap(cause, partial: partial)
        case .store(let cause, _): .store(cause, partial: partial)
        case .configuration: error
        }
    }

    /// One batch: sizes, bodies, records, then \Seen for the recorded and MOVE for the refused.
    private func pass(
        _ batch: [UInt32], client: IMAPClient, report: inout PollReport, quarantineReady: inout Bool
    ) async throws -> Void {
        let sizes = try await client.uidFetchSizes(IMAPUIDSet(batch))
        var quarantine: [(uid: UInt32, reason: String)] = []
        var wanted: [UInt32] = []
        for uid in batch {
            // A message over the parser's limit is refused unread: fetching 10 MiB+ to learn that is waste.
            if let size = sizes[uid], size > EmailLimits.messageSizeBytesMax {
                quarantine.append((uid, "too_large: message: message is \(size) bytes, over the limit messageSizeBytesMax = \(EmailLimits.messageSizeBytesMax) bytes"))
            } else {
                wanted.append(uid)
            }
        }
        let messages = try await client.uidFetchMessages(IMAPUIDSet(wanted))
        let dispositions = await record(messages)
        var seen: [UInt32] = []
        var fault: CommandError?
        for (uid, disposition) in dispositions {
            disposition.count(in: metrics)
            report.add(disposition, message: "uid \(uid)")
            switch disposition {
            case .recorded: seen.append(uid)
            case .quarantine(let reason): quarantine.append((uid, reason))
            case .deferred(let reason):
                logger.warning("imap message deferred", metadata: ["uid": "\(uid)", "reason": "\(reason)"])
            case .storeFault(let error): fault = fault ?? error
            }
        }
        for (uid, reason) in quarantine where sizes[uid].map({ $0 > EmailLimits.messageSizeBytesMax }) == true {
            metrics.quarantined.increment()
            report.quarantined.append(PollReport.Quarantined(message: "uid \(uid)", reason: reason))
        }
        if !seen.isEmpty {
            await hooks.beforeMarkingSeen(seen)
            try await client.uidAddFlags(IMAPUIDSet(seen), ["\\Seen"])
        }
        if !quarantine.isEmpty {
            if !quarantineReady {
                try await client.createMailboxIfMissing(configuration.quarantineMailbox)
                quarantineReady = true
            }
            for (uid, reason) in quarantine {
                logger.warning(
                    "imap message quarantined",
                    metadata: ["uid": "\(uid)", "mailbox": "\(configuration.quarantineMailbox)", "reason": "\(reason)"])
            }
            try await client.uidMove(IMAPUIDSet(quarantine.map(\.uid)), to: configuration.quarantineMailbox)
        }
        if let fault {
            throw MailPollError.store(fault, partial: report)
        }
    }

    /// Records `messages`: parses each, then records leads with at most `appendConcurrency`
    /// in flight — but messages that give the same lead id one after another, in UID order, so
    /// each sees the other's event when it folds the lead's stream (a redelivery becomes a
    /// duplicate or a lead.updated, never a conflicting lead.received). Results in UID order.
    private func record(_ messages: [IMAPClient.Message]) async -> [(UInt32, MailDisposition)] {
        var results: [(UInt32, MailDisposition)] = []
        var groups: [String: [(uid: UInt32, lead: LeadReceived, email: LeadEmailHandler.Email)]] = [:]
        var order: [String] = []
        for message in messages {
            do {
                let lead = try leads.lead(from: message.body, internalDate: message.internalDate)
                if groups[lead.leadId.rawValue] == nil { order.append(lead.leadId.rawValue) }
                let email = LeadEmailHandler.Email(bytes: message.body, internalDate: message.internalDate)
                groups[lead.leadId.rawValue, default: []].append((message.uid, lead, email))
            } catch {
                results.append((message.uid, MailDisposition(.failure(error))))
            }
        }
        let leads = self.leads
        await withTaskGroup(of: [(UInt32, MailDisposition)].self) { group in
            var next = 0
            func add() {
                let members = groups[order[next]]!
                next += 1
                group.addTask {
                    var done: [(UInt32, MailDisposition)] = []
                    for member in members { done.append((member.uid, await MailDisposition.of(member.lead, email: member.email, leads: leads))) }
                    return done
                }
            }
            while next < min(order.count, configuration.appendConcurrency) { add() }
            for await done in group {
                results.append(contentsOf: done)
                if next < order.count { add() }
            }
        }
        return results.sorted { $0.0 < $1.0 }
    }
}
