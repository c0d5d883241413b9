import Commands
import Foundation
import Testing

/// The five shared fixtures give the fields EXPECTED.md lists for them (the parser's part of
/// each row: store mapping, contacts and tasks are the lead handler's).
@Suite struct SharedEmailFixtureTests {
    @Test func plainWebLeadGivesNamePhoneTrackingIdAndReceivedHeaderTime() throws {
        let lead = try EmailFixtures.sharedLead("web-lead-plain.eml")
        #expect(lead.trackingId == "ot0423")
        #expect(lead.trackingIdHeader == "Delivered-To")
        #expect(lead.leadType == "Web Lead")
        #expect(lead.firstName == "Dana")
        #expect(lead.lastName == "Whitfield")
        #expect(lead.phone?.e164 == "+14155550123")
        #expect(lead.receivedAt == utc("2026-03-02T16:58:00Z"))
        #expect(lead.receivedAtSource == .receivedHeader)
        #expect(lead.leadEmail == "leads@booking.example.com")
        #expect(lead.contactEmail == "dana.whitfield@example.com")
        #expect(lead.subject == "New Web Lead: Dana Whitfield")
        #expect(lead.from == "Booking System <leads@booking.example.com>")
        #expect(lead.recipient == "lead-tracking+ot0423@leads.example.net")
        #expect(lead.isForwarded == false)
        #expect(lead.rawBody.hasPrefix("You have a new lead!\n"))
        #expect(lead.warnings.isEmpty)
    }

    @Test func onlineIntroTakesLeadTypeFromTheSubjectAndDecodesQuotedPrintableUTF8() throws {
        let lead = try EmailFixtures.sharedLead("online-intro-qp-alternative.eml")
        #expect(lead.leadType == "Online Intro")
        #expect(lead.subject == "Online Intro booked \u{2013} Marisol Pe\u{F1}a")
        #expect(lead.firstName == "Marisol")
        #expect(lead.lastName == "Pe\u{F1}a")
        #expect(lead.phone?.e164 == "+14155550164")
        #expect(lead.bookedDate == "2026-03-05")
        #expect(lead.bookedTime == "6:15 AM")
        #expect(lead.contactEmail == "marisol.pena@example.com")
        #expect(lead.receivedAt == utc("2026-03-04T04:58:00Z"))
        #expect(lead.receivedAtSource == .dateHeader)
        #expect(lead.trackingId == "ot0423")
        #expect(lead.warnings.isEmpty)
    }

    @Test func onlineIntroPrefersThePlainAlternativeOverTheHTMLOne() throws {
        let message = try EmailFixtures.message("shared/email/online-intro-qp-alternative.eml")
        #expect(message.textBodySource == .plain)
        #expect(message.root.children.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(!message.textBody.contains("<td>"))
    }

    @Test func gmailForwardGivesTheOriginalHeadersRawAndTheLeadFromTheForwardedPart() throws {
        let lead = try EmailFixtures.sharedLead("forwarded-gmail.eml")
        #expect(lead.isForwarded)
        #expect(lead.forwardedOriginalFrom == "Booking System <leads@booking.example.com>")
        #expect(lead.forwardedOriginalTo == "<frontdesk.mossbeach@example.org>")
        #expect(lead.forwardedOriginalDate == "Wed, Mar 4, 2026 at 9:31 AM")
        #expect(lead.firstName == "Jordan")
        #expect(lead.lastName == "Alvarez")
        #expect(lead.phone?.e164 == "+14155550187")
        #expect(lead.leadType == "Web Lead")
        #expect(lead.leadEmail == "leads@booking.example.com")
        #expect(lead.from == "Studio Manager <manager.mossbeach@example.org>")
        #expect(lead.trackingId == "ot0423")
        #expect(lead.trackingIdHeader == "To")
        #expect(lead.receivedAt == utc("2026-03-04T18:05:00Z"))
    }

    @Test func invalidPhoneIsNilWithAWarningAndTheLeadIsStillParsed() throws {
        let lead = try EmailFixtures.sharedLead("lead-invalid-phone.eml")
        #expect(lead.phone == nil)
        #expect(lead.phoneRaw == "555-01")
        #expect(lead.warnings == [.invalidPhone(raw: "555-01")])
        #expect(lead.firstName == "Sam")
        #expect(lead.lastName == "Lee")
        #expect(lead.leadType == "Web Lead")
        #expect(lead.trackingId == "ot0423")
        #expect(lead.receivedAt == utc("2026-03-04T19:00:00Z"))
    }

    @Test func tampaBase64Latin1DecodesNamesAndIgnoresThePDFAttachment() throws {
        let lead = try EmailFixtures.sharedLead("tampa-base64-latin1.eml")
        #expect(lead.trackingId == "ot1187")
        #expect(lead.firstName == "Zo\u{EB}")
        #expect(lead.lastName == "Bront\u{EB}")
        #expect(lead.phone?.e164 == "+18135550111")
        #expect(lead.receivedAt == utc("2026-03-07T00:59:00Z"))
        #expect(lead.subject == "New Web Lead: Zo\u{EB} Bront\u{EB}")
        #expect(lead.leadEmail == "leads@booking.example.com")
        #expect(!lead.rawBody.contains("JVBER"))
        let message = try EmailFixtures.message("shared/email/tampa-base64-latin1.eml")
        let pdf = try #require(message.root.children.last)
        #expect(pdf.isAttachment)
        #expect(pdf.content == .bytes(Array("%PDF-1.4\n% fixture\n".utf8)))
    }

    @Test func everySharedFixtureParsesWithoutMIMEWarnings() throws {
        for path in try EmailFixtures.paths(in: "shared/email") {
            let message = try EmailFixtures.message(path)
            #expect(message.warnings.isEmpty, "\(path): \(message.warnings)")
            #expect(message.textBodySource == .plain, "\(path)")
        }
    }
}
