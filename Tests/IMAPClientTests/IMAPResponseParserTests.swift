import Glibc
import Testing

@testable import IMAPClient

/// The response parser is pure and incremental: the same bytes give the same responses
/// however the network splits them.
@Suite struct IMAPResponseParserTests {
    /// A Dovecot-shaped session: greeting with capabilities, SELECT data, SEARCH, a FETCH
    /// whose literal holds CRLF, parentheses, quotes and a line that looks like a literal
    /// marker, a quoted string with escapes, NIL, and tagged OK/NO/BAD completions.
    static let message = "From: a@example.com\r\nSubject: (test) \"quoted\" {5}\r\n\r\nbody ) ( {3}\r\n* 9 EXISTS\r\n"
    static let session: String =
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.\r\n"
        + "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
        + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n"
        + "* 3 EXISTS\r\n"
        + "* 0 RECENT\r\n"
        + "* OK [UIDVALIDITY 1795448616] UIDs valid\r\n"
        + "C2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n"
        + "* SEARCH 2 3 7\r\n"
        + "C3 OK Search completed.\r\n"
        + "* 1 FETCH (UID 2 INTERNALDATE \" 2-Mar-2026 16:58:00 +0000\" BODY[] {\(message.utf8.count)}\r\n"
        + message + ")\r\n"
        + "* 2 FETCH (UID 3 FLAGS (\\Seen $Forwarded) X-NOTE \"say \\\"hi\\\" \\\\ bye\" X-EMPTY NIL)\r\n"
        + "* CAPABILITY IMAP4rev1 MOVE UIDPLUS\r\n"
        + "* LIST (\\HasNoChildren) \".\" Quarantine\r\n"
        + "* 4 EXPUNGE\r\n"
        + "+ \r\n"
        + "C4 NO [ALREADYEXISTS] Mailbox already exists\r\n"
        + "C5 BAD Error in IMAP command: Unknown command.\r\n"
        + "* BYE Logging out\r\n"

    static let expected: [IMAPResponse] = [
        .untagged(.status(.init(status: .ok, code: .init(name: "CAPABILITY", arguments: "IMAP4rev1 SASL-IR LITERAL+ AUTH=PLAIN"), text: "Dovecot (Debian) ready."))),
        .untagged(.flags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"])),
        .untagged(.status(.init(status: .ok, code: .init(name: "PERMANENTFLAGS", arguments: "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)"), text: "Flags permitted."))),
        .untagged(.exists(3)),
        .untagged(.recent(0)),
        .untagged(.status(.init(status: .ok, code: .init(name: "UIDVALIDITY", arguments: "1795448616"), text: "UIDs valid"))),
        .tagged(tag: "C2", .init(status: .ok, code: .init(name: "READ-WRITE"), text: "Select completed (0.001 + 0.000 secs).")),
        .untagged(.search([2, 3, 7])),
        .tagged(tag: "C3", .init(status: .ok, text: "Search completed.")),
        .untagged(.fetch(sequenceNumber: 1, .init(uid: 2, internalDate: " 2-Mar-2026 16:58:00 +0000", body: Array(message.utf8)))),
        .untagged(.fetch(sequenceNumber: 2, .init(uid: 3, flags: ["\\Seen", "$Forwarded"], other: ["X-NOTE": .string(Array("say \"hi\" \\ bye".utf8)), "X-EMPTY": .nil]))),
        .untagged(.capability(["IMAP4rev1", "MOVE", "UIDPLUS"])),
        .untagged(.list(attributes: ["\\HasNoChildren"], delimiter: ".", name: "Quarantine")),
        .untagged(.expunge(4)),
        .continuation(text: ""),
        .tagged(tag: "C4", .init(status: .no, code: .init(name: "ALREADYEXISTS"), text: "Mailbox already exists")),
        .tagged(tag: "C5", .init(status: .bad, text: "Error in IMAP command: Unknown command.")),
        .untagged(.status(.init(status: .bye, text: "Logging out"))),
    ]

    @Test func aWholeSessionInOneReadGivesEveryResponseInOrder() throws {
        var parser = IMAPResponseParser()
        #expect(try parser.parse(Array(Self.session.utf8)) == Self.expected)
        #expect(parser.isAtBoundary)
    }

    @Test func splittingTheSessionAtEveryByteBoundaryGivesTheSameResponses() throws {
        let bytes = Array(Self.session.utf8)
        for split in 0...bytes.count {
            var parser = IMAPResponseParser()
            var responses = try parser.parse(bytes[..<split])
            responses += try parser.parse(bytes[split...])
            #expect(responses == Self.expected, "split at byte \(split)")
            #expect(parser.isAtBoundary)
        }
    }

    @Test func feedingOneByteAtATimeGivesTheSameResponses() throws {
        var parser = IMAPResponseParser()
        var responses: [IMAPResponse] = []
        for byte in Self.session.utf8 { responses += try parser.parse([byte]) }
        #expect(responses == Self.expected)
    }

    @Test func aLiteralHoldingCRLFAndBracesIsReturnedByteForByte() throws {
        var parser = IMAPResponseParser()
        let body: [UInt8] = Array("a\r\n{2}\r\n)(\"\\".utf8) + [0x00, 0xFF, 0x0A]
        let bytes = Array("* 5 FETCH (BODY[] {\(body.count)}\r\n".utf8) + body + Array(" UID 9)\r\n".utf8)
        let responses = try parser.parse(bytes)
        #expect(responses == [.untagged(.fetch(sequenceNumber: 5, .init(uid: 9, body: body)))])
    }

    @Test func anEmptyLiteralAndTwoLiteralsInOneResponseAreRead() throws {
        var parser = IMAPResponseParser()
        let text = "* 1 FETCH (BODY[] {0}\r\n X-A {3}\r\nabc UID 4)\r\n"
        let responses = try parser.parse(Array(text.utf8))
        #expect(responses == [.untagged(.fetch(sequenceNumber: 1, .init(uid: 4, body: [], other: ["X-A": .string(Array("abc".utf8))])))])
    }

    @Test func aLiteralMarkerInsideAQuotedStringIsText() throws {
        var parser = IMAPResponseParser()
        let responses = try parser.parse(Array("* 1 FETCH (X-A \"ends with {4}\")\r\n".utf8))
        #expect(responses == [.untagged(.fetch(sequenceNumber: 1, .init(other: ["X-A": .string(Array("ends with {4}".utf8))])))])
    }

    @Test func bareLineFeedsEndLinesToo() throws {
        var parser = IMAPResponseParser()
        #expect(try parser.parse(Array("* 7 EXISTS\nA1 OK done\n".utf8)) == [.untagged(.exists(7)), .tagged(tag: "A1", .init(status: .ok, text: "done"))])
    }

    @Test func unknownUntaggedResponsesAreKeptNotRefused() throws {
        var parser = IMAPResponseParser()
        let responses = try parser.parse(Array("* ID (\"name\" \"Dovecot\")\r\n* 3 WEIRD x\r\n".utf8))
        #expect(responses == [.untagged(.other(name: "ID", text: "(\"name\" \"Dovecot\")")), .untagged(.other(name: "WEIRD", text: "3 x"))])
    }

    @Test func aLineOverTheLimitIsRefusedWithTheLimitNamed() {
        var limits = IMAPResponseParser.Limits()
        limits.lineBytesMax = 16
        var parser = IMAPResponseParser(limits: limits)
        #expect(throws: IMAPError.limitExceeded(field: "response line", bytes: 17, limitBytes: 16)) {
            try parser.parse(Array("* OK this line is far too long\r\n".utf8))
        }
    }

    @Test func aLiteralOverTheLimitIsRefusedBeforeItsBytesArrive() {
        var limits = IMAPResponseParser.Limits()
        limits.literalBytesMax = 100
        var parser = IMAPResponseParser(limits: limits)
        #expect(throws: IMAPError.limitExceeded(field: "literal", bytes: 101, limitBytes: 100)) {
            try parser.parse(Array("* 1 FETCH (BODY[] {101}\r\n".utf8))
        }
    }

    @Test func malformedResponsesAreProtocolViolations() {
        for text in ["* 1 FETCH (UID x)\r\n", "* 1 FETCH (UID 1\r\n", "A1 MAYBE fine\r\n", "* SEARCH 1 two\r\n", "* 2 FETCH (\"x\" 1)\r\n", "\r\n"] {
            var parser = IMAPResponseParser()
            let error = #expect(throws: IMAPError.self, "\(text)") { try parser.parse(Array(text.utf8)) }
            guard case .protocolViolation? = error else {
                Issue.record("\(text): expected a protocol violation, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func randomSplitsOfManyFetchesMatchOneRead() throws {
        let seed = UInt64(ProcessEnvironmentSeed.value ?? "20260302") ?? 20_260_302
        var random = SeededGenerator(seed: seed)
        var text = ""
        for uid in 1...40 {
            let body = String(repeating: "line \(uid) (x) {1}\r\n", count: Int.random(in: 0...20, using: &random))
            text += "* \(uid) FETCH (UID \(uid) INTERNALDATE \"01-Jan-2026 00:00:00 +0000\" BODY[] {\(body.utf8.count)}\r\n\(body))\r\n"
        }
        text += "C9 OK Fetch completed.\r\n"
        let bytes = Array(text.utf8)
        var whole = IMAPResponseParser()
        let expected = try whole.parse(bytes)
        #expect(expected.count == 41)
        var parser = IMAPResponseParser()
        var responses: [IMAPResponse] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + Int.random(in: 1...300, using: &random))
            responses += try parser.parse(bytes[index..<end])
            index = end
        }
        #expect(responses == expected, "seed \(seed) (replay with IMAP_PARSER_SEED)")
    }
}

/// `IMAP_PARSER_SEED` replays a randomised test.
enum ProcessEnvironmentSeed {
    static var value: String? {
        guard let raw = getenv("IMAP_PARSER_SEED") else { return nil }
        return String(cString: raw)
    }
}

/// SplitMix64: deterministic random numbers from a seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
