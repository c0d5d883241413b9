import Domain
import Foundation
import Testing

/// Domain's one JSON reader and one string escaper, which every writer and reader of JSON in
/// the product shares (the intake adapters, staff bodies, `store import`, the read side).
@Suite struct JSONReaderTests {
    static func read(_ text: String) throws(JSONReader.Failure) -> JSONReader.Value {
        try JSONReader.value(Array(text.utf8))
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"[1,]"#, #"{"a":1,}"#, "{\"a\":\"x\u{01}\"}", #""\ud83d""#, "01", "[1] x", "",
    ])
    func whatJSONDecoderLetsPassOrRFC8259RefusesIsAFailureWithAPlace(text: String) {
        let failure = #expect(throws: JSONReader.Failure.self) { try Self.read(text) }
        #expect(failure?.description.contains(" at ") == true, "\(failure?.description ?? "")")
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.value([0x22, 0x61, 0xC3, 0x28, 0x22]) }
    }

    @Test func membersGiveEachValuesBytesAndRefuseADuplicateName() throws {
        let text = #"{"a": [1, 2], "payload": {"x": "y", "x": "z"}, "b": "c"}"#
        let members = try Array(text.utf8).withUnsafeBytes { bytes in try JSONReader.members(bytes, spanOnly: ["payload"]) }
        #expect(members.map(\.key) == ["a", "payload", "b"])
        let utf8 = Array(text.utf8)
        #expect(String(decoding: utf8[members[1].range], as: UTF8.self) == #"{"x": "y", "x": "z"}"#, "kept as it came")
        #expect(members[1].value == nil)
        #expect(members[2].value == .string("c"))
        #expect(throws: JSONReader.Failure.self) {
            try Array(#"{"a":1,"a":1}"#.utf8).withUnsafeBytes { bytes in try JSONReader.members(bytes) }
        }
    }

    @Test func stringLiteralsDecodeTheirEscapes() {
        let literal = Array(#""a\"b\\c\/d\n\u00e9\ud83d\uded1""#.utf8)
        #expect(literal.withUnsafeBytes { JSONReader.string(literal: $0) } == "a\"b\\c/d\né🛑")
        #expect(Array(#""open"#.utf8).withUnsafeBytes { JSONReader.string(literal: $0) } == nil)
    }

    /// Every string the escaper writes reads back as itself, and is what JSONDecoder reads.
    @Test func theEscaperWritesWhatTheReaderReadsBack() throws {
        let samples = ["", "plain", "quote \" backslash \\ slash /", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}", "ünïcödé 🏋", "\u{7F}"]
        for sample in samples {
            var bytes: [UInt8] = []
            JSONString.append(sample, to: &bytes)
            #expect(try JSONReader.value(bytes) == .string(sample), "\(sample.debugDescription)")
            #expect(try JSONDecoder().decode(String.self, from: Data(bytes)) == sample)
            var text = ""
            JSONString.append(sample, to: &text)
            #expect(Array(text.utf8) == bytes, "the String and byte forms agree")
        }
        var control: [UInt8] = []
        JSONString.append("\u{8}\u{C}\u{1}", to: &control)
        #expect(String(decoding: control, as: UTF8.self) == #""\b\f\u0001""#)
    }
}
