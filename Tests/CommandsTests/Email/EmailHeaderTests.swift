import Commands
import Foundation
import Testing

/// RFC 2047 encoded words, folded header lines and header-block tolerance.
@Suite struct EmailHeaderTests {
    @Test func base64EncodedWordsInSubjectAndDisplayName() throws {
        let lead = try EmailFixtures.lead("rfc2047-b-utf8.eml")
        #expect(lead.subject == "New Web Lead: \u{141}ukasz W\u{F3}jcik")
        #expect(lead.from == "Zapisy \u{141}\u{F3}d\u{17A} <zapisy@booking.example.com>")
        #expect(lead.leadType == "Web Lead")  // from the subject: the body has no type label
        #expect(lead.leadEmail == "zapisy@booking.example.com")
    }

    @Test func quotedPrintableEncodedWordsInLatin1() throws {
        let lead = try EmailFixtures.lead("rfc2047-q-latin1.eml")
        #expect(lead.subject == "New Web Lead: Ren\u{E9}e Lef\u{E8}vre")
        #expect(lead.from == "R\u{E9}servations Studio <reservations@booking.example.com>")
    }

    @Test func adjacentEncodedWordsJoinAcrossFoldsEvenMidCharacter() throws {
        let message = try EmailFixtures.message("email/rfc2047-adjacent.eml")
        // "Zo" + "\xC3" | "\xAB" split across two B words, a language tag, a Q word on a
        // tab-folded line; the whitespace before the plain "(adjacent)" is kept.
        #expect(message.headers.value("Subject") == "New Web Lead: Zo\u{EB} Br\u{F6}nte (adjacent)")
        #expect(message.headers.rawValue("Subject")?.hasPrefix("New Web Lead: =?utf-8?b?") == true)
        #expect(message.warnings.isEmpty)
    }

    @Test func windows1252EncodedWordInsideTextGivesTheLeadTypeFromTheSubject() throws {
        let lead = try EmailFixtures.lead("rfc2047-windows1252.eml")
        #expect(lead.subject == "Online Intro booked \u{2013} Ren\u{E9}e Fa\u{E7}on")
        #expect(lead.leadType == "Online Intro")
        #expect(lead.bookedDate == "2026-03-14")
        #expect(lead.bookedTime == "7:30 AM")
    }

    @Test func malformedEncodedWordStaysLiteralWithAWarning() throws {
        let lead = try EmailFixtures.lead("rfc2047-malformed.eml")
        #expect(lead.subject == "New Web Lead: =?utf-8?B?###?= Kim")
        #expect(lead.warnings == [.malformedEncodedWord(header: "Subject")])
    }

    @Test func foldedHeadersUnfoldAndTheTrackingAddressOnAContinuationLineIsFound() throws {
        let lead = try EmailFixtures.lead("folded-headers.eml")
        #expect(lead.subject == "New Web Lead: Harper Quinn")
        #expect(lead.from == "Booking System <leads@booking.example.com>")
        #expect(lead.trackingIdHeader == "To")
        #expect(lead.recipient == "lead-tracking+ot0423@leads.example.net")
        #expect(lead.receivedAtSource == .receivedHeader)
        let message = try EmailFixtures.message("email/folded-headers.eml")
        #expect(message.root.contentType.parameters["boundary"] == "folded-boundary-01")
        #expect(message.root.children.first?.contentType.parameters["charset"] == "utf-8")
    }

    @Test func anMboxFromLineBeforeTheHeaderIsSkipped() throws {
        let message = try EmailFixtures.message("email/mbox-from-line.eml")
        #expect(message.headers.fields.first?.name == "Delivered-To")
        #expect(message.warnings.isEmpty)
    }

    @Test func aGarbageLineAmongHeadersIsSkippedWithItsLineNumber() throws {
        let message = try EmailFixtures.parse(
            "From: leads@booking.example.com\nthis is not a header\nSubject: New Web Lead: A B\n\nName: A B\n")
        #expect(message.headers.value("Subject") == "New Web Lead: A B")
        #expect(message.textBody == "Name: A B\n")
        #expect(message.warnings == [.malformedHeaderLine(part: "", lineNumber: 2)])
    }

    @Test(arguments: ["Lead Type: Web Lead\nName: A B\n", "You have a new lead!\nName: A B\n"])
    func aBodyWithoutTheBlankSeparatorLineStartsAtTheFirstNonHeaderLine(_ body: String) throws {
        let message = try EmailFixtures.parse("From: leads@booking.example.com\nSubject: x\n" + body)
        #expect(message.headers.fields.map(\.name) == ["From", "Subject"])
        #expect(message.textBody == body)
        #expect(message.warnings == [.missingHeaderSeparator(part: "")])
    }

    @Test func aContinuationThatLostItsIndentationIsSkipped() throws {
        let message = try EmailFixtures.parse(
            "To: a@example.org,\nlead-tracking+ot1@x.example\nSubject: s\nFrom: f@example.org\n\nName: A B\n")
        #expect(message.headers.value("Subject") == "s")
        #expect(message.warnings == [.malformedHeaderLine(part: "", lineNumber: 2)])
    }

    @Test func headerLookupIsCaseInsensitiveAndKeepsEveryRepeat() throws {
        let message = try EmailFixtures.parse("received: a; 1 Mar 2026 10:00 +0000\nRECEIVED: b\nFrom: x@y.z\n\nbody\n")
        #expect(message.headers.all("Received").map(\.rawValue) == ["a; 1 Mar 2026 10:00 +0000", "b"])
        #expect(message.headers.value("from") == "x@y.z")
    }

    @Test func leadingBlankLinesBeforeTheHeaderAreIgnored() throws {
        let message = try EmailFixtures.parse("\r\n\r\nFrom: x@y.z\r\nSubject: s\r\n\r\nbody")
        #expect(message.headers.value("Subject") == "s")
        #expect(message.textBody == "body")
    }
}
