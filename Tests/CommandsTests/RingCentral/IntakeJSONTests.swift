import Domain
import EventStore
import Testing

@testable import Commands

/// The intake JSON reader and the strict ISO-8601 reader that every adapter's field errors
/// and event times depend on.
@Suite struct IntakeJSONTests {
    static func parse(_ json: String) throws(IntakeError) -> IntakeJSON { try IntakeJSON.parse(Array(json.utf8)) }

    @Test func valuesKeepTheirJSONTypes() throws {
        let value = try Self.parse(#"{"a": true, "b": 1, "c": "1", "d": null, "e": [1.5e3, -0], "f": {}}"#)
        #expect(
            value
                == .object([
                    "a": .bool(true), "b": .number("1"), "c": .string("1"), "d": .null,
                    "e": .array([.number("1.5e3"), .number("-0")]), "f": .object([:]),
                ]))
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        #expect(try Self.parse(#""a\"b\\c\/d\n\u00e9\ud83d\uded1""#) == .string("a\"b\\c/d\né🛑"))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "{'a': 1}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "[1 2]",
        "\"unterminated", "\"\\x\"", "\"\\ud83d\"", "\"\\udc00\"", "\"\\u12\"", "\"tab\there\"", "{\"a\" 1}", "[] []",
        "{\"a\":1,\"a\":2}", "\u{FEFF}{}",
    ])
    func malformedDocumentsAreRefusedWithAPosition(json: String) {
        let error = #expect(throws: IntakeError.self) { try Self.parse(json) }
        #expect(error?.code == .malformed, "\(json.debugDescription)")
        #expect(error?.reason.contains("at ") == true, "\(error?.reason ?? "")")
    }

    @Test func invalidUTF8InAStringIsRefused() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        let error = #expect(throws: IntakeError.self) { try IntakeJSON.parse(bytes) }
        #expect(error?.reason.contains("UTF-8") == true)
    }

    @Test func nestingBeyondTheLimitIsAnErrorNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: IntakeError.self) { try Self.parse(deep) }
        #expect(error?.reason.contains("nesting deeper than \(IntakeJSON.depthMax)") == true)
        let atLimit = String(repeating: "[", count: IntakeJSON.depthMax) + String(repeating: "]", count: IntakeJSON.depthMax)
        #expect(throws: Never.self) { try Self.parse(atLimit) }
    }

    @Test func fieldAccessorsNameTheirPath() throws {
        let root = JSONField(try Self.parse(#"{"body": {"to": [{"n": 1}, {"n": "x"}]}}"#), path: "")
        let entries = try root.required("body").required("to").elements()
        #expect(entries[1].path == "body.to[1]")
        let error = #expect(throws: IntakeError.self) { try entries[1].required("n").count() }
        #expect(error == IntakeError.invalid("body.to[1].n", "must be a non-negative integer, found a string"))
        #expect(try entries[0].optional("missing") == nil)
    }

    @Test(arguments: ["1.0", "1e2", "-1", "99999999999999999999999"])
    func countsMustBePlainNonNegativeIntegers(number: String) throws {
        let field = JSONField(try Self.parse(number), path: "duration")
        #expect(throws: IntakeError.self) { try field.count() }
    }

    @Test(arguments: ["", "  ", "a\u{7}b", String(repeating: "9", count: 129)])
    func identifierStringsMustBeNonEmptyBoundedAndPrintable(raw: String) {
        #expect(throws: IntakeError.self) { try JSONField(.string(raw), path: "id").identifier() }
    }

    @Test(arguments: ["-1", "1.5", "1e3"])
    func identifierNumbersMustBeNonNegativeIntegers(raw: String) {
        #expect(throws: IntakeError.self) { try JSONField(.number(raw), path: "id").identifier() }
    }

    @Test func identifiersAreTrimmedAndNumbersReadAsDigits() throws {
        #expect(try JSONField(.string(" 42 "), path: "id").identifier() == "42")
        #expect(try JSONField(.number("1730458812016"), path: "id").identifier() == "1730458812016")
    }
}

/// The RFC 3339 profile of Domain's one ISO-8601 reader, as every adapter reads times.
@Suite struct RFC3339TimeTests {
    static func parse(_ text: String) -> Timestamp? { try? ISOTime.timestamp(text, profile: .rfc3339) }
    static func seconds(_ text: String) -> Int64? { Self.parse(text).map { $0.microsecondsSinceEpoch / 1_000_000 } }

    @Test func knownInstantsMatchTheirEpochSeconds() {
        #expect(Self.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(Self.seconds("2026-03-02T17:01:00Z") == 1_772_470_860)
        #expect(Self.seconds("2026-03-02T17:01:00.000Z") == 1_772_470_860)
        #expect(Self.seconds("2026-03-02T09:01:00-08:00") == 1_772_470_860)
        #expect(Self.seconds("2026-03-02T22:31:00+05:30") == 1_772_470_860)
        #expect(Self.seconds("2024-02-29T23:59:59Z") == 1_709_251_199)
        #expect(Self.seconds("2000-03-01T00:00:00Z") == 951_868_800)
    }

    @Test func fractionsAreKeptToTheMicrosecondAndTruncatedBeyond() {
        #expect(Self.parse("1970-01-01T00:00:00.5Z")?.microsecondsSinceEpoch == 500_000)
        #expect(Self.parse("1970-01-01T00:00:00.123456789Z")?.microsecondsSinceEpoch == 123_456)
        #expect(Self.parse("1969-12-31T23:59:59.000001Z")?.microsecondsSinceEpoch == -999_999)
    }

    @Test(arguments: [
        "2026-03-02", "2026-03-02T17:01:00", "2026-03-02 17:01:00Z", "2026-03-02t17:01:00z", "2026-3-2T17:01:00Z",
        "2026-02-29T00:00:00Z", "2026-02-30T10:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z", "2026-03-00T00:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T17:60:00Z",
        "2026-03-02T17:01:60Z", "2026-03-02T17:01:00.Z", "2026-03-02T17:01:00.1234567890Z", "2026-03-02T17:01:00+0800",
        "2026-03-02T17:01:00+08", "2026-03-02T17:01:00+24:00", "2026-03-02T17:01:00Z ", " 2026-03-02T17:01:00Z",
        "1772470860", "",
    ])
    func nonConformingTimesAreRefused(text: String) {
        #expect(Self.parse(text) == nil, "\(text.debugDescription)")
    }
}
