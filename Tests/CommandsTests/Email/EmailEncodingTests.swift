import Commands
import Foundation
import Testing

/// Each Content-Transfer-Encoding (7bit, 8bit, quoted-printable, base64) with each charset
/// (UTF-8, ISO-8859-1, Windows-1252), plus unknown, undeclared and invalid charsets.
@Suite struct EmailEncodingTests {
    @Test func quotedPrintableJoinsSoftLineBreaksAndDropsTransportPadding() throws {
        let lead = try EmailFixtures.lead("qp-utf8.eml")
        #expect(
            lead.rawBody.contains(
                "Comments: Wants 2 classes a week, 5 = 5 and this line is long enough that it "
                    + "is wrapped with a soft line break by the mailer and trailing spaces after the equals sign are transport padding."))
        #expect(lead.lastName == "N\u{FA}\u{F1}ez")  // lower-case hex escapes too
        #expect(lead.contactEmail == "jose.nunez@example.com")
        #expect(lead.warnings.isEmpty)
    }

    @Test func quotedPrintableWindows1252DecodesCurlyQuotesEuroAndDash() throws {
        let lead = try EmailFixtures.lead("qp-windows1252.eml")
        #expect(lead.rawBody.contains("Comments: \u{201C}Intro\u{201D} offer \u{20AC} 29 \u{2013} mornings only"))
    }

    @Test func quotedPrintableLatin1WithBareLineFeeds() throws {
        let message = try EmailFixtures.message("email/qp-latin1.eml")
        #expect(message.textBody.contains("Full Name: Ren\u{E9}e Dupr\u{E9}\nPhone: 415.555.0102"))
        #expect(message.root.contentType.parameters["charset"] == "iso-8859-1")
    }

    @Test func base64ToleratesIndentedLinesAndTabsAndDecodesUTF8() throws {
        let message = try EmailFixtures.message("email/base64-utf8.eml")
        #expect(message.warnings.isEmpty)
        #expect(message.textBody == "Lead Type: Web Lead\nName: Chlo\u{E9} Zhang\nPhone: 1-415-555-0104\nEmail: chloe.zhang@example.com\n")
    }

    @Test func base64Windows1252UnderTheCp1252Alias() throws {
        let message = try EmailFixtures.message("email/base64-windows1252.eml")
        #expect(message.textBody.contains("Last Name: D\u{2019}Angelo"))
    }

    @Test func eightBitWindows1252DecodesEveryPrintableHighByte() throws {
        let lead = try EmailFixtures.lead("8bit-windows1252.eml")
        #expect(
            lead.rawBody.contains(
                "Comments: \u{201C}Early\u{201D} classes \u{2013} \u{20AC}20 trial\u{2026} \u{160}\u{17E}\u{153}\u{178}\u{2122}"))
    }

    @Test func eightBitLatin1AndUTF8DecodeNames() throws {
        #expect(try EmailFixtures.lead("8bit-latin1.eml").rawBody.contains("First Name: Fran\u{E7}ois\nLast Name: L\u{E9}vesque"))
        #expect(try EmailFixtures.lead("8bit-utf8.eml").rawBody.contains("Name: Ana Luc\u{ED}a G\u{F3}mez"))
    }

    @Test func sevenBitWithLowerCaseHeaderNamesAndUpperCaseEncodingToken() throws {
        let message = try EmailFixtures.message("email/7bit-lf.eml")
        #expect(message.headers.value("Subject") == "New Web Lead: Priya Raman")
        #expect(message.headers.fields.first?.name == "delivered-to")
        #expect(message.warnings.isEmpty)
    }

    @Test func unknownCharsetIsReadAsUTF8WithReplacementAndAWarning() throws {
        let lead = try EmailFixtures.lead("unknown-charset.eml")
        #expect(lead.rawBody.contains("Comments: \u{FFFD}\u{FFFD} bytes"))
        #expect(lead.warnings == [.unknownCharset(location: "message body", charset: "x-unknown-8")])
    }

    @Test func undeclaredEightBitTextIsReadAsWindows1252WithAWarning() throws {
        let lead = try EmailFixtures.lead("undeclared-8bit.eml")
        #expect(lead.firstName == "Jos\u{E9}")
        #expect(lead.warnings == [.undeclared8BitText(location: "message body")])
    }

    @Test func invalidUTF8IsReplacedAndReported() throws {
        let lead = try EmailFixtures.lead("invalid-utf8.eml")
        #expect(lead.warnings == [.invalidBytesForCharset(location: "message body", charset: "utf-8")])
    }

    @Test func crlfAndBareLineFeedsGiveTheSameLead() throws {
        let crlf = try EmailFixtures.bytes("shared/email/web-lead-plain.eml")
        #expect(crlf.contains(0x0D))
        let lf = crlf.filter { $0 != 0x0D }
        let fromCRLF = LeadEmailParser.parse(try MIMEMessage.parse(bytes: crlf), internalDate: nil)
        let fromLF = LeadEmailParser.parse(try MIMEMessage.parse(bytes: lf), internalDate: nil)
        #expect(fromCRLF == fromLF)
        #expect(fromLF.phone?.e164 == "+14155550123")
    }

    @Test func eightBitUTF8InAHeaderIsReadAsUTF8AndLatin1AsWindows1252() throws {
        var bytes = Array("From: leads@booking.example.com\r\nSubject: New Web Lead: ".utf8)
        bytes += [0x5A, 0x6F, 0xC3, 0xAB]  // "Zoë" in UTF-8
        bytes += Array("\r\nX-Legacy: Pe".utf8) + [0xF1, 0x61]  // "Peña" in Latin-1
        bytes += Array("\r\n\r\nName: Zo\u{EB}\r\n".utf8)
        let message = try MIMEMessage.parse(bytes: bytes)
        #expect(message.headers.value("Subject") == "New Web Lead: Zo\u{EB}")
        #expect(message.headers.value("X-Legacy") == "Pe\u{F1}a")
        #expect(message.warnings == [.undeclared8BitText(location: "header X-Legacy")])
    }
}
