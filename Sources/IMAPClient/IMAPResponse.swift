/// One complete server response (RFC 3501 §7): a tagged completion, an untagged datum, or a
/// continuation request. Produced by ``IMAPResponseParser``. Thread-safe (a value).
public enum IMAPResponse: Sendable, Equatable {
    /// `tag OK|NO|BAD [code] text`: the end of the command with that tag.
    case tagged(tag: String, IMAPStatusResponse)
    /// `* …`: data or status the server volunteers while a command runs.
    case untagged(IMAPUntaggedResponse)
    /// `+ text`: the server waits for a literal's bytes or an AUTHENTICATE step.
    case continuation(text: String)
}

/// The status words of RFC 3501 §7.1.
public enum IMAPStatus: String, Sendable, Equatable {
    case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
}

/// `[NAME arguments]` at the start of a status text, e.g. `[UIDVALIDITY 1795448616]`,
/// `[CAPABILITY IMAP4rev1 MOVE]`, `[ALREADYEXISTS]`. `name` is upper-cased.
public struct IMAPResponseCode: Sendable, Equatable {
    public var name: String
    public var arguments: String

    public init(name: String, arguments: String = "") {
        self.name = name
        self.arguments = arguments
    }
}

/// A status response: tagged completion or untagged OK/NO/BAD/BYE/PREAUTH.
public struct IMAPStatusResponse: Sendable, Equatable {
    public var status: IMAPStatus
    public var code: IMAPResponseCode?
    /// The human-readable text after the code (may be empty).
    public var text: String

    public init(status: IMAPStatus, code: IMAPResponseCode? = nil, text: String) {
        self.status = status
        self.code = code
        self.text = text
    }
}

/// The untagged responses the poller reads; anything else is kept as `.other` (never an error:
/// servers may send data the client did not ask for, RFC 3501 §2.2.2).
public enum IMAPUntaggedResponse: Sendable, Equatable {
    case status(IMAPStatusResponse)
    case capability([String])
    case flags([String])
    case exists(UInt32)
    case recent(UInt32)
    case expunge(UInt32)
    /// `* SEARCH 3 5 9` (UIDs after UID SEARCH).
    case search([UInt32])
    /// `* n FETCH (…)`.
    case fetch(sequenceNumber: UInt32, IMAPFetchAttributes)
    /// `* LIST (\HasNoChildren) "." Quarantine`.
    case list(attributes: [String], delimiter: String?, name: String)
    /// Any other untagged response: its name (upper-cased) and the rest of its first line.
    case other(name: String, text: String)
}

/// A generic IMAP value (RFC 3501 §4): an atom or number, a string (quoted or literal,
/// as bytes: literals carry raw message octets), NIL, or a parenthesised list.
public indirect enum IMAPValue: Sendable, Equatable {
    case atom(String)
    case string([UInt8])
    case `nil`
    case list([IMAPValue])

    /// The atom's or string's text (strings decoded as UTF-8), nil for NIL and lists.
    public var text: String? {
        switch self {
        case .atom(let atom): atom
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .nil, .list: nil
        }
    }
}

/// The attributes of one `FETCH` response. The ones the poller asks for have fields; every
/// other attribute is kept by its upper-cased name in `other`.
public struct IMAPFetchAttributes: Sendable, Equatable {
    public var uid: UInt32?
    public var flags: [String]?
    /// `INTERNALDATE` as the server sent it (`"23-Nov-2026 15:43:13 +0000"`); see ``IMAPDate``.
    public var internalDate: String?
    public var rfc822Size: Int?
    /// `BODY[]` (the whole message); nil when not fetched or NIL.
    public var body: [UInt8]?
    public var other: [String: IMAPValue] = [:]

    public init(
        uid: UInt32? = nil, flags: [String]? = nil, internalDate: String? = nil, rfc822Size: Int? = nil,
        body: [UInt8]? = nil, other: [String: IMAPValue] = [:]
    ) {
        self.uid = uid
        self.flags = flags
        self.internalDate = internalDate
        self.rfc822Size = rfc822Size
        self.body = body
        self.other = other
    }
}
