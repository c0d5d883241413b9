import Foundation
import Testing

@testable import IMAPClient

/// Commands encode their arguments safely, and logs never see a password.
@Suite struct IMAPCommandTests {
    @Test func argumentsAreAtomsQuotedStringsOrLiteralsAsTheirBytesRequire() {
        #expect(IMAPCommand.encoding(of: Array("INBOX".utf8)) == .atom(Array("INBOX".utf8)))
        #expect(IMAPCommand.encoding(of: Array("two words".utf8)) == .quoted(Array("\"two words\"".utf8)))
        #expect(IMAPCommand.encoding(of: Array("a\"b\\c".utf8)) == .quoted(Array("\"a\\\"b\\\\c\"".utf8)))
        #expect(IMAPCommand.encoding(of: []) == .quoted(Array("\"\"".utf8)))
        #expect(IMAPCommand.encoding(of: Array("pässword".utf8)) == .literal(Array("pässword".utf8)))
        #expect(IMAPCommand.encoding(of: Array("line\r\nbreak".utf8)) == .literal(Array("line\r\nbreak".utf8)))
    }

    @Test func loginRedactsThePasswordAndSendsAnEightBitOneAsALiteral() {
        let command = IMAPCommand.strings("LOGIN", ["lead", "pä ss"], secret: [1])
        #expect(command.redacted == "LOGIN lead ***")
        #expect(command.pieces == [.text(Array("LOGIN lead ".utf8)), .literal(Array("pä ss".utf8)), .text([])])
        let plain = IMAPCommand.strings("LOGIN", ["lead", "s3cret!"], secret: [1])
        #expect(plain.redacted == "LOGIN lead ***")
        #expect(plain.pieces == [.text(Array("LOGIN lead s3cret!".utf8))])
    }

    @Test func uidSetsCollapseRunsAndDropRepeats() {
        #expect(IMAPUIDSet([9, 1, 2, 3, 5, 10, 11, 3]).description == "1:3,5,9:11")
        #expect(IMAPUIDSet([42]).description == "42")
        #expect(IMAPUIDSet([]).isEmpty)
    }

    @Test func mailboxNamesEncodeAmpersandAndRefuseNonASCII() {
        #expect(IMAPMailboxName.encode("Leads & More") == "Leads &- More")
        #expect(IMAPMailboxName.isSupported("Quarantine"))
        #expect(!IMAPMailboxName.isSupported("Entwürfe"))
        #expect(!IMAPMailboxName.isSupported(""))
    }

    @Test func internalDatesParseWithTheirZoneAndRoundTrip() throws {
        let date = try #require(IMAPDate.parse(" 2-Mar-2026 08:58:00 -0800"))
        #expect(date == ISO8601DateFormatter().date(from: "2026-03-02T16:58:00Z"))
        #expect(IMAPDate.format(date) == "02-Mar-2026 16:58:00 +0000")
        #expect(IMAPDate.parse(IMAPDate.format(date)) == date)
        #expect(IMAPDate.parse("29-Feb-2024 23:59:59 +0000") == ISO8601DateFormatter().date(from: "2024-02-29T23:59:59Z"))
        for bad in ["", "2026-03-02T16:58:00Z", "32-Mar-2026 00:00:00 +0000", "02-Foo-2026 00:00:00 +0000", "02-Mar-2026 24:00:00 +0000", "02-Mar-2026 10:00:00 0000",
                    "31-Feb-2026 10:00:00 +0000", "29-Feb-2026 10:00:00 +0000", "31-Apr-2026 10:00:00 +0000"] {
            #expect(IMAPDate.parse(bad) == nil, "\(bad)")
        }
    }
}
