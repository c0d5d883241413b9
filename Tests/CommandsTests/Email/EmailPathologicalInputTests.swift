import Commands
import Foundation
import Testing

/// Inputs shaped to make a careless parser quadratic or deeply recursive. Each is far below the
/// 10 MiB limit yet large enough that a quadratic pass would not finish; each still parses.
@Suite struct EmailPathologicalInputTests {
    static let head = "From: leads@booking.example.com\nTo: lead-tracking+ot0423@leads.example.net\n"

    private func repeated(_ piece: String, _ count: Int) -> String {
        String(repeating: piece, count: count)
    }

    @Test func manyBlankAndRuleLinesInTheBody() throws {
        let body = repeated("\n", 100_000) + repeated("__________\n\n\n\n\n", 10_000) + "Phone: 415-555-0158\n"
        let lead = try EmailFixtures.lead(text: Self.head + "\n" + body)
        #expect(lead.phone?.e164 == "+14155550158")
        #expect(!lead.isForwarded)
    }

    @Test func unterminatedMarkupAndReferencesInHTML() throws {
        let html = repeated("<b>x</b>&#9999999999;&amp<td>", 5_000) + repeated("<!x", 2_000) + "<!-- open"
        let message = try EmailFixtures.parse(Self.head + "Content-Type: text/html\n\n" + html)
        #expect(message.textBodySource == .html)
        #expect(message.textBody.hasPrefix("x\u{FFFD}&"))
    }

    @Test func longAddressAndEncodedWordHeaders() throws {
        let to = repeated("Desk [mailto:desk@example.org], ", 5_000) + "lead-tracking+ot9@leads.example.net"
        let subject = repeated("=?utf-8?q?a?= ", 20_000)
        let lead = try EmailFixtures.lead(text: "From: a@b.example\nTo: \(to)\nSubject: \(subject)\n\nName: A B\n")
        #expect(lead.trackingId == "ot9")
        #expect(lead.subject == repeated("a", 20_000))
    }

    @Test func tenThousandPartsAndJunkBase64() throws {
        let parts = repeated("--p\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n!!@@##\n", 10_000)
        let text =
            Self.head + "Content-Type: multipart/mixed; boundary=p\n\n" + parts
            + "--p\nContent-Type: text/plain\n\nName: Last Part\n--p--\n"
        let message = try EmailFixtures.parse(text)
        #expect(message.root.children.count == 10_001)
        #expect(message.textBody == "Name: Last Part")
        #expect(message.warnings.contains(.malformedBase64(part: "1")))
    }

    @Test func thousandsOfRepeatedDefectsKeepABoundedWarningList() throws {
        let parts = (1...300).map { "--p\nContent-Transfer-Encoding: x-\($0)\n\nName: N\n" }.joined()
        let message = try EmailFixtures.parse(Self.head + "Content-Type: multipart/mixed; boundary=p\n\n" + parts + "--p--\n")
        #expect(message.warnings.count == EmailLimits.warningsMax + 1)
        #expect(message.warnings.last == .warningsTruncated(omitted: 200))
    }
}
