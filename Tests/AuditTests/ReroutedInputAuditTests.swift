import Audit
import Commands
import Domain
import EventStore
import Foundation
import Testing

/// CDP.md §8 and TCPA.md: a STOP kept unrouted because its number was not registered yet is
/// re-routed at its original occurredAt when the store is registered, and the auditor — which
/// orders each contact's events by occurredAt, not by position — holds the contact
/// Do-Not-Contact from the moment the STOP was sent.
@Suite struct ReroutedInputAuditTests {
    typealias S = AuditScenario

    static func sms(id: String, direction: String, text: String, at time: String) -> [UInt8] {
        let customer = #"{"phoneNumber": "+14155550187"}"#
        let store = #"{"phoneNumber": "+16505550142"}"#
        let inbound = direction == "Inbound"
        return Array(
            """
            {"_client_id": "orangeTheory-193365026", "_account_id": "193365026", "id": "\(id)", "type": "SMS",
             "direction": "\(direction)", "from": \(inbound ? customer : store), "to": [\(inbound ? store : customer)],
             "creationTime": "\(time)", "lastModifiedTime": "\(time)", "subject": "\(text)",
             "messageStatus": "\(inbound ? "Received" : "Delivered")"}
            """.utf8)
    }

    @Test func aReroutedStopHoldsFromItsOriginalTimeSoALaterSMSIsAViolation() async throws {
        try await S.with(registerStores: false) { s in
            s.clock.advance(byMicroseconds: S.time("2026-03-02T18:00:00Z").microsecondsSinceEpoch - S.time("2020-01-01T00:00:00Z").microsecondsSinceEpoch)
            let handlers = try CommandHandlers(store: s.store, clock: s.clock)
            let stop = try await handlers.ringCentralMessage.handle(Self.sms(id: "s1", direction: "Inbound", text: "STOP", at: "2026-03-02T17:00:00Z"))
            #expect(stop.routed == false)

            // The store is registered a day later; its registration re-routes the STOP.
            s.clock.advance(byMicroseconds: 86_400 * 1_000_000)
            let registered = try await handlers.registerStore.handle(try S.fixture("stores/moss-beach.json"))
            let optOut = try #require(registered.events.first { $0.type == .contactOptedOut })

            // Sent after the STOP (and after the registration), outside the confirmation window.
            s.clock.advance(byMicroseconds: 86_400 * 1_000_000)
            let first = try await handlers.ringCentralMessage.handle(
                Self.sms(id: "o1", direction: "Outbound", text: "We miss you!", at: "2026-03-04T18:00:00Z"))
            let second = try await handlers.ringCentralMessage.handle(
                Self.sms(id: "o2", direction: "Outbound", text: "Last chance!", at: "2026-03-04T18:10:00Z"))

            let report = try s.audit()
            #expect(report.violations(.optOutConfirm).map(\.position) == [first.position])
            let dnc = report.violations(.dnc1)
            #expect(dnc.map(\.position) == [second.position])
            #expect(dnc.first?.evidence.contains { $0.position == optOut.position } == true)
            let revocation = try #require(report.revocations.first { $0.position == optOut.position })
            #expect(revocation.receivedAt == "2026-03-02T17:00:00.000Z")
            #expect(revocation.outcome == "honoured")
            #expect(revocation.honouredRecordedAt?.hasPrefix("2026-03-03") == true, "the log got it when the store was registered")
        }
    }
}
