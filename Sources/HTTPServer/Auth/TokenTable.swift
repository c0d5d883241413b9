import Foundation
import Glibc

/// The bearer tokens `serve` accepts (API.md "Auth"), from the `--tokens` file or
/// `<data>/tokens.json`: `{"tokens": [{"token": "…", "scope": "admin"}, …]}`.
///
/// Lookups compare every token in constant time (no early exit on the first differing byte),
/// so response timing does not reveal a token prefix. Thread-safe (immutable after init).
public struct TokenTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public var token: String
        public var scope: TokenScope

        public init(token: String, scope: TokenScope) {
            self.token = token
            self.scope = scope
        }
    }

    public let entries: [Entry]

    /// Shorter tokens are refused: a token is the only credential, so it must not be guessable.
    public static let tokenLengthMin = 16

    public init(entries: [Entry]) throws(TokenFileError) {
        guard !entries.isEmpty else { throw TokenFileError("the tokens file lists no tokens") }
        var seen = Set<String>()
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
        }
        self.entries = entries
    }

    /// Parses the file's JSON.
    public init(json bytes: [UInt8]) throws(TokenFileError) {
        struct File: Decodable {
            struct Token: Decodable {
                var token: String
                var scope: String
            }
            var tokens: [Token]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch {
            throw TokenFileError("not a tokens file ({\"tokens\": [{\"token\", \"scope\"}]}): \(error)")
        }
        var entries: [Entry] = []
        for (index, token) in file.tokens.enumerated() {
            do {
                entries.append(Entry(token: token.token, scope: try TokenScope(parsing: token.scope)))
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
        var found: TokenScope?
        for entry in entries where Self.constantTimeEqual(entry.token.utf8, presented.utf8) {
            found = entry.scope
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
