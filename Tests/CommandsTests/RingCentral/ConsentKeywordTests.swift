import Testing

@testable import Commands

/// PRODUCT.md Flow 5 step 5: the whole SMS must be a keyword; case and surrounding
/// whitespace/punctuation are ignored; ordinary sentences are never opt-outs.
@Suite struct ConsentKeywordTests {
    @Test(arguments: [
        ("STOP", "STOP"), ("stop", "STOP"), ("Stop.", "STOP"), ("  STOP!!  ", "STOP"), ("\tstop\n", "STOP"),
        ("STOP 🛑", "STOP"), ("\u{200B}stop", "STOP"), ("«Stop»", "STOP"), ("stopall", "STOPALL"), ("StopAll!", "STOPALL"),
        ("Unsubscribe", "UNSUBSCRIBE"), ("cancel", "CANCEL"), ("END", "END"), ("quit.", "QUIT"), ("Revoke", "REVOKE"),
        ("opt out", "OPT OUT"), ("OPT   OUT", "OPT OUT"), ("Opt-Out", "OPT OUT"), ("optout", "OPTOUT"), ("(OPTOUT)", "OPTOUT"),
    ])
    func optOutKeywordIsDetected(text: String, keyword: String) {
        #expect(ConsentKeyword.detect(in: text) == ConsentKeyword(intent: .optOut, keyword: keyword), "\(text.debugDescription)")
    }

    @Test(arguments: [("START", "START"), ("start!", "START"), (" Unstop ", "UNSTOP"), ("unstop.", "UNSTOP")])
    func optInKeywordIsDetected(text: String, keyword: String) {
        #expect(ConsentKeyword.detect(in: text) == ConsentKeyword(intent: .optIn, keyword: keyword), "\(text.debugDescription)")
    }

    @Test(arguments: [
        "stop by tomorrow", "Please stop texting me after 9", "Can I cancel my 6am class?", "the end", "STOP STOP",
        "STOPP", "stops", "start time?", "Don't stop", "", "   ", "!!!", "S T O P", "opt in", "quit smoking is my goal",
        String(repeating: " ", count: 100) + "STOP",
    ])
    func ordinaryTextIsNotAKeyword(text: String) {
        #expect(ConsentKeyword.detect(in: text) == nil, "\(text.debugDescription)")
    }

    @Test func keywordSetsAreThoseOfTheProductSpecification() {
        #expect(
            ConsentKeyword.optOutKeywords == ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT", "OPTOUT"])
        #expect(ConsentKeyword.optInKeywords == ["START", "UNSTOP"])
    }

    @Test func onlyAnInboundSMSFromACustomerPhoneCarriesAKeyword() throws {
        func message(type: String, direction: String, customer: String = "+14155550180") -> [UInt8] {
            let from = direction == "Inbound" ? customer : "+16505550142"
            let to = direction == "Inbound" ? "+16505550142" : customer
            return Array(
                """
                {"id": "k1", "type": "\(type)", "direction": "\(direction)", "creationTime": "2026-03-09T15:10:00Z",
                 "from": {"phoneNumber": "\(from)"}, "to": [{"phoneNumber": "\(to)"}], "subject": "STOP"}
                """.utf8)
        }
        #expect(try RingCentralMessageParser.parse(message(type: "SMS", direction: "Inbound")).consentKeyword?.intent == .optOut)
        #expect(try RingCentralMessageParser.parse(message(type: "SMS", direction: "Outbound")).consentKeyword == nil)
        #expect(try RingCentralMessageParser.parse(message(type: "Pager", direction: "Inbound")).consentKeyword == nil)
        #expect(try RingCentralMessageParser.parse(message(type: "VoiceMail", direction: "Inbound")).consentKeyword == nil)
        #expect(try RingCentralMessageParser.parse(message(type: "SMS", direction: "Inbound", customer: "22395")).consentKeyword == nil)
    }
}
