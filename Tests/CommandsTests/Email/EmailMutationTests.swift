import Commands
import Domain
import Foundation
import TestSupport
import Testing

/// Thousands of seeded corruptions of every fixture: the parser never traps and always
/// returns a message (whose lead fields keep their invariants) or a typed ``EmailParseError``.
/// Replay a failure with `CL_TEST_SEED=<seed> swift test --filter EmailMutationTests`.
@Suite struct EmailMutationTests {
    static let iterations = 4_000

    static func corpus() throws -> [[UInt8]] {
        try (EmailFixtures.paths(in: "shared/email") + EmailFixtures.paths(in: "email")).map(EmailFixtures.bytes)
    }

    @Test func randomCorruptionsGiveAResultOrATypedError() throws {
        let corpus = try Self.corpus()
        var mutator = EmailMutator(random: SplitMix64.fromEnvironment())
        let hint = mutator.random.replayHint
        // Printed before the run: a trap ends the process without a test report.
        print("EmailMutationTests.randomCorruptionsGiveAResultOrATypedError: \(hint)")
        var parsedCount = 0
        var errorCodes: [String: Int] = [:]
        for iteration in 0..<Self.iterations {
            let source = Int.random(in: 0..<corpus.count, using: &mutator.random)
            var bytes = corpus[source]
            let mutations = (0..<Int.random(in: 1...4, using: &mutator.random)).map { _ in mutator.mutate(&bytes) }
            let context: Comment = "iteration \(iteration), fixture \(source), \(mutations); \(hint)"
            do {
                let message = try MIMEMessage.parse(bytes: bytes)
                Self.checkInvariants(message, bytes: bytes, context, reparse: iteration % 5 == 0)
                parsedCount += 1
            } catch {
                errorCodes[error.code, default: 0] += 1
                Self.checkError(error, bytes: bytes, context)
            }
        }
        // Most corruptions leave a readable message; the rest are the limit and no-header errors.
        #expect(parsedCount > Self.iterations / 2, "\(hint)")
        #expect(Set(errorCodes.keys).isSubset(of: ["email_too_many_header_lines", "email_empty", "email_no_header_fields"]))
    }

    @Test func everyTruncationOfEverySharedFixtureParsesOrIsATypedError() throws {
        for path in try EmailFixtures.paths(in: "shared/email") {
            let full = try EmailFixtures.bytes(path)
            for length in 0...full.count {
                let bytes = Array(full[..<length])
                do {
                    let message = try MIMEMessage.parse(bytes: bytes)
                    Self.checkInvariants(message, bytes: bytes, "\(path) cut at \(length)", reparse: false)
                } catch {
                    Self.checkError(error, bytes: bytes, "\(path) cut at \(length)")
                }
            }
        }
    }

    /// What holds for any message: the lead's fields keep their types' promises, and (when
    /// `reparse`) parsing is a pure function of the bytes.
    static func checkInvariants(_ message: MIMEMessage, bytes: [UInt8], _ context: Comment, reparse: Bool) {
        let lead = LeadEmailParser.parse(message, internalDate: nil)
        #expect(message.sizeBytes == bytes.count, context)
        #expect(!message.headers.fields.isEmpty, context)
        #expect((message.textBodySource == .none) == message.textBody.isEmpty, context)
        #expect(lead.rawBody == message.textBody, context)
        if let phone = lead.phone {
            #expect(phone.e164.count == 12 && phone.e164.hasPrefix("+1"), context)
            #expect(lead.phoneRaw.flatMap(PhoneNumberCheck.parse) == phone.e164, context)
        }
        #expect((lead.receivedAt == nil) == (lead.receivedAtSource == nil), context)
        #expect(lead.warnings.count <= EmailLimits.warningsMax + 1, context)
        #expect(lead.warnings.allSatisfy { !$0.description.isEmpty && !$0.code.isEmpty }, context)
        if reparse { #expect((try? MIMEMessage.parse(bytes: bytes)) == message, context) }
    }

    static func checkError(_ error: EmailParseError, bytes: [UInt8], _ context: Comment) {
        switch error {
        case .emptyMessage:
            #expect(bytes.allSatisfy { $0 == 0x0D || $0 == 0x0A }, context)
        case .tooManyHeaderLines(_, let lineCount, let limit):
            #expect(lineCount > limit, context)
        case .messageTooLarge:
            Issue.record("no mutation makes a message over 10 MiB: \(error); \(context)")
        case .noHeaderFields:
            break
        }
        #expect(!error.description.isEmpty, context)
    }
}

/// Re-normalises a raw phone through the Domain type, to check the lead's phone came from it.
enum PhoneNumberCheck {
    static func parse(_ raw: String) -> String? {
        Domain.PhoneNumber(raw)?.e164
    }
}
