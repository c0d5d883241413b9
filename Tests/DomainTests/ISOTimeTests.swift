import EventStore
import Foundation
import Testing

@testable import Domain

@Suite struct ISOTimeTests {
    @Test func instantsAreWrittenAsUTCWithMilliseconds() throws {
        #expect(ISOTime.string(Timestamp(microsecondsSinceEpoch: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ISOTime.string(try #require(ISOTime.parseTimestamp("2026-03-02T16:58:00Z"))) == "2026-03-02T16:58:00.000Z")
        #expect(ISOTime.string(Timestamp(microsecondsSinceEpoch: 1_772_470_680_123_456)) == "2026-03-02T16:58:00.123456Z")
        #expect(ISOTime.string(Timestamp(microsecondsSinceEpoch: -1)) == "1969-12-31T23:59:59.999999Z")
    }

    @Test func offsetsAndFractionsAreParsed() {
        #expect(ISOTime.parseTimestamp("2026-03-02T08:58:00-08:00") == ISOTime.parseTimestamp("2026-03-02T16:58:00Z"))
        #expect(ISOTime.parseTimestamp("2026-03-02T22:28:00+0530") == ISOTime.parseTimestamp("2026-03-02T16:58:00Z"))
        #expect(ISOTime.parseTimestamp("2026-03-02 16:58:00.5Z")?.microsecondsSinceEpoch == 1_772_470_680_500_000)
        #expect(ISOTime.parseTimestamp("2026-03-02T16:58:00.1234567Z")?.microsecondsSinceEpoch == 1_772_470_680_123_456)
    }

    @Test(arguments: ["", "2026-03-02", "2026-03-02T16:58:00", "2026-02-30T00:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T16:58:00Zjunk", "2026-3-2T16:58:00Z", "2026-03-02T16:58:00.Z"])
    func malformedOrZonelessTextIsRejected(_ text: String) {
        #expect(ISOTime.parseTimestamp(text) == nil)
    }

    @Test(arguments: ["2026-02-31T10:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-03-00T00:00:00Z"])
    func aDateThatDoesNotExistIsRefusedInBothProfilesSayingSo(_ text: String) {
        for profile in [ISOTime.Profile.rfc3339, .lenient] {
            #expect(throws: ISOTime.ParseError.self) { try ISOTime.timestamp(text, profile: profile) }
            #expect((try? ISOTime.timestamp(text, profile: profile)) == nil)
            do {
                _ = try ISOTime.timestamp(text, profile: profile)
            } catch {
                #expect(error.reason.hasPrefix("is not a calendar date"), "\(error.reason)")
            }
        }
        #expect(ISOTime.parseTimestamp("2024-02-29T00:00:00Z") != nil, "a leap day exists")
    }

    @Test func theRFC3339ProfileRefusesWhatOnlyTheLenientOneReads() {
        for text in ["2026-03-02 16:58:00Z", "2026-03-02t16:58:00z", "2026-03-02T16:58:00,5Z", "2026-03-02T22:28:00+0530",
                     "2026-03-02T18:58:00+02", "2026-03-02T16:58:60Z", "2026-03-02T16:58:00.1234567890Z"] {
            #expect((try? ISOTime.timestamp(text, profile: .rfc3339)) == nil, "\(text)")
            #expect((try? ISOTime.timestamp(text, profile: .lenient)) != nil, "\(text)")
        }
    }

    @Test func theMicrosecondFormAlwaysHasSixFractionDigits() {
        #expect(ISOTime.microsecondString(Timestamp(microsecondsSinceEpoch: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(ISOTime.microsecondString(Timestamp(microsecondsSinceEpoch: -1)) == "1969-12-31T23:59:59.999999Z")
        #expect(ISOTime.microsecondString(Timestamp(microsecondsSinceEpoch: 1_772_470_680_500_000)) == "2026-03-02T16:58:00.500000Z")
    }

    @Test func formattingAndParsingRoundTripForRandomInstants() {
        var random = SeededRandom()
        for _ in 0..<5000 {
            let micros = Int64.random(in: -2_000_000_000_000_000...4_000_000_000_000_000, using: &random)
            let timestamp = Timestamp(microsecondsSinceEpoch: micros)
            #expect(ISOTime.parseTimestamp(ISOTime.string(timestamp)) == timestamp, "\(micros); \(random.comment)")
            #expect(Timestamp(timestamp.date) == timestamp, "\(micros); \(random.comment)")
        }
    }

    /// The byte writer (years 0...9999) says what the padded-string form says, for whole
    /// milliseconds and for sub-millisecond instants, and at the ends of its range.
    @Test func theByteWriterMatchesThePaddedForm() {
        var random = SeededRandom()
        let edges: [Int64] = [0, -1, 1, 999, 1_000, -62_167_219_200_000_000, 253_402_300_799_999_999, 253_402_300_800_000_000]
        for micros in edges {
            #expect(ISOTime.string(Timestamp(microsecondsSinceEpoch: micros)) == ISOTime.paddedString(microseconds: micros), "\(micros)")
        }
        for _ in 0..<5000 {
            var micros = Int64.random(in: -62_167_219_200_000_000...253_402_300_799_999_999, using: &random)
            if Bool.random(using: &random) { micros -= micros % 1000 }
            #expect(
                ISOTime.string(Timestamp(microsecondsSinceEpoch: micros)) == ISOTime.paddedString(microseconds: micros),
                "\(micros); \(random.comment)")
        }
    }

    @Test func civilDatesAgreeWithFoundationForRandomDays() {
        var random = SeededRandom()
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: "UTC")!
        for _ in 0..<2000 {
            let days = Int64.random(in: -100_000...200_000, using: &random)  // after 1582: ICU is Julian before
            let civil = CivilDate(daysSinceEpoch: days)
            let parts = gregorian.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(civil == CivilDate(year: parts.year!, month: parts.month!, day: parts.day!), "\(days); \(random.comment)")
            #expect(civil.daysSinceEpoch == days, "\(days); \(random.comment)")
        }
    }
}
