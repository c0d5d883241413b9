import Audit
import Commands
import Domain
import EventStore
import Foundation
import Testing

/// The public fixture sequence (shared/fixtures/README.md), through the real intake handlers,
/// audits to exactly one violation: the DNC-1 of the 04:30Z call to Jordan, 2h18m after his STOP.
@Suite struct PublicFixtureAuditTests {
    static let inputs: [(kind: String, file: String)] = [
        ("email", "email/web-lead-plain.eml"), ("email", "email/online-intro-qp-alternative.eml"),
        ("email", "email/forwarded-gmail.eml"), ("email", "email/lead-invalid-phone.eml"),
        ("email", "email/tampa-base64-latin1.eml"), ("message", "ringcentral/sms-inbound-envelope.json"),
        ("call", "calls/outbound-connected.json"), ("analysis", "analysis/call-analysis.json"),
        ("message", "ringcentral/sms-outbound-bare.json"), ("message", "ringcentral/sms-outbound-delivered-update.json"),
        ("analysis", "analysis/contact-analysis.json"), ("message", "ringcentral/sms-shortcode.json"),
        ("message", "ringcentral/voicemail-envelope.json"), ("call", "calls/inbound-accepted.json"),
        ("message", "ringcentral/sms-inbound-stop.json"), ("call", "calls/outbound-no-answer-formatted.json"),
        ("message", "ringcentral/sms-websocket-array.json"),
    ]

    /// Registers both stores and sends every fixture through its handler.
    static func ingestFixtures(_ s: AuditScenario) async throws {
        let handlers = try CommandHandlers(store: s.store, clock: s.clock)
        let leads = LeadEmailHandler(store: s.store, registry: handlers.registry)
        for input in inputs {
            let bytes = try AuditScenario.fixture(input.file)
            switch input.kind {
            case "email": _ = try await leads.handle(bytes)
            case "message": _ = try await handlers.ringCentralMessage.handle(bytes)
            case "call": _ = try await handlers.ringCentralCall.handle(bytes)
            default: _ = try await handlers.analysis.handle(bytes)
            }
        }
    }

    @Test func theFixtureSequenceReportsExactlyOneViolationTheDNC1CallToJordan() async throws {
        try await AuditScenario.with { s in
            try await Self.ingestFixtures(s)
            let report = try s.audit()
            #expect(report.violations.count == 1, "\(report.violations.map { "\($0.rule) \($0.phone) \($0.position)" })")
            let violation = try #require(report.violations.first)
            #expect(violation.rule == "DNC-1")
            #expect(violation.phone == "+14155550187")
            #expect(violation.eventType == "call.logged")
            #expect(violation.occurredAt == "2026-03-05T04:30:00.000Z")
            #expect(violation.localTimes.map(\.zone) == ["America/Los_Angeles"])
            #expect(violation.localTimes.map(\.time) == ["2026-03-04T20:30:00-08:00"])
            #expect(!violation.timeZoneUncertain)
            #expect(violation.detail.contains("set by system 2h17m53s earlier"), "\(violation.detail)")
            // Evidence: the opt-out, which is the event right before the call in the log.
            let optOut = try #require(violation.evidence.first)
            #expect(optOut.eventType == "contact.opted_out")
            #expect(optOut.position == violation.position - 1)
            #expect(optOut.occurredAt == "2026-03-05T02:12:07.000Z")
            #expect(optOut.actor == "system")
            #expect(report.counts.optOuts == 1)
            #expect(report.counts.outboundCalls == 2)
            #expect(report.counts.outboundSMS == 1)
            // Jordan's STOP was honoured at once.
            #expect(report.revocations.map(\.outcome) == ["honoured"])
            #expect(report.range.firstPosition == 1)
            #expect(report.range.lastPosition == s.store.durablePosition)
            #expect(report.range.lastBatchChecksum?.batchLastPosition == s.store.durablePosition)
        }
    }

    @Test func theSameLogGivesByteIdenticalJSONExceptGeneratedAt() async throws {
        try await AuditScenario.with { s in
            try await Self.ingestFixtures(s)
            let first = try TCPAAudit.run(store: s.store, generatedAt: AuditScenario.time("2030-01-01T00:00:00Z")).jsonBytes()
            let second = try TCPAAudit.run(store: s.store, generatedAt: AuditScenario.time("2031-06-07T08:09:10Z")).jsonBytes()
            let a = String(decoding: first, as: UTF8.self), b = String(decoding: second, as: UTF8.self)
            #expect(a != b)
            #expect(a.replacingOccurrences(of: "2030-01-01T00:00:00.000Z", with: "T") == b.replacingOccurrences(of: "2031-06-07T08:09:10.000Z", with: "T"))
            // And a third run on a read-only reopen of the same directory.
            let reopened = try EventStore(directory: s.store.directory, options: .readOnly())
            let third = try TCPAAudit.run(store: reopened, generatedAt: AuditScenario.time("2030-01-01T00:00:00Z")).jsonBytes()
            await reopened.close()
            #expect(third == first)
        }
    }

    @Test func theCSVAndHTMLFormsCarryTheViolationAndItsEvidence() async throws {
        try await AuditScenario.with { s in
            try await Self.ingestFixtures(s)
            let report = try s.audit()
            let csv = report.csvText().split(separator: "\r\n").map(String.init)
            #expect(csv.count == 2)
            #expect(csv[1].hasPrefix(#"DNC-1,federal,5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c,"'+14155550187","#))
            let html = report.htmlText()
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
            #expect(html.contains("<code>DNC-1</code> — 1"))
            #expect(html.contains("Orangetheory Fitness Moss Beach"))
            #expect(html.contains("dnc_in_force: #\(report.violations[0].evidence[0].position)"))
        }
    }

    @Test func auditingOneStoreSeesOnlyItsEvents() async throws {
        try await AuditScenario.with { s in
            try await Self.ingestFixtures(s)
            let tampa = try s.audit(TCPAAuditOptions(storeId: AuditScenario.tampa))
            #expect(tampa.violations.isEmpty)
            #expect(tampa.stores.map(\.storeId) == [AuditScenario.tampa.rawValue])
            #expect(tampa.counts.outboundCalls == 0)
            let window = try s.audit(TCPAAuditOptions(from: AuditScenario.time("2026-03-05T04:30:01Z")))
            #expect(window.violations.isEmpty)
            #expect(window.counts.outboundCalls == 0)
        }
    }
}
