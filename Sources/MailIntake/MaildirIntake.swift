import Commands
import Foundation
import Logging

/// `ingest email --maildir DIR` (API.md): every message in DIR/new, and every one in DIR/cur
/// without the S (seen) flag, is recorded through ``LeadEmailHandler``; then — only after the
/// append is durable — moved to DIR/cur with the S flag added (`name:2,S`, Maildir's "seen").
/// A message that fails to parse is moved to the Maildir++ folder `DIR/.Quarantine/cur`
/// (Dovecot shows it as the `Quarantine` mailbox), with the reason logged and counted. The
/// rule is ``MailDisposition``'s, the same as the IMAP poller's.
///
/// There is no INTERNALDATE in a Maildir, so receivedAt comes from the `Received:` header,
/// then `Date:` (INTAKE.md's order without its first source).
///
/// The renames are not fsynced: if a crash loses one, the message is recorded again on the
/// next run and the lead's idempotency key makes that a duplicate. Files are read in name
/// order (Maildir names start with the delivery time). Names starting with "." are skipped.
///
/// Thread-safe (immutable); run one intake per Maildir at a time.
public struct MaildirIntake: Sendable {
    /// One file's fate, for the caller's per-message output.
    public struct Result: Sendable {
        /// The file as found.
        public var path: String
        public var disposition: MailDisposition
        /// Where the file is now (nil: unchanged).
        public var movedTo: String?
    }

    public let directory: String
    public let quarantineFolder: String
    let leads: LeadEmailHandler
    let logger: Logger
    let metrics: MailIntakeMetrics

    public init(
        directory: String, leads: LeadEmailHandler, quarantineFolder: String = "Quarantine",
        logger: Logger = Logger(label: "contactledger.maildir"), metrics: MailIntakeMetrics = MailIntakeMetrics(source: "maildir")
    ) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.quarantineFolder = quarantineFolder
        self.leads = leads
        self.logger = logger
        self.metrics = metrics
    }

    /// The files to ingest: new/ (all), then cur/ without S; each sorted by name.
    public func pendingMessages() throws(MailIntakeError) -> [String] {
        var found = false
        var paths: [String] = []
        for folder in ["new", "cur"] {
            let folderPath = "\(directory)/\(folder)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folderPath) else { continue }
            found = true
            for name in names.sorted() where !name.hasPrefix(".") {
                if folder == "cur", MaildirName(name).flags.contains("S") { continue }
                paths.append("\(folderPath)/\(name)")
            }
        }
        guard found else { throw .invalid(field: "maildir", reason: "\(directory) is not a Maildir (no new/ or cur/ folder)") }
        return paths
    }

    /// One pass over the Maildir. Calls `each` after every message; stops at a store fault
    /// (that message stays where it was) by throwing `.store`.
    public func ingest(_ each: (Result) -> Void = { _ in }) async throws(MailPollError) -> PollReport {
        var report = PollReport()
        let paths: [String]
        do {
            paths = try pendingMessages()
        } catch {
            throw .configuration(error)
        }
        report.found = paths.count
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                // Gone (another reader took it) or unreadable: not ours to quarantine.
                let disposition = MailDisposition.deferred(reason: "file: cannot be read")
                report.add(disposition, message: path)
                each(Result(path: path, disposition: disposition, movedTo: nil))
                continue
            }
            let disposition = await MailDisposition.of([UInt8](data), internalDate: nil, leads: leads)
            disposition.count(in: metrics)
            report.add(disposition, message: path)
            var movedTo: String?
            switch disposition {
            case .recorded:
                movedTo = try move(path, toFolder: directory, addingSeen: true, report: report)
            case .quarantine(let reason):
                logger.warning("maildir message quarantined", metadata: ["file": "\(path)", "reason": "\(reason)"])
                movedTo = try move(path, toFolder: "\(directory)/.\(quarantineFolder)", addingSeen: false, report: report)
            case .deferred(let reason):
                logger.warning("maildir message deferred", metadata: ["file": "\(path)", "reason": "\(reason)"])
            case .storeFault(let error):
                each(Result(path: path, disposition: disposition, movedTo: nil))
                metrics.pollFailures.increment()
                throw .store(error, partial: report)
            }
            each(Result(path: path, disposition: disposition, movedTo: movedTo))
        }
        return report
    }

    /// Renames `path` into `folder`/cur, keeping its flags (plus S when `addingSeen`).
    private func move(_ path: String, toFolder folder: String, addingSeen: Bool, report: PollReport) throws(MailPollError) -> String {
        let name = MaildirName((path as NSString).lastPathComponent)
        let target = "\(folder)/cur/\(name.with(flag: addingSeen ? "S" : nil))"
        do {
            for sub in ["cur", "new", "tmp"] {
                try FileManager.default.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
            }
            if folder != directory, !FileManager.default.fileExists(atPath: "\(folder)/maildirfolder") {
                _ = FileManager.default.createFile(atPath: "\(folder)/maildirfolder", contents: Data())
            }
        } catch {
            throw .configuration(.invalid(field: "maildir", reason: "cannot create \(folder): \(error.localizedDescription)"))
        }
        guard rename(path, target) == 0 else {
            let reason = String(cString: strerror(errno))
            throw .configuration(.invalid(field: "maildir", reason: "cannot move \(path) to \(target): \(reason)"))
        }
        return target
    }
}

/// A Maildir file name: `unique` + optional `:2,FLAGS` (flags are ASCII letters, sorted).
/// Thread-safe (a value).
public struct MaildirName: Sendable, Equatable {
    public var unique: String
    public var flags: String

    public init(_ name: String) {
        if let range = name.range(of: ":2,") {
            unique = String(name[..<range.lowerBound])
            flags = String(name[range.upperBound...])
        } else {
            unique = name
            flags = ""
        }
    }

    /// The name with `flag` added (sorted, once); nil keeps the flags as they are.
    public func with(flag: Character?) -> String {
        var set = Set(flags)
        if let flag { set.insert(flag) }
        return "\(unique):2,\(String(set.sorted()))"
    }
}
