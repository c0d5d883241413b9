import Commands
import Foundation
import Testing

/// The decoding layers on their own: transfer encodings, charsets, encoded words, HTML, addresses.
@Suite struct EmailDecoderTests {
    private func body(_ encoding: String, _ charset: String, _ encoded: String) throws -> String {
        let text = "From: a@b.example\nContent-Type: text/plain; charset=\(charset)\nContent-Transfer-Encoding: \(encoding)\n\n\(encoded)"
        return try EmailFixtures.parse(text).textBody
    }

    @Test func windows1252HighBytesMatchFoundationsCodePage() throws {
        let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        for byte in UInt8(0x80)...UInt8(0xFF) where !undefined.contains(byte) {
            let bytes = Data([0x41, byte, 0x42])  // between letters, so a space is not a blank body
            let mine = try body("base64", "windows-1252", bytes.base64EncodedString())
            let foundation = String(data: bytes, encoding: .windowsCP1252)
            #expect(mine == foundation, "byte \(String(byte, radix: 16))")
            #expect(try body("base64", "iso-8859-1", bytes.base64EncodedString()) == mine)
        }
        for byte in undefined {
            let text = try body("base64", "cp1252", Data([0x41, byte, 0x42]).base64EncodedString())
            #expect(text.unicodeScalars.map(\.value) == [0x41, UInt32(byte), 0x42])  // kept, never dropped
        }
    }

    @Test func quotedPrintableDecoding() throws {
        #expect(try body("quoted-printable", "utf-8", "a=3Db =E2=82=ac=\nc") == "a=b \u{20AC}c")
        #expect(try body("quoted-printable", "utf-8", "trailing   \nnext") == "trailing\nnext")
        let message = try EmailFixtures.parse(
            "From: a@b.example\nContent-Transfer-Encoding: quoted-printable\n\n100% =ZZ off=")
        #expect(message.textBody == "100% =ZZ off")
        #expect(message.warnings == [.malformedQuotedPrintable(part: "")])
    }

    @Test func base64Decoding() throws {
        #expect(try body("base64", "utf-8", "SGVsbG8") == "Hello")  // unpadded
        #expect(try body("base64", "utf-8", "SGVs\r\n bG8=\r\n") == "Hello")
        #expect(try body("base64", "utf-8", "SGk=SGk=") == "HiHi")  // concatenated blocks
        let message = try EmailFixtures.parse("From: a@b.example\nContent-Transfer-Encoding: base64\n\nSG*Vs!bG8=")
        #expect(message.textBody == "Hello")
        #expect(message.warnings == [.malformedBase64(part: "")])
    }

    @Test func anUnknownTransferEncodingKeepsTheBodyWithAWarning() throws {
        let message = try EmailFixtures.parse("From: a@b.example\nContent-Transfer-Encoding: x-uuencode\n\nName: A B")
        #expect(message.textBody == "Name: A B")
        #expect(message.warnings == [.unknownTransferEncoding(part: "", encoding: "x-uuencode")])
    }

    @Test(arguments: [
        ("=?UTF-8?B?UGXDsWE=?=", "Pe\u{F1}a"), ("=?utf-8?q?Pe=C3=B1a?=", "Pe\u{F1}a"),
        ("=?ISO-8859-1?Q?Pe=F1a?=", "Pe\u{F1}a"), ("=?windows-1252?Q?=93hi=94?=", "\u{201C}hi\u{201D}"),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"), ("=?utf-8?q?a?=  \t =?iso-8859-1?q?=E9?=", "a\u{E9}"),
        ("x =?utf-8?q?a?= y", "x a y"), ("=?utf-8?q?a_b?=", "a b"), ("=?utf-8?B?UGXDsWE?=", "Pe\u{F1}a"),
        ("no words = here ?=", "no words = here ?="), ("=?utf-8?x?abc?=", "=?utf-8?x?abc?="),
        ("\"=?utf-8?q?D=C3=A9sir=C3=A9e?=\" <d@x.example>", "\"D\u{E9}sir\u{E9}e\" <d@x.example>"),
    ])
    func encodedWords(_ raw: String, _ decoded: String) throws {
        let message = try EmailFixtures.parse("From: a@b.example\nSubject: \(raw)\n\nbody")
        #expect(message.headers.value("Subject") == decoded)
        #expect(message.headers.rawValue("Subject") == raw)
    }

    @Test func anEncodedWordInAnUnknownCharsetIsReadAsUTF8WithAWarning() throws {
        let message = try EmailFixtures.parse("From: a@b.example\nSubject: =?x-mac-klingon?q?hi?=\n\nbody")
        #expect(message.headers.value("Subject") == "hi")
        #expect(message.warnings == [.unknownCharset(location: "header Subject", charset: "x-mac-klingon")])
    }

    @Test(arguments: [
        ("<p>a</p><p>b</p>", "a\nb"), ("a<br>b<br/>c", "a\nb\nc"),
        ("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#x27;", "a & b <c> \"d\" 'e'"),
        ("&eacute;&Eacute;&yuml;&times;&nbsp;x", "\u{E9}\u{C9}\u{FF}\u{D7} x"), ("&#150;&#x80;", "\u{2013}\u{20AC}"),
        ("&bogus; &amp &#xZZ; &#0;", "&bogus; & &#xZZ; \u{FFFD}"), ("<table><tr><td>A</td><td></td><td>B</td></tr></table>", "A\t\tB"),
        ("<table><tr><td><table><tr><td>k</td><td>v</td></tr></table></td></tr></table>", "k\tv"),
        ("<td>a<br>b</td><td>c</td>", "a b\tc"), ("<script>x<y</script>z<style>s</style>", "z"),
        ("a<!-- c -->b<!-- never closed", "ab"), ("1 < 2 and a<b", "1 < 2 and a"), ("<a href='x>y'>link</a>", "link"),
        ("<pre>a\n  b</pre>", "a\nb"), ("  lots   of\n\n spaces ", "lots of spaces"),
    ])
    func htmlToText(_ html: String, _ text: String) throws {
        let message = try EmailFixtures.parse("From: a@b.example\nContent-Type: text/html\n\n\(html)")
        #expect(message.textBody == text)
    }

    @Test(arguments: [
        ("Dana <dana@example.com>", ["dana@example.com"], ["Dana"]),
        ("\"Whitfield, Dana\" <d@example.com>, e@example.com (Eve)", ["d@example.com", "e@example.com"], ["Whitfield, Dana", "Eve"]),
        ("undisclosed-recipients:;", [], []),
        ("Team: a@example.com, b@example.com;, c@example.com", ["a@example.com", "b@example.com", "c@example.com"], [nil, nil, nil]),
        ("Booking [mailto:leads@booking.example.com]", ["leads@booking.example.com"], ["Booking"]),
        ("<mailto:x@example.com>", ["x@example.com"], [nil]), ("not an address", [], []),
    ])
    func addressLists(_ text: String, _ addresses: [String], _ names: [String?]) {
        let parsed = MailboxAddress.parseList(text)
        #expect(parsed.map(\.address) == addresses)
        #expect(parsed.map(\.displayName) == names)
    }
}
