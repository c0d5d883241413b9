import Commands
import Foundation
import Testing

/// Forwarded leads: each client's forward style gives isForwarded, the original From/To/Date as
/// written, and lead fields from the forwarded part only.
@Suite struct EmailForwardTests {
    static let mossBeach = TimeZone(identifier: "America/Los_Angeles")!

    @Test func gmailHTMLForwardIsFoundAfterHTMLConversion() throws {
        let lead = try EmailFixtures.lead("forward-gmail-html.eml")
        #expect(lead.isForwarded)
        #expect(lead.forwardedOriginalFrom == "Booking System <leads@booking.example.com>")
        #expect(lead.forwardedOriginalTo == "<lead-tracking+ot0423@leads.example.net>")
        #expect(lead.forwardedOriginalDate == "Sat, Mar 14, 2026 at 9:31 AM")
        #expect(lead.leadEmail == "leads@booking.example.com")
        #expect(lead.from == "Studio Manager <manager.mossbeach@example.org>")
        // No delivery header carries the tracking address; the forwarded To line does.
        #expect(lead.trackingIdHeader == "Forwarded-To")
    }

    @Test func appleMailForwardKeepsTheDateAsWrittenAndReadsBookingFields() throws {
        let lead = try EmailFixtures.lead("forward-apple-mail.eml")
        #expect(lead.isForwarded)
        #expect(lead.forwardedOriginalFrom == "Booking System <leads@booking.example.com>")
        #expect(lead.forwardedOriginalTo == "lead-tracking+ot0423@leads.example.net")
        #expect(lead.forwardedOriginalDate == "March 14, 2026 at 10:48:07 AM PDT")
        #expect(lead.leadType == "Online Intro")  // from the forwarded Subject line
        #expect(lead.bookedDate == "2026-03-16")
        #expect(lead.bookedTime == "6:00 PM")
        let date = try #require(lead.forwardedOriginalDate)
        #expect(EmailDate.parse(date, timeZoneIfAbsent: Self.mossBeach) == utc("2026-03-14T17:48:07Z"))
    }

    @Test func outlookOriginalMessageIgnoresTheForwardersOwnPhone() throws {
        let lead = try EmailFixtures.lead("forward-outlook-original-message.eml")
        #expect(lead.isForwarded)
        #expect(lead.phone?.e164 == "+14155550128")
        #expect(lead.forwardedOriginalFrom == "Booking System [mailto:leads@booking.example.com]")
        #expect(lead.leadEmail == "leads@booking.example.com")
        #expect(lead.forwardedOriginalTo == "Lead Tracking <lead-tracking+ot0423@leads.example.net>")
        #expect(lead.forwardedOriginalDate == "Saturday, March 14, 2026 11:52 AM")
    }

    @Test func outlookHTMLForwardReadsTheSentLineAsTheDateInTheStoresZone() throws {
        let lead = try EmailFixtures.lead("forward-outlook-html.eml")
        #expect(lead.isForwarded)
        #expect(lead.forwardedOriginalFrom == "Booking System <leads@booking.example.com>")
        let date = try #require(lead.forwardedOriginalDate)
        #expect(date == "Saturday, March 14, 2026 1:05 PM")
        #expect(EmailDate.parse(date, timeZoneIfAbsent: Self.mossBeach) == utc("2026-03-14T20:05:00Z"))
        #expect(lead.phoneRaw == "415 555 0129")
    }

    @Test func outlookUnderscoreRuleAndBareBlockAreBothForwards() throws {
        for file in ["forward-outlook-underscore.eml", "forward-outlook-bare-block.eml"] {
            let lead = try EmailFixtures.lead(file)
            #expect(lead.isForwarded, "\(file)")
            #expect(lead.forwardedOriginalFrom == "Booking System <leads@booking.example.com>", "\(file)")
            #expect(lead.forwardedOriginalTo == "lead-tracking+ot0423@leads.example.net", "\(file)")
            #expect(lead.forwardedOriginalDate?.hasPrefix("Saturday, March 14, 2026") == true, "\(file)")
        }
    }

    @Test func aQuotedAppleForwardIsReadThroughItsQuoteMarkers() throws {
        let lead = try EmailFixtures.lead("forward-quoted.eml")
        #expect(lead.isForwarded)
        #expect(lead.forwardedOriginalDate == "March 15, 2026 at 8:41:00 AM PDT")
        #expect(lead.trackingId == "ot0988")
        #expect(lead.recipient == "lead-tracking+ot0988@leads.example.net")
    }

    @Test func aTwiceForwardedLeadComesFromTheInnermostForward() throws {
        let lead = try EmailFixtures.lead("forward-twice.eml")
        #expect(lead.forwardedOriginalFrom == "Booking System <leads@booking.example.com>")
        #expect(lead.forwardedOriginalTo == "frontdesk.mossbeach@example.org")
        #expect(lead.forwardedOriginalDate == "Sunday, March 15, 2026 9:30 AM")
        #expect(lead.phone?.e164 == "+14155550133")  // not the front desk's (650) 555-0142 above it
        #expect(lead.trackingIdHeader == "Delivered-To")
    }

    @Test func aDirectLeadIsNotForwarded() throws {
        let lead = try EmailFixtures.sharedLead("web-lead-plain.eml")
        #expect(!lead.isForwarded)
        #expect(lead.forwardedOriginalFrom == nil)
        #expect(lead.forwardedOriginalTo == nil)
        #expect(lead.forwardedOriginalDate == nil)
    }

    @Test func fromAndSubjectLinesWithoutASentLineAreNotAnOutlookForward() throws {
        let lead = try EmailFixtures.lead(
            text: "From: a@b.example\nSubject: New Web Lead: A B\n\nFrom: website\nSubject: booking\nName: A B\nPhone: 415-555-0156\n")
        #expect(!lead.isForwarded)
        #expect(lead.phone?.e164 == "+14155550156")
    }

    @Test func aForwardSeparatorWithoutHeaderLinesStillMarksTheForward() throws {
        let lead = try EmailFixtures.lead(
            text: "From: a@b.example\n\nsee below\nBegin forwarded message:\n\nName: Cy Young\nPhone: 415-555-0157\n")
        #expect(lead.isForwarded)
        #expect(lead.forwardedOriginalFrom == nil)
        #expect(lead.firstName == "Cy")
        #expect(lead.leadEmail == "a@b.example")  // no original sender: the forwarder's address
    }
}
