import Foundation
import Logging

/// An IMAP4rev1 client for exactly what the mail poller needs (INTAKE.md, "IMAP poller"):
/// greeting and CAPABILITY, STARTTLS or implicit TLS, AUTHENTICATE PLAIN or LOGIN, SELECT,
/// UID SEARCH UNSEEN, UID FETCH, UID STORE, CREATE, UID MOVE (or COPY + \Deleted + EXPUNGE
/// when MOVE is not offered), LOGOUT.
///
/// Each command gets a fresh tag; untagged responses that arrive before the tagged completion
/// belong to the command (RFC 3501 §2.2.2). A tagged NO or BAD is a typed ``IMAPError`` naming
/// the command; the connection stays usable after NO/BAD. Any connection-level error leaves
/// the client unusable: make a new one.
///
/// Logs (debug) show command names and redacted arguments, never the password.
/// Thread-safe: an actor; commands run one at a time, as IMAP without pipelining requires.
public actor IMAPClient {
    let connection: IMAPConnection
    let logger: Logger
    private var tagCounter = 0
    public private(set) var capabilities: Set<String> = []
    public private(set) var isTLS: Bool

    private init(connection: IMAPConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
        self.isTLS = connection.configuration.security == .implicitTLS
    }

    /// Connects, reads the greeting, learns the capabilities and upgrades to TLS when the
    /// configuration and the server allow. Refuses (before any password is sent) a plaintext
    /// connection to a non-loopback host unless `allowPlaintext`.
    public static func connect(
        _ configuration: IMAPConnectionConfiguration, logger: Logger = Logger(label: "contactledger.imap")
    ) async throws(IMAPError) -> IMAPClient {
        let connection = try await IMAPConnection.connect(configuration)
        let client = IMAPClient(connection: connection, logger: logger)
        do {
            try await client.greet()
        } catch {
            await connection.close()
            throw error
        }
        return client
    }

    private func greet() async throws(IMAPError) {
        let greeting = try await connection.next()
        guard case .untagged(.status(let status)) = greeting else {
            throw .protocolViolation(reason: "the greeting is not an untagged status", context: "\(greeting)")
        }
        switch status.status {
        case .ok, .preauth: break
        case .bye: throw .connectionClosed(byeText: status.text)
        case .no, .bad: throw .protocolViolation(reason: "greeting \(status.status.rawValue)", context: status.text)
        }
        if !absorbCapabilities(from: status.code) { try await refreshCapabilities() }
        if !isTLS, connection.configuration.security == .startTLSWhenOffered, capabilities.contains("STARTTLS") {
            try await run(.words("STARTTLS"))
            guard !connection.queue.hasBuffered else {
                throw .protocolViolation(reason: "data after STARTTLS's OK (response injection)", context: "")
            }
            try await connection.startTLS()
            isTLS = true
            // RFC 3501 §6.2.1: capabilities learned before TLS are discarded.
            capabilities = []
            try await refreshCapabilities()
        }
        if !isTLS, !connection.configuration.isLoopback, !connection.configuration.allowPlaintext {
            throw .tlsRequired(
                reason: "\(connection.configuration.host) offers no STARTTLS; use imaps:// or allow plaintext explicitly")
        }
    }

    /// Logs in with AUTHENTICATE PLAIN when offered (RFC 4616), else LOGIN.
    public func login(user: String, password: String) async throws(IMAPError) {
        do throws(IMAPError) {
            let completion: IMAPStatusResponse
            if capabilities.contains("AUTH=PLAIN") {
                let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
                completion = try await run(
                    IMAPCommand(name: "AUTHENTICATE", pieces: [.text(Array("AUTHENTICATE PLAIN".utf8))], redacted: "AUTHENTICATE PLAIN"),
                    continuation: { _ in Array(token.utf8) })
            } else if capabilities.contains("LOGINDISABLED") {
                throw IMAPError.unsupported(reason: "LOGIN (LOGINDISABLED) and offers no AUTH=PLAIN")
            } else {
                completion = try await run(.strings("LOGIN", [user, password], secret: [1]))
            }
            if !absorbCapabilities(from: completion.code) { try await refreshCapabilities() }
        } catch {
            switch error {
            case .no(_, _, let text), .bad(_, let text): throw .authenticationFailed(text: text)
            default: throw error
            }
        }
    }

    /// What SELECT reports.
    public struct MailboxStatus: Sendable, Equatable {
        public var exists: UInt32 = 0
        public var uidValidity: UInt32?
        public var uidNext: UInt32?
    }

    public func select(_ mailbox: String) async throws(IMAPError) -> MailboxStatus {
        var status = MailboxStatus()
        let untagged = try await execute(.strings("SELECT", [IMAPMailboxName.encode(mailbox)]))
        for response in untagged {
            switch response {
            case .exists(let count): status.exists = count
            case .status(let s) where s.code?.name == "UIDVALIDITY": status.uidValidity = UInt32(s.code!.arguments)
            case .status(let s) where s.code?.name == "UIDNEXT": status.uidNext = UInt32(s.code!.arguments)
            default: break
            }
        }
        return status
    }

    /// UIDs of messages without \Seen, ascending.
    public func uidSearchUnseen() async throws(IMAPError) -> [UInt32] {
        var uids: [UInt32] = []
        for case .search(let found) in try await execute(.words("UID SEARCH UNSEEN")) { uids.append(contentsOf: found) }
        return Array(Set(uids)).sorted()
    }

    /// `UID FETCH set (UID RFC822.SIZE)`: sizes by UID, to refuse oversized messages unread.
    public func uidFetchSizes(_ set: IMAPUIDSet) async throws(IMAPError) -> [UInt32: Int] {
        guard !set.isEmpty else { return [:] }
        var sizes: [UInt32: Int] = [:]
        for case .fetch(_, let attributes) in try await execute(.words("UID FETCH \(set) (UID RFC822.SIZE)")) {
            if let uid = attributes.uid, let size = attributes.rfc822Size { sizes[uid] = size }
        }
        return sizes
    }

    /// One fetched message. `internalDate` is nil when the server sent none or an unreadable one.
    public struct Message: Sendable, Equatable {
        public var uid: UInt32
        public var internalDate: Date?
        public var rawInternalDate: String?
        public var body: [UInt8]
    }

    /// `UID FETCH set (UID INTERNALDATE BODY.PEEK[])`: PEEK leaves \Seen alone (RFC 3501
    /// §6.4.5), so a message is marked only by an explicit STORE after its lead is durable.
    public func uidFetchMessages(_ set: IMAPUIDSet) async throws(IMAPError) -> [Message] {
        guard !set.isEmpty else { return [] }
        var messages: [Message] = []
        for case .fetch(_, let attributes) in try await execute(.words("UID FETCH \(set) (UID INTERNALDATE BODY.PEEK[])")) {
            // A FETCH without UID or body is an unsolicited flag update, not our data.
            guard let uid = attributes.uid, let body = attributes.body else { continue }
            messages.append(
                Message(
                    uid: uid, internalDate: attributes.internalDate.flatMap(IMAPDate.parse),
                    rawInternalDate: attributes.internalDate, body: body))
        }
        return messages
    }

    /// `UID STORE set +FLAGS.SILENT (flags)`.
    public func uidAddFlags(_ set: IMAPUIDSet, _ flags: [String]) async throws(IMAPError) {
        guard !set.isEmpty else { return }
        try await execute(.words("UID STORE \(set) +FLAGS.SILENT (\(flags.joined(separator: " ")))"))
    }

    /// CREATE, treating "already exists" as success (RFC 5530 ALREADYEXISTS, or a LIST that
    /// finds it for servers without response codes).
    public func createMailboxIfMissing(_ mailbox: String) async throws(IMAPError) {
        let encoded = IMAPMailboxName.encode(mailbox)
        do {
            try await execute(.strings("CREATE", [encoded]))
        } catch {
            guard case .no(_, let code, _) = error else { throw error }
            if code == "ALREADYEXISTS" { return }
            var found = false
            for case .list(_, _, let name) in try await execute(.strings("LIST", ["", encoded])) where name == encoded {
                found = true
            }
            if !found { throw error }
        }
    }

    /// Moves messages: UID MOVE (RFC 6851) when offered, else UID COPY, \Deleted and
    /// UID EXPUNGE (RFC 4315 UIDPLUS) — or plain EXPUNGE, which also removes any other
    /// message already flagged \Deleted in the mailbox (the documented fallback).
    public func uidMove(_ set: IMAPUIDSet, to mailbox: String) async throws(IMAPError) {
        guard !set.isEmpty else { return }
        let encoded = IMAPMailboxName.encode(mailbox)
        if capabilities.contains("MOVE") {
            try await execute(IMAPCommand.strings("UID MOVE \(set)", [encoded]))
            return
        }
        try await execute(IMAPCommand.strings("UID COPY \(set)", [encoded]))
        try await uidAddFlags(set, ["\\Deleted"])
        if capabilities.contains("UIDPLUS") {
            try await execute(.words("UID EXPUNGE \(set)"))
        } else {
            try await execute(.words("EXPUNGE"))
        }
    }

    /// LOGOUT and close; errors are ignored (the session's work is already done or abandoned).
    public func logout() async {
        _ = try? await execute(.words("LOGOUT"))
        await connection.close()
    }

    /// Closes without LOGOUT (after a connection error).
    public func close() async {
        await connection.close()
    }

    /// Sends `command`; returns the untagged responses that came before its tagged OK.
    @discardableResult
    public func execute(_ command: IMAPCommand) async throws(IMAPError) -> [IMAPUntaggedResponse] {
        var untagged: [IMAPUntaggedResponse] = []
        _ = try await run(command, collecting: &untagged)
        return untagged
    }

    @discardableResult
    private func run(
        _ command: IMAPCommand, continuation: (@Sendable (String) -> [UInt8])? = nil
    ) async throws(IMAPError) -> IMAPStatusResponse {
        var ignored: [IMAPUntaggedResponse] = []
        return try await run(command, continuation: continuation, collecting: &ignored)
    }

    /// The command loop: write pieces (waiting for `+` before each synchronising literal),
    /// answer continuation requests through `continuation` (AUTHENTICATE), collect untagged
    /// responses, end at the tagged completion.
    private func run(
        _ command: IMAPCommand, continuation: (@Sendable (String) -> [UInt8])? = nil,
        collecting untagged: inout [IMAPUntaggedResponse]
    ) async throws(IMAPError) -> IMAPStatusResponse {
        tagCounter += 1
        let tag = "C\(tagCounter)"
        logger.debug("imap command", metadata: ["tag": "\(tag)", "command": "\(command.redacted)"])
        let nonSynchronising = capabilities.contains("LITERAL+")
        do throws(IMAPError) {
            var line = Array("\(tag) ".utf8)
            for piece in command.pieces {
                switch piece {
                case .text(let bytes):
                    line.append(contentsOf: bytes)
                case .literal(let bytes):
                    line.append(contentsOf: Array("{\(bytes.count)\(nonSynchronising ? "+" : "")}\r\n".utf8))
                    try await connection.write(line)
                    line = []
                    if !nonSynchronising {
                        try await awaitContinuation(for: command, tag: tag, collecting: &untagged)
                    }
                    line = bytes
                }
            }
            line.append(contentsOf: [0x0D, 0x0A])
            try await connection.write(line)
            while true {
                switch try await connection.next() {
                case .untagged(let response):
                    untagged.append(response)
                case .continuation(let text):
                    guard let continuation else {
                        throw IMAPError.protocolViolation(reason: "unexpected continuation to \(command.name)", context: text)
                    }
                    try await connection.write(continuation(text) + [0x0D, 0x0A])
                case .tagged(let responseTag, let status):
                    guard responseTag == tag else {
                        throw IMAPError.protocolViolation(reason: "completion for unknown tag \(responseTag)", context: status.text)
                    }
                    _ = absorbCapabilities(from: status.code)
                    switch status.status {
                    case .ok: return status
                    case .no: throw IMAPError.no(command: command.name, code: status.code?.name, text: status.text)
                    default: throw IMAPError.bad(command: command.name, text: status.text)
                    }
                }
            }
        } catch {
            if case .timeout(_, let seconds) = error { throw .timeout(command: command.name, seconds: seconds) }
            throw error
        }
    }

    private func awaitContinuation(
        for command: IMAPCommand, tag: String, collecting untagged: inout [IMAPUntaggedResponse]
    ) async throws(IMAPError) {
        while true {
            switch try await connection.next() {
            case .continuation: return
            case .untagged(let response): untagged.append(response)
            case .tagged(_, let status):
                throw status.status == .no
                    ? .no(command: command.name, code: status.code?.name, text: status.text)
                    : .bad(command: command.name, text: status.text)
            }
        }
    }

    private func refreshCapabilities() async throws(IMAPError) {
        for case .capability(let words) in try await execute(.words("CAPABILITY")) {
            capabilities = Set(words.map { $0.uppercased() })
        }
    }

    /// Takes `[CAPABILITY …]` from a greeting or completion; true when there was one.
    private func absorbCapabilities(from code: IMAPResponseCode?) -> Bool {
        guard let code, code.name == "CAPABILITY" else { return false }
        capabilities = Set(IMAPResponseParser.words(code.arguments).map { $0.uppercased() })
        return true
    }
}
