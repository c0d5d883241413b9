import Commands
import Domain
import Foundation
import Glibc

/// The bearer tokens `serve` accepts (API.md "Auth"), from the `--tokens` file or
/// `<data>/tokens.json`: `{"tokens": [{"token": "…", "scope": "admin"}, …]}`, each entry
/// optionally with `"name"` (a label recorded as the actor of its staff commands) and
/// `"actsForStaff": true` (the token may name the staff user with `X-Staff-User`, e.g. a
/// store's front-desk integration; admin tokens always may). Staff commands of any other
/// token are recorded as the token's own actor, `Credential.actorId`.
///
/// Lookups compare every token in constant time (no early exit on the first differing byte),
/// so response timing does not reveal a token prefix. Thread-safe (immutable after init).
public struct TokenTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public var token: String
        public var scope: TokenScope
        /// A label for logs and actors (`StaffRequest.staffUserIdIsPlain`'s characters); nil:
        /// a short hash of the token stands in.
        public var name: String?
        /// Whether the token may send `X-Staff-User` (always true for admin tokens).
        public var actsForStaff: Bool

        public init(token: String, scope: TokenScope, name: String? = nil, actsForStaff: Bool = false) {
            self.token = token
            self.scope = scope
            self.name = name
            self.actsForStaff = actsForStaff
        }

        /// What a request made with this token is known by (never the token itself).
        var credential: Credential {
            Credential(
                scope: scope, actsForStaff: actsForStaff || scope == .admin,
                label: name ?? "sha1-" + String(SHA1.hex(token).prefix(12)))
        }
    }

    public let entries: [Entry]

    /// Shorter tokens are refused: a token is the only credential, so it must not be guessable.
    public static let tokenLengthMin = 16

    public init(entries: [Entry]) throws(TokenFileError) {
        guard !entries.isEmpty else { throw TokenFileError("the tokens file lists no tokens") }
        var seen = Set<String>()
        var names = Set<String>()
        for (index, entry) in entries.enumerated() {
            guard entry.token.utf8.count >= Self.tokenLengthMin else {
                throw TokenFileError("tokens[\(index)].token is shorter than \(Self.tokenLengthMin) characters")
            }
            guard entry.token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw TokenFileError("tokens[\(index)].token must be printable ASCII without spaces")
            }
            guard seen.insert(entry.token).inserted else {
                throw TokenFileError("tokens[\(index)].token is listed twice")
            }
            if let name = entry.name {
                guard StaffRequest.staffUserIdIsPlain(name) else {
                    throw TokenFileError("tokens[\(index)].name must be 1–64 characters of letters, digits and . _ @ - +")
                }
                guard names.insert(name).inserted else { throw TokenFileError("tokens[\(index)].name is used twice") }
            }
        }
        self.entries = entries
    }

    /// Parses the file's JSON.
    public init(json bytes: [UInt8]) throws(TokenFileError) {
        struct File: Decodable {
            struct Token: Decodable {
                var token: String
                var scope: String
                var name: String?
                var actsForStaff: Bool?
            }
            var tokens: [Token]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch {
            throw TokenFileError("not a tokens file ({\"tokens\": [{\"token\", \"scope\", \"name\"?, \"actsForStaff\"?}]}): \(error)")
        }
        var entries: [Entry] = []
        for (index, token) in file.tokens.enumerated() {
            do {
                entries.append(
                    Entry(
                        token: token.token, scope: try TokenScope(parsing: token.scope), name: token.name,
                        actsForStaff: token.actsForStaff ?? false))
            } catch {
                throw TokenFileError("tokens[\(index)]: \(error.description)")
            }
        }
        try self.init(entries: entries)
    }

    /// Reads `path`.
    public init(contentsOf path: String) throws(TokenFileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenFileError("\(path): cannot be read")
        }
        do {
            try self.init(json: Array(data))
        } catch {
            throw TokenFileError("\(path): \(error.description)")
        }
    }

    /// The scope of `presented`, nil when no token matches.
    public func scope(of presented: Substring) -> TokenScope? {
        entry(of: presented)?.scope
    }

    /// The entry of `presented`, nil when no token matches.
    func entry(of presented: Substring) -> Entry? {
        var found: Entry?
        for entry in entries where Self.constantTimeEqual(entry.token.utf8, presented.utf8) {
            found = entry
        }
        return found
    }

    static func constantTimeEqual(_ a: String.UTF8View, _ b: Substring.UTF8View) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

extension TokenTable {
    /// What `serve` does without `--tokens` (API.md): use `<data>/tokens.json`, creating it
    /// with one fresh admin token on first start. Returns the table and, when the file was
    /// created now, the new admin token (printed once by the caller, never logged).
    ///
    /// The file is written to a temporary name with mode 0600, synced, and renamed, so a crash
    /// never leaves a half-written tokens file that would lock the operator out.
    public static func loadOrCreate(dataDirectory: String) throws(TokenFileError) -> (table: TokenTable, createdAdminToken: String?) {
        let path = dataDirectory + "/tokens.json"
        if FileManager.default.fileExists(atPath: path) {
            return (try TokenTable(contentsOf: path), nil)
        }
        let token = newToken()
        let table = try TokenTable(entries: [Entry(token: token, scope: .admin)])
        let json = #"{"tokens":[{"token":"\#(token)","scope":"admin"}]}"# + "\n"
        try writeDurably(Array(json.utf8), to: path)
        return (table, token)
    }

    /// 32 random bytes as 64 hex digits.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for _ in 0..<32 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeDurably(_ bytes: [UInt8], to path: String) throws(TokenFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TokenFileError("\(directory): cannot be created: \(error)")
        }
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TokenFileError("\(temporary): cannot be created (errno \(errno))") }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw TokenFileError("\(path): cannot be written (errno \(errno))")
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}
