import Domain
import EventStore
import Foundation
import Testing

/// Ids derived from events are pure functions of their keys (EVENTS.md), pinned to values
/// computed independently with Python's `uuid.uuid5`.
@Suite struct DeterministicIDTests {
    static let key = "lead.received:dana@example.com#+14155550123#2026-03-02"
    static let leadId = try! LeadID("dana@example.com#+14155550123#2026-03-02")

    @Test func eventIdIsUUIDv5OfTheKeyInTheEventNamespace() {
        // uuid5(uuid5(NAMESPACE_URL, "urn:contactledger:event"), key)
        #expect(DeterministicIDs.eventID(idempotencyKey: Self.key).uuidString == "fea6a51f-b5b4-55dc-a9f7-962a70f37e4c")
    }

    @Test func leadOutreachTaskIdIsUUIDv5OfTheLeadId() {
        // uuid5(uuid5(NAMESPACE_URL, "urn:contactledger:task"), "lead_outreach:" + leadId)
        #expect(DeterministicIDs.leadOutreachTask(leadId: Self.leadId).rawValue == "178f1ae6-945a-59c3-bffc-aa108bfd4d6f")
    }

    @Test func eachIdKindHasItsOwnNamespace() {
        let ids: Set<String> = [
            DeterministicIDs.eventID(idempotencyKey: Self.key).uuidString,
            DeterministicIDs.timelineID(idempotencyKey: Self.key),
            DeterministicIDs.task(idempotencyKey: Self.key).rawValue,
            DeterministicIDs.reviewID(triggeringIdempotencyKey: Self.key),
        ]
        #expect(ids.count == 4)
    }

    @Test func sameKeyGivesSameIdAndDifferentKeysDifferentIds() {
        var random = SeededRandom()
        var seen: [String: String] = [:]
        for _ in 0..<2000 {
            let key = "message.logged:\(UInt64.random(in: 0..<1_000_000, using: &random))"
            let id = DeterministicIDs.timelineID(idempotencyKey: key)
            #expect(DeterministicIDs.timelineID(idempotencyKey: key) == id, "\(random.comment)")
            if let other = seen[id] { #expect(other == key, "collision; \(random.comment)") }
            seen[id] = key
            #expect(id.count == 36 && Array(id)[14] == "5", "version nibble; \(random.comment)")
        }
    }

    @Test func leadIdIsTheCompositeDedupKeyOfFlowOne() throws {
        let at = try #require(ISOTime.parse("2026-03-04T04:58:00Z"))
        let email = try EmailAddress(" Marisol.Pena@Example.COM ")
        #expect(LeadID.derive(email: email, phone: PhoneNumber("(415) 555-0164"), receivedAt: at).rawValue
                == "marisol.pena@example.com#+14155550164#2026-03-04")
        #expect(LeadID.derive(email: email, phone: nil, receivedAt: at).rawValue == "marisol.pena@example.com#2026-03-04T04:58:00.000Z")
        #expect(LeadID.derive(email: nil, phone: nil, receivedAt: at).rawValue == "#2026-03-04T04:58:00.000Z")
        // Same person, same UTC day, same lead; another day, another lead.
        let sameDay = at.addingTimeInterval(3600)
        let nextDay = at.addingTimeInterval(86_400)
        #expect(LeadID.derive(email: email, phone: PhoneNumber("4155550164"), receivedAt: sameDay)
                == LeadID.derive(email: email, phone: PhoneNumber("4155550164"), receivedAt: at))
        #expect(LeadID.derive(email: email, phone: PhoneNumber("4155550164"), receivedAt: nextDay)
                != LeadID.derive(email: email, phone: PhoneNumber("4155550164"), receivedAt: at))
    }
}
