import Foundation

/// A command line to send, built from pieces so that strings are encoded safely (RFC 3501
/// §4.3): an atom when it can be, a quoted string when it has no CR, LF, NUL or 8-bit byte,
/// otherwise a literal — sent as `{n}` + wait for `+` (or `{n+}` without waiting when the
/// server has LITERAL+, RFC 7888). Thread-safe (a value).
///
/// `redacted` is what logs and errors show: LOGIN's password is never in it.
public struct IMAPCommand: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case text([UInt8])
        case literal([UInt8])
    }

    /// The command's name for messages (`UID FETCH`, `LOGIN`).
    public let name: String
    var pieces: [Piece]
    public let redacted: String

    init(name: String, pieces: [Piece], redacted: String) {
        self.name = name
        self.pieces = pieces
        self.redacted = redacted
    }

    /// A command of plain words (atoms, numbers, sequence sets, parenthesised items).
    public static func words(_ text: String) -> IMAPCommand {
        let name = text.split(separator: " ").prefix(text.hasPrefix("UID ") ? 2 : 1).joined(separator: " ")
        return IMAPCommand(name: name, pieces: [.text(Array(text.utf8))], redacted: text)
    }

    /// `name` followed by each argument as an astring (LOGIN user pass, SELECT box, CREATE box).
    /// `secret` marks arguments that `redacted` replaces with `***`.
    public static func strings(_ name: String, _ arguments: [String], secret: Set<Int> = []) -> IMAPCommand {
        var pieces: [Piece] = []
        var text = Array(name.utf8)
        var redacted = name
        for (index, argument) in arguments.enumerated() {
            text.append(UInt8(ascii: " "))
            redacted += secret.contains(index) ? " ***" : " " + Self.display(argument)
            switch Self.encoding(of: Array(argument.utf8)) {
            case .atom(let bytes), .quoted(let bytes):
                text.append(contentsOf: bytes)
            case .literal(let bytes):
                pieces.append(.text(text))
                pieces.append(.literal(bytes))
                text = []
            }
        }
        pieces.append(.text(text))
        return IMAPCommand(name: name, pieces: pieces, redacted: redacted)
    }

    enum Encoding: Equatable {
        case atom([UInt8]), quoted([UInt8]), literal([UInt8])
    }

    /// How an astring is best sent.
    static func encoding(of bytes: [UInt8]) -> Encoding {
        if bytes.contains(where: { $0 == 0x00 || $0 == 0x0D || $0 == 0x0A || $0 >= 0x80 }) { return .literal(bytes) }
        let special: Set<UInt8> = Set("(){ %*\"\\]".utf8)
        if !bytes.isEmpty, !bytes.contains(where: { $0 < 0x21 || $0 == 0x7F || special.contains($0) }) { return .atom(bytes) }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { quoted.append(UInt8(ascii: "\\")) }
            quoted.append(byte)
        }
        quoted.append(UInt8(ascii: "\""))
        return .quoted(quoted)
    }

    static func display(_ argument: String) -> String {
        switch encoding(of: Array(argument.utf8)) {
        case .atom(let bytes), .quoted(let bytes): String(decoding: bytes, as: UTF8.self)
        case .literal(let bytes): "{\(bytes.count)}"
        }
    }
}

/// A set of UIDs in the compact IMAP form (`1:5,7,9:12`), sorted, each UID once.
public struct IMAPUIDSet: Sendable, Equatable, CustomStringConvertible {
    public let uids: [UInt32]

    public init(_ uids: some Sequence<UInt32>) {
        self.uids = Array(Set(uids)).sorted()
    }

    public var isEmpty: Bool { uids.isEmpty }

    public var description: String {
        var ranges: [String] = []
        var index = 0
        while index < uids.count {
            var end = index
            while end + 1 < uids.count, uids[end + 1] == uids[end] + 1 { end += 1 }
            ranges.append(end == index ? "\(uids[index])" : "\(uids[index]):\(uids[end])")
            index = end + 1
        }
        return ranges.joined(separator: ",")
    }
}

/// A mailbox name as IMAP sends it: modified UTF-7 (RFC 3501 §5.1.3) is implemented for the
/// ASCII case only — `&` becomes `&-` — and other names are refused by the configuration, so
/// the poller never sends a name the server would read differently.
public enum IMAPMailboxName {
    public static func isSupported(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    public static func encode(_ name: String) -> String {
        name.replacingOccurrences(of: "&", with: "&-")
    }
}
