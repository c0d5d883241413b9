import Foundation
import Glibc

/// A real Dovecot IMAP server (Debian's `dovecot-imapd`, installed by tools/setup.sh) for the
/// mail poller's tests and benchmark: its own config, passwd-file user, Maildir, logs and
/// sockets under `root`, listening on 127.0.0.1 at a free port.
///
/// Unprivileged settings (Dovecot 2.3): `base_dir`, `state_dir`, `log_path` under `root`;
/// no chroots. Run by a normal user, every Dovecot process and the mail user are that user.
/// Run as root (CI), Dovecot refuses root for its login processes and mail access, so the
/// package's `dovenull` (login) and `dovecot` (internal, mail) users are used and the Maildir
/// is owned by `dovecot`.
///
/// The master runs in its own session (setsid), so ``kill()`` takes down every Dovecot process
/// at once — the master alone would leave an `imap` process serving the open connection — which
/// is how a test crashes the server mid-poll.
///
/// Not thread-safe: one test drives it.
public final class DovecotServer {
    public enum TLS: Sendable {
        case none
        /// `ssl = yes`: STARTTLS on `port`, implicit TLS on `tlsPort`, with a self-signed
        /// certificate for 127.0.0.1 (`certificateFile` is its PEM, the client's trust root).
        case selfSigned
    }

    public static let binary = "/usr/sbin/dovecot"
    /// nil when Dovecot can be used; else why not (tests record it and skip).
    public static var unavailableReason: String? {
        FileManager.default.isExecutableFile(atPath: binary)
            ? nil : "dovecot is not installed (tools/setup.sh installs dovecot-imapd)"
    }

    public let root: String
    public let port: Int
    public let tlsPort: Int
    public let user = "lead"
    public let password = "s3cret pass"
    public let certificateFile: String
    let tls: TLS
    let mailUID: uid_t
    let mailGID: gid_t
    private var process: ChildProcess?

    /// Writes the configuration under `root` (an existing, empty directory).
    public init(root: String, tls: TLS = .none) throws {
        self.root = root
        self.tls = tls
        self.port = try Self.freePort()
        self.tlsPort = try Self.freePort()
        self.certificateFile = root + "/cert.pem"
        let isRoot = getuid() == 0
        if isRoot {
            guard let dovecot = getpwnam("dovecot") else { throw DovecotError("no 'dovecot' user (is dovecot-core installed?)") }
            mailUID = dovecot.pointee.pw_uid
            mailGID = dovecot.pointee.pw_gid
        } else {
            mailUID = getuid()
            mailGID = getgid()
        }
        // Login processes (dovenull when root) and the mail user must reach base_dir and the
        // Maildir: make `root` and every ancestor we own traversable (mkdtemp makes 0700).
        chmod(root, 0o755)
        if isRoot { Self.makeAncestorsTraversable(of: root) }
        for directory in ["run", "state", "home", "mail", maildir, maildir + "/new", maildir + "/cur", maildir + "/tmp"] {
            let path = directory.hasPrefix("/") ? directory : root + "/" + directory
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try chownMail(root + "/mail")
        try chownMail(root + "/home")
        try "\(user):{PLAIN}\(password)::::::\n".write(toFile: root + "/users", atomically: true, encoding: .utf8)
        if case .selfSigned = tls { try makeCertificate() }
        try configuration(isRoot: isRoot).write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    public var configFile: String { root + "/dovecot.conf" }
    public var logFile: String { root + "/dovecot.log" }
    /// The user's Maildir (INBOX); other mailboxes are `.Name` folders inside it (Maildir++).
    public var maildir: String { root + "/mail/" + user }

    public var isRunning: Bool { process?.isRunning == true }

    /// Starts Dovecot and waits until it accepts connections (at most 15 s).
    public func start() throws {
        precondition(process == nil, "already started")
        // -w: when setsid has to fork (`ChildProcess`, like Foundation, starts children as
        // process-group leaders), it waits for Dovecot, so `process` lives exactly as long as
        // the master.
        let process = try ChildProcess(
            executable: "/usr/bin/setsid", arguments: ["-w", Self.binary, "-F", "-c", configFile], standardError: logFile)
        self.process = process
        for _ in 0..<300 {
            if Self.accepts(port: port), masterPID != nil { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        throw DovecotError("dovecot did not start: \(logTail())")
    }

    /// SIGKILL to every Dovecot process (its session's process group), then waits for them.
    /// A crash: open connections drop, nothing is flushed.
    public func kill() {
        guard let process else { return }
        let group = masterPID.map { getpgid($0) } ?? -1
        if group > 1 { Glibc.kill(-group, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
        // Children are reparented to init when the master dies; wait (at most 5 s) until they are gone.
        for _ in 0..<250 where Self.processGroupAlive(group) || Self.accepts(port: port) { usleep(20_000) }
        try? FileManager.default.removeItem(atPath: root + "/run/master.pid")
        self.process = nil
    }

    /// The master's pid, from base_dir/master.pid (setsid may have forked).
    var masterPID: pid_t? {
        (try? String(contentsOfFile: root + "/run/master.pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Stops Dovecot (the tests' teardown): same as `kill`, nothing in the tests needs a clean stop.
    public func stop() {
        kill()
    }

    /// Delivers `message` into INBOX the way an MDA does (tmp/ then rename into new/); the
    /// file's mtime is Dovecot's INTERNALDATE for it.
    @discardableResult
    public func deliver(_ message: [UInt8], receivedAt: Date, name: String) throws -> String {
        let temporary = maildir + "/tmp/" + name
        let final = maildir + "/new/" + name
        try Data(message).write(to: URL(fileURLWithPath: temporary))
        try setModificationTime(temporary, receivedAt)
        _ = chown(temporary, mailUID, mailGID)
        guard rename(temporary, final) == 0 else { throw DovecotError("rename \(temporary): \(String(cString: strerror(errno)))") }
        return final
    }

    /// A mailbox's messages as the Maildir holds them: file name → flags (`S` = \Seen).
    /// `mailbox` is "INBOX" or another mailbox's name (its `.Name` folder).
    public func messages(in mailbox: String = "INBOX") -> [(name: String, flags: String)] {
        let folder = mailbox.uppercased() == "INBOX" ? maildir : maildir + "/." + mailbox
        var result: [(String, String)] = []
        for sub in ["new", "cur"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + sub)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                if let range = name.range(of: ":2,") {
                    result.append((String(name[..<range.lowerBound]), String(name[range.upperBound...])))
                } else {
                    result.append((name, ""))
                }
            }
        }
        return result
    }

    public func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    deinit {
        if isRunning { kill() }
    }

    // MARK: Setup

    private func configuration(isRoot: Bool) -> String {
        let me = String(cString: getpwuid(getuid()).pointee.pw_name)
        let group = String(cString: getgrgid(getgid()).pointee.gr_name)
        let internalUser = isRoot ? "dovecot" : me
        let internalGroup = isRoot ? "dovecot" : group
        let loginUser = isRoot ? "dovenull" : me
        var ssl = "ssl = no\n"
        var imaps = "  inet_listener imaps {\n    port = 0\n  }\n"
        if case .selfSigned = tls {
            ssl = "ssl = yes\nssl_cert = <\(root)/cert.pem\nssl_key = <\(root)/key.pem\nssl_min_protocol = TLSv1.2\n"
            if FileManager.default.fileExists(atPath: "/usr/share/dovecot/dh.pem") { ssl += "ssl_dh = </usr/share/dovecot/dh.pem\n" }
            imaps = "  inet_listener imaps {\n    address = 127.0.0.1\n    port = \(tlsPort)\n    ssl = yes\n  }\n"
        }
        return """
            # Generated by TestSupport.DovecotServer for one test; removed with its directory.
            protocols = imap
            listen = 127.0.0.1
            base_dir = \(root)/run
            state_dir = \(root)/state
            log_path = \(logFile)
            info_log_path = \(logFile)
            default_internal_user = \(internalUser)
            default_internal_group = \(internalGroup)
            default_login_user = \(loginUser)
            first_valid_uid = 1
            first_valid_gid = 0
            \(ssl)disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:\(root)/mail/%u
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u \(root)/users
            }
            userdb {
              driver = static
              args = uid=\(mailUID) gid=\(mailGID) home=\(root)/home/%u
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = \(port)
              }
            \(imaps)}
            service anvil {
              chroot =
            }
            service auth {
              user = \(isRoot ? "root" : me)
            }

            """
    }

    private func makeCertificate() throws {
        let process = try ChildProcess(
            executable: "/usr/bin/openssl",
            arguments: [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", root + "/key.pem", "-out", certificateFile,
            ])
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DovecotError("openssl req failed (\(process.terminationStatus))") }
    }

    private func chownMail(_ path: String) throws {
        guard getuid() == 0 else { return }
        guard chown(path, mailUID, mailGID) == 0 else { throw DovecotError("chown \(path): \(String(cString: strerror(errno)))") }
        for name in (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? [] {
            _ = chown(path + "/" + name, mailUID, mailGID)
        }
    }

    private func setModificationTime(_ path: String, _ date: Date) throws {
        let seconds = Int(date.timeIntervalSince1970)
        var times = [timeval(tv_sec: seconds, tv_usec: 0), timeval(tv_sec: seconds, tv_usec: 0)]
        guard utimes(path, &times) == 0 else { throw DovecotError("utimes \(path): \(String(cString: strerror(errno)))") }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DovecotError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw DovecotError("bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func makeAncestorsTraversable(of path: String) {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        while url.path != "/" && !url.path.isEmpty {
            var info = stat()
            if stat(url.path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o001 == 0 {
                chmod(url.path, (info.st_mode & 0o7777) | 0o011)
            }
            url = url.deletingLastPathComponent()
        }
    }

    static func processGroupAlive(_ group: pid_t) -> Bool {
        group > 1 && Glibc.kill(-group, 0) == 0
    }
}

/// Why the test server could not be set up.
public struct DovecotError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
