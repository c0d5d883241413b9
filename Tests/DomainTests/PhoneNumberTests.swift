import Domain
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        "(555) 123-4567", "555.123.4567", "+1 555 123 4567", "1-555-123-4567", "5551234567", "15551234567",
        "+15551234567", " 555 123 4567 ",
    ])
    func everyCommonSpellingNormalisesToE164(_ raw: String) {
        #expect(PhoneNumber(raw)?.e164 == "+15551234567")
    }

    @Test(arguments: [
        "555123456", "555123456789", "055 123 4567", "155 123 4567", "25551234567", "555-CALL-NOW", "+44 20 7946 0958",
        "", "+", "555 123 4567 x12", "++15551234567",
    ])
    func numbersThatCannotBeValidAreRejected(_ raw: String) {
        #expect(PhoneNumber(raw) == nil)
    }

    @Test func areaCodeAndNationalDigitsComeFromTheNormalisedNumber() throws {
        let phone = try #require(PhoneNumber("(415) 555-0123"))
        #expect(phone.areaCode == "415")
        #expect(phone.nationalDigits == "4155550123")
    }
}
