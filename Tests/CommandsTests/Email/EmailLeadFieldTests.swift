import Commands
import Foundation
import Testing

/// Labels and synonyms, names, phones, tracking ids and the received time.
@Suite struct EmailLeadFieldTests {
    @Test func labelSynonymsInAnyCaseAndDecorationAreRead() throws {
        let lead = try EmailFixtures.lead("label-synonyms.eml")
        #expect(lead.leadType == "Web Lead")  // Lead Type outranks Source, wherever it appears
        #expect(lead.firstName == "Paula")
        #expect(lead.lastName == "Mendes")
        #expect(lead.contactEmail == "paula.mendes@example.com")
        #expect(lead.phoneRaw == "(415) 555-0151")
        #expect(lead.bookedDate == "Tuesday, March 17")
        #expect(lead.bookedTime == "12:15 PM")
    }

    @Test(arguments: [
        ("Source: Facebook Ad\n", "Facebook Ad"), ("Source: Facebook Ad\nType: Web Lead\n", "Web Lead"),
        ("Type: Web Lead\nLead Type: Online Intro\n", "Online Intro"), ("lead source: Referral\n", "Referral"),
    ])
    func leadTypeLabelsRankLeadTypeThenTypeThenSource(_ body: String, _ expected: String) throws {
        let lead = try EmailFixtures.lead(text: "From: a@b.example\nSubject: New Web Lead: X\n\n\(body)")
        #expect(lead.leadType == expected)
    }

    @Test(arguments: [
        ("New Web Lead: Dana Whitfield", "Web Lead"), ("Online Intro booked \u{2013} Marisol", "Online Intro"),
        ("Fwd: FW: New Web Lead: Jo", "Web Lead"), ("New Trial Class - Jo", "Trial Class"),
        ("Re: question", nil), ("New lead", nil), ("", nil),
    ])
    func leadTypeFromTheSubject(_ subject: String, _ expected: String?) {
        #expect(LeadEmailParser.leadType(fromSubject: subject) == expected)
    }

    @Test(arguments: [
        ("Dana Whitfield", "Dana", "Whitfield"), ("Mary Ann  Smith", "Mary Ann", "Smith"), ("Cher", "Cher", nil),
        ("Harlow, Quinn", "Quinn", "Harlow"),
    ])
    func aFullNameSplitsAtTheLastSpace(_ name: String, _ first: String?, _ last: String?) throws {
        let lead = try EmailFixtures.lead(text: "From: a@b.example\n\nFull Name: \(name)\n")
        #expect(lead.firstName == first)
        #expect(lead.lastName == last)
    }

    @Test func firstAndLastNameLabelsWinOverTheFullName() throws {
        let lead = try EmailFixtures.lead(text: "From: a@b.example\n\nName: Dana Q Whitfield\nFirst Name: Dana\n")
        #expect(lead.firstName == "Dana")
        #expect(lead.lastName == "Whitfield")
    }

    @Test(arguments: [
        ("phone-parens.eml", "(555) 123-4567"), ("phone-dots-cell.eml", "555.123.4567"),
        ("phone-plus-one-spaces.eml", "+1 555 123 4567"), ("phone-dashes-leading-one.eml", "1-555-123-4567"),
        ("phone-bare-digits.eml", "5551234567"),
    ])
    func everyPhoneSpellingNormalisesToTheSameE164(_ file: String, _ raw: String) throws {
        let lead = try EmailFixtures.lead(file)
        #expect(lead.phone?.e164 == "+15551234567")
        #expect(lead.phoneRaw == raw)
        #expect(lead.warnings.isEmpty)
    }

    @Test(arguments: [
        ("phone-invalid-area-code.eml", "(155) 123-4567"), ("phone-invalid-letters.eml", "555-CALL-NOW"),
        ("phone-invalid-length.eml", "+1 555 123 45678"),
    ])
    func anImpossiblePhoneIsNilWithAWarningNamingIt(_ file: String, _ raw: String) throws {
        let lead = try EmailFixtures.lead(file)
        #expect(lead.phone == nil)
        #expect(lead.phoneRaw == raw)
        #expect(lead.warnings == [.invalidPhone(raw: raw)])
        #expect(lead.firstName != nil)  // the lead itself is still read
    }

    @Test func aValidPhoneUnderAnotherLabelWinsOverAnInvalidOne() throws {
        let lead = try EmailFixtures.lead("phone-invalid-then-valid.eml")
        #expect(lead.phone?.e164 == "+14155550134")
        #expect(lead.phoneRaw == "415-555-0134")
        #expect(lead.warnings.isEmpty)
    }

    @Test(arguments: [
        ("tracking-x-original-to.eml", "X-Original-To", "lead-tracking+ot0555@leads.example.net"),
        ("tracking-to-list.eml", "To", "Lead-Tracking+OT0777@leads.example.net"),
        ("tracking-cc.eml", "Cc", "lead-tracking+ot0888@leads.example.net"),
        ("tracking-order.eml", "Delivered-To", "lead-tracking+ot0423+campaign7@leads.example.net"),
    ])
    func theTrackingIdComesFromTheFirstHeaderInLookupOrder(_ file: String, _ header: String, _ recipient: String) throws {
        let lead = try EmailFixtures.lead(file)
        #expect(lead.trackingIdHeader == header)
        #expect(lead.recipient == recipient)
    }

    @Test func xOriginalToOutranksToWhenDeliveredToHasNoTrackingAddress() throws {
        let lead = try EmailFixtures.lead(
            text: """
                To: lead-tracking+stale@leads.example.net
                X-Original-To: lead-tracking+real@leads.example.net
                Delivered-To: frontdesk@example.org
                From: a@b.example

                Name: A B
                """)
        #expect(lead.trackingId == "real")
        #expect(lead.trackingIdHeader == "X-Original-To")
    }

    @Test func withoutATrackingAddressTheRecipientIsTheToAddress() throws {
        let lead = try EmailFixtures.lead("tracking-none.eml")
        #expect(lead.trackingId == nil)
        #expect(lead.recipient == "frontdesk.mossbeach@example.org")
    }

    @Test func internalDateWinsOverReceivedAndDate() throws {
        let internalDate = utc("2026-03-02T17:00:30Z")
        let lead = try EmailFixtures.sharedLead("web-lead-plain.eml", internalDate: internalDate)
        #expect(lead.receivedAt == internalDate)
        #expect(lead.receivedAtSource == .internalDate)
        let undated = try EmailFixtures.lead("date-missing.eml", internalDate: internalDate)
        #expect(undated.receivedAt == internalDate)
        #expect(undated.warnings.isEmpty)
    }

    @Test func theTopmostReceivedHeaderWinsOverLowerOnesAndDate() throws {
        let lead = try EmailFixtures.lead("received-multiple.eml")
        #expect(lead.receivedAt == utc("2026-03-16T16:30:09Z"))
        #expect(lead.receivedAtSource == .receivedHeader)
    }

    @Test func anUndatedReceivedHeaderIsSkippedWithAWarning() throws {
        let lead = try EmailFixtures.lead("received-unparseable.eml")
        #expect(lead.receivedAt == utc("2026-03-16T13:40:00Z"))
        #expect(lead.warnings == [.unparseableDate(header: "Received", value: "by mx.example.net (Postfix, from userid 0)")])
    }

    @Test func withoutReceivedTheObsoleteSyntaxDateIsUsed() throws {
        let lead = try EmailFixtures.lead("date-obsolete.eml")
        #expect(lead.receivedAt == utc("2026-03-16T15:58:00Z"))
        #expect(lead.receivedAtSource == .dateHeader)
    }

    @Test func aMessageWithoutSenderIsReadWithAWarning() throws {
        let lead = try EmailFixtures.lead(text: "Subject: New Web Lead: A B\nDate: 1 Mar 2026 10:00 +0000\n\nName: A B\n")
        #expect(lead.leadEmail == nil)
        #expect(lead.warnings == [.missingSender])
    }
}
