import Domain
import EventStore
import Foundation
import Projections
import Testing

/// The Contacts page query: sort, keyset pages that neither overlap nor skip, search.
@Suite struct ContactsQueryTests {
    typealias H = ProjectionHarness
    typealias W = WriterRuleTests

    static func seed(_ h: H) async throws {
        let names = [("Dana", "Whitfield", "+14155550123"), ("Marisol", "Peña", "+14155550164"), ("Jordan", "Alvarez", "+14155550187")]
        for (index, (first, last, phone)) in names.enumerated() {
            let lead = W.lead(
                first: first, last: last, at: W.t0 + Double(index) * 3_600, phone: PhoneNumber(phone)!, email: "\(first.lowercased())@example.com")
            try await W.append(h, DomainEvent(lead, actor: .imapPoller))
        }
        // A contact with no activity (staff DNC on a number never seen): lastActivityAt NULL.
        let quiet = PhoneNumber("+14155550100")!
        try await W.append(h, W.staff(ContactDNCSet(storeId: W.store, phone: quiet), "r1", at: W.t0))
        try h.project()
    }

    static func page(_ h: H, sort: String = "-lastActivityAt", limit: Int, cursor: String? = nil, search: String? = nil) throws -> ContactsPage {
        try h.readModel.contacts(
            ContactsQuery(
                storeId: H.mossBeach, search: search, sort: try ContactSort(parsing: sort), limit: limit, cursor: cursor,
                now: ISOTime.parseTimestamp("2026-03-03T00:00:00Z")!))
    }

    @Test func pagesFollowTheSortWithoutOverlapOrGap() async throws {
        try await H.with { h in
            try await Self.seed(h)
            for sort in ["-lastActivityAt", "lastActivityAt", "lastName", "-createdAt", "callCount"] {
                var phones: [String] = []
                var cursor: String?
                repeat {
                    let page = try Self.page(h, sort: sort, limit: 1, cursor: cursor)
                    phones += page.contacts.map(\.phone)
                    cursor = page.nextCursor
                } while cursor != nil
                let all = try Self.page(h, sort: sort, limit: 10).contacts.map(\.phone)
                #expect(phones == all, "\(sort)")
                #expect(Set(phones).count == 4, "\(sort)")
            }
            let newestFirst = try Self.page(h, limit: 10).contacts.map(\.phone)
            #expect(newestFirst == ["+14155550187", "+14155550164", "+14155550123", "+14155550100"])
            let byName = try Self.page(h, sort: "lastName", limit: 10).contacts.compactMap(\.lastName)
            #expect(byName == ["Alvarez", "Peña", "Whitfield"])
        }
    }

    @Test func searchMatchesNamesAndPhoneDigitsAndCursorsAreTiedToTheirSort() async throws {
        try await H.with { h in
            try await Self.seed(h)
            #expect(try Self.page(h, limit: 10, search: "whit").contacts.map(\.phone) == ["+14155550123"])
            #expect(try Self.page(h, limit: 10, search: "555-0164").contacts.map(\.phone) == ["+14155550164"])
            #expect(try Self.page(h, limit: 10, search: "(415) 555-0187").contacts.map(\.phone) == ["+14155550187"])
            #expect(try Self.page(h, limit: 10, search: "\" OR *").contacts.isEmpty)
            let first = try Self.page(h, limit: 1)
            #expect(throws: QueryError.self) { try Self.page(h, sort: "lastName", limit: 1, cursor: first.nextCursor) }
            #expect(throws: QueryError.self) { try Self.page(h, limit: 1, cursor: "garbage") }
            #expect(throws: QueryError.self) { try ContactSort(parsing: "-password") }
        }
    }
}
