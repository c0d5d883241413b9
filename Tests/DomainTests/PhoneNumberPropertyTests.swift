import Domain
import Testing

/// Seeded properties of phone normalisation (INTAKE.md: any common US/Canada spelling →
/// E.164; a number that cannot be valid → nil, never a crash).
@Suite struct PhoneNumberPropertyTests {
    /// Ten national digits with a valid area code (first digit 2–9).
    static func randomNationalDigits(_ random: inout SeededRandom) -> [Character] {
        var digits: [Character] = [Character(String(Int.random(in: 2...9, using: &random)))]
        for _ in 0..<9 { digits.append(Character(String(Int.random(in: 0...9, using: &random)))) }
        return digits
    }

    /// One of the spellings seen in real inputs, with random separators and padding.
    static func randomSpelling(_ d: [Character], _ random: inout SeededRandom) -> String {
        let area = String(d[0..<3]), exchange = String(d[3..<6]), line = String(d[6..<10])
        let separator = random.element(["", " ", "-", ".", "\t", "\u{A0}", " - "])
        let prefix = random.element(["", "1", "+1", "1 ", "+1 ", "1-", "+1-", "+1."])
        let areaPart = random.chance(0.4) ? "(\(area))" + random.element(["", " "]) : area + separator
        let body = prefix + areaPart + exchange + separator + line
        return random.element(["", " ", "  \t"]) + body + random.element(["", " ", "\t "])
    }

    @Test func everySpellingOfAValidNumberNormalisesToTheSameE164() {
        var random = SeededRandom()
        for _ in 0..<3000 {
            let digits = Self.randomNationalDigits(&random)
            let spelling = Self.randomSpelling(digits, &random)
            let expected = "+1" + String(digits)
            #expect(PhoneNumber(spelling)?.e164 == expected, "'\(spelling)'; \(random.comment)")
        }
    }

    @Test func normalisedNumbersRoundTripThroughTheirE164() {
        var random = SeededRandom()
        for _ in 0..<1000 {
            let phone = PhoneNumber("+1" + String(Self.randomNationalDigits(&random)))
            #expect(phone != nil && PhoneNumber(phone!.e164) == phone, "\(String(describing: phone)); \(random.comment)")
        }
    }

    @Test func randomGarbageIsEitherRejectedOrAValidE164() {
        var random = SeededRandom()
        let alphabet = Array("0123456789012345678901234567890123456789+-.() \tabcxyzABC#*,;/\\\u{A0}é١٢٣🙂\u{0}\n")
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &random)
            let text = String((0..<length).map { _ in random.element(alphabet) })
            guard let phone = PhoneNumber(text) else { continue }
            let e164 = Array(phone.e164.utf8)
            let valid = e164.count == 12 && phone.e164.hasPrefix("+1") && (UInt8(ascii: "2")...UInt8(ascii: "9")).contains(e164[2])
                && e164[2...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            #expect(valid, "'\(text)' → \(phone.e164); \(random.comment)")
            #expect(PhoneNumber(phone.e164) == phone, "'\(text)'; \(random.comment)")
        }
    }

    @Test func wrongDigitCountsAndBadAreaCodesAreAlwaysRejected() {
        var random = SeededRandom()
        for _ in 0..<2000 {
            var digits = Self.randomNationalDigits(&random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: digits.removeLast(Int.random(in: 1...5, using: &random))
            case 1: digits.append(contentsOf: Array(repeating: "5", count: Int.random(in: 2...4, using: &random)))
            default: digits[0] = random.element(["0", "1"])
            }
            let spelling = String(digits)
            #expect(PhoneNumber(spelling) == nil, "'\(spelling)'; \(random.comment)")
        }
    }
}
