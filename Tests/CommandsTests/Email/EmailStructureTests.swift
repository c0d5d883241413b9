import Commands
import Foundation
import Testing

/// Multipart trees, body selection, HTML-only bodies, damaged boundaries and the limits.
@Suite struct EmailStructureTests {
    @Test func mixedAlternativeWithAttachmentsReadsOnlyThePlainAlternative() throws {
        let message = try EmailFixtures.message("email/mixed-alternative-attachment.eml")
        #expect(message.root.children.map(\.contentType.mimeType) == ["multipart/alternative", "image/png", "text/plain"])
        #expect(message.root.children.map(\.path) == ["1", "2", "3"])
        #expect(message.root.children[1].content == .bytes((0...255).map(UInt8.init)))
        #expect(message.root.children[2].isAttachment)
        #expect(message.textBodySource == .plain)
        #expect(!message.textBody.contains("HTML Lead"))
        #expect(!message.textBody.contains("Attachment Lead"))
        #expect(try EmailFixtures.lead("mixed-alternative-attachment.eml").phone?.e164 == "+14155550119")
    }

    @Test func relatedHTMLOnlyBodyIsConvertedWithTableCellsSeparable() throws {
        let message = try EmailFixtures.message("email/related-html-only.eml")
        #expect(message.textBodySource == .html)
        #expect(message.textBody.contains("Lead Type\tWeb Lead\nFirst Name\tAiko\nLast Name\tTanaka\nPhone\t(415) 555-0120"))
        #expect(!message.textBody.contains("Title Lead"))  // <title> and <style> are not body text
        #expect(!message.textBody.contains("color"))
        #expect(try EmailFixtures.lead("related-html-only.eml").contactEmail == "aiko@example.com")
    }

    @Test func threeLevelsOfNestingGetIMAPPartNumbersAndThePreambleIsDropped() throws {
        let message = try EmailFixtures.message("email/nested-three-levels.eml")
        func paths(_ part: MIMEPart) -> [String] { [part.path] + part.children.flatMap(paths) }
        #expect(paths(message.root) == ["", "1", "1.1", "1.1.1", "1.1.2", "1.2", "2"])
        #expect(message.textBody == "Lead Type: Web Lead\nName: Noah Fischer\nPhone: 415.555.0121\n")
        #expect(message.warnings.isEmpty)
    }

    @Test func aBlankPlainAlternativeFallsBackToTheHTMLOne() throws {
        let message = try EmailFixtures.message("email/alternative-blank-plain.eml")
        #expect(message.textBodySource == .html)
        #expect(message.textBody == "Lead Type: Web Lead\nName: Omar Haddad\nPhone: (415) 555-0122")
    }

    @Test func unquotedBoundaryWithPaddingIgnoresPreambleAndEpilogue() throws {
        let message = try EmailFixtures.message("email/unquoted-boundary.eml")
        #expect(message.root.children.count == 2)
        #expect(!message.textBody.contains("preamble"))
        #expect(!message.textBody.contains("epilogue"))
        #expect(message.warnings.isEmpty)
    }

    @Test func singlePartHTMLTableDecodesEntitiesAndKeepsSideBySidePairs() throws {
        let lead = try EmailFixtures.lead("html-only-table.eml")
        let lines = lead.rawBody.split(separator: "\n").map(String.init)
        #expect(lines.contains("Lead Type:\tWeb Lead"))
        #expect(lines.contains("Full Name:\t\u{C9}lo\u{EF}se Martin"))
        #expect(lines.contains("Phone\t(415) 555-0124\tE-mail\teloise@example.com"))
        #expect(lines.contains("Tom & Jerry\u{2019}s studio <Moss Beach>"))
        #expect(!lead.rawBody.contains("Comment Lead"))
        #expect(lead.contactEmail == "eloise@example.com")
        #expect(lead.bookedDate == "Mar 20, 2026")
        #expect(lead.bookedTime == "5:45 PM")
    }

    @Test func base64Latin1HTMLDropsScriptsAndReadsAValueOnTheNextLine() throws {
        let lead = try EmailFixtures.lead("html-only-base64-latin1.eml")
        #expect(!lead.rawBody.contains("Script Lead"))
        #expect(lead.rawBody.contains("Phone:\n415.555.0125"))
        #expect(lead.phoneRaw == "415.555.0125")
    }

    @Test func missingClosingBoundaryKeepsTheLastPartAndWarns() throws {
        let message = try EmailFixtures.message("email/missing-closing-boundary.eml")
        #expect(message.root.children.count == 2)
        guard case let .text(html) = message.root.children[1].content else {
            Issue.record("the HTML part is not text")
            return
        }
        #expect(html.contains("Jana Novak"))
        #expect(message.warnings == [.missingClosingBoundary(part: "", boundary: "b52")])
    }

    @Test func aMessageTruncatedInsideABase64PartKeepsWhatWasSound() throws {
        let message = try EmailFixtures.message("email/truncated-mid-part.eml")
        #expect(message.root.children.map(\.contentType.mimeType) == ["text/plain", "image/png"])
        guard case let .bytes(png) = message.root.children[1].content else {
            Issue.record("the image part is not bytes")
            return
        }
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(message.warnings == [.missingClosingBoundary(part: "", boundary: "b53")])
    }

    @Test func anUnusedBoundaryMakesTheBodyPlainText() throws {
        let message = try EmailFixtures.message("email/boundary-not-found.eml")
        #expect(message.root.contentType == .defaultType)
        #expect(message.textBody.hasPrefix("--some-other-boundary\n"))
        #expect(message.warnings == [.boundaryNotFound(part: "", boundary: "declared-but-unused")])
    }

    @Test func multipartWithoutBoundaryParameterIsReadAsText() throws {
        let message = try EmailFixtures.message("email/missing-boundary-param.eml")
        #expect(message.textBody.hasPrefix("Lead Type: Web Lead"))
        #expect(message.warnings == [.missingBoundaryParameter(part: "")])
    }

    @Test func aMessageOverTenMebibytesIsRejectedNamingTheLimit() throws {
        let head = Array("From: leads@booking.example.com\r\nSubject: big\r\n\r\n".utf8)
        let limit = EmailLimits.messageSizeBytesMax
        let atLimit = head + [UInt8](repeating: UInt8(ascii: "a"), count: limit - head.count)
        #expect(try MIMEMessage.parse(bytes: atLimit).sizeBytes == 10 * 1024 * 1024)
        let error = #expect(throws: EmailParseError.self) { try MIMEMessage.parse(bytes: atLimit + [0x0A]) }
        #expect(error == .messageTooLarge(sizeBytes: 10_485_761, limitBytes: 10_485_760))
        #expect(error?.description.contains("messageSizeBytesMax") == true)
    }

    @Test func moreThanAThousandHeaderLinesIsRejectedNamingTheLimit() throws {
        let error = #expect(throws: EmailParseError.self) { try EmailFixtures.message("email/header-lines-over-limit.eml") }
        #expect(error == .tooManyHeaderLines(part: "", lineCount: 1_001, limit: 1_000))
        #expect(error?.description == "message header has 1001 lines, over the limit headerLinesMax = 1000")
    }

    @Test func theHeaderLineLimitAppliesToEachPartAndNamesIt() throws {
        let filler = (0..<1_200).map { "X-Filler-\($0): y" }.joined(separator: "\n")
        let text = "From: a@b.example\nContent-Type: multipart/mixed; boundary=z\n\n--z\n\(filler)\n\nbody\n--z--\n"
        let error = #expect(throws: EmailParseError.self) { try EmailFixtures.parse(text) }
        #expect(error == .tooManyHeaderLines(part: "1", lineCount: 1_200, limit: 1_000))
    }

    @Test(arguments: [("", EmailParseError.emptyMessage), ("\r\n\n\r\n", .emptyMessage), ("hello\nworld\n", .noHeaderFields)])
    func inputThatIsNotAMessageIsATypedError(_ text: String, _ expected: EmailParseError) {
        #expect(throws: expected) { try EmailFixtures.parse(text) }
    }

    @Test func multipartsNestedPastTheDepthLimitAreKeptOpaqueWithAWarning() throws {
        let depth = EmailLimits.multipartDepthMax + 8
        var body = "Content-Type: text/plain\n\nName: Deep Diver\n"
        for level in (0..<depth).reversed() {
            body = "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n\(body)\n--b\(level)--\n"
        }
        let message = try EmailFixtures.parse("From: a@b.example\n" + body)
        let deepest = Array(repeating: "1", count: EmailLimits.multipartDepthMax).joined(separator: ".")
        #expect(message.warnings == [.multipartTooDeep(part: deepest, limit: EmailLimits.multipartDepthMax), .noTextBody])
        #expect(message.textBodySource == .none)
    }

    @Test func inlineTextPartsAroundAnImageAreJoinedInOrder() throws {
        let text = """
            From: a@b.example
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: text/plain

            Name: Ada Byron
            --m
            Content-Type: image/png
            Content-Disposition: inline

            --m
            Content-Type: text/html

            <p>Phone: 415-555-0155</p>
            --m--
            """
        let message = try EmailFixtures.parse(text)
        #expect(message.textBody == "Name: Ada Byron\n\nPhone: 415-555-0155")
        #expect(message.textBodySource == .html)
    }
}
