import Domain
import EventStore
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Projections

/// The contacts page reads its rows through SQLite's C API (`ContactView(statement:now:)`);
/// it must read exactly what GRDB's `Row` reading (`ContactView(row:now:)`, which the profile
/// uses) reads, for every contact of a generated history (leads, SMS, calls, analyses with
/// suggested actions and goals, DNC, notes, complaints, merges), and pages walked by their
/// cursors must list every contact once.
@Suite struct ContactViewStatementTests {
    static func readModel(_ directory: String) async throws -> (EventStore, ReadModel) {
        var options = EventStoreOptions.testing()
        options.durability = .relaxed
        let store = try EventStore(directory: directory + "/log", options: options)
        var generator = HistoryGenerator(seed: 23, contactsPerStore: 60)
        _ = try await store.append(generator.registrations().map { $0.proposed() }, expectedVersions: [:])
        while store.durablePosition < 4_000 {
            _ = try await store.append(generator.next().map { $0.proposed() }, expectedVersions: [:])
        }
        let readModel = try ReadModel(dataDirectory: directory + "/rm")
        let runner = try ProjectionRunner(store: store, readModel: readModel)
        try await offPool { _ = try runner.catchUp() }
        return (store, readModel)
    }

    @Test func theCAPIReadsWhatGRDBRowsRead() async throws {
        try await TemporaryDirectory.with("contact-view-statement") { directory in
            let (store, readModel) = try await Self.readModel(directory)
            let now = Timestamp(microsecondsSinceEpoch: 1_775_000_000_000_000)
            let (viaRows, viaStatement) = try readModel.read { db in
                let statement = try db.makeStatement(sql: ContactView.selectSQL + " ORDER BY c.rowid")
                var viaStatement: [ContactView] = []
                var viaRows: [ContactView] = []
                let rows = try Row.fetchCursor(statement)
                while let row = try rows.next() {
                    viaRows.append(ContactView(row: row, now: now))
                    viaStatement.append(ContactView(statement: statement.sqliteStatement, now: now))
                }
                return (viaRows, viaStatement)
            }
            #expect(viaRows.count > 100)
            #expect(viaRows.contains { !$0.suggestedActions.isEmpty } && viaRows.contains { $0.lastComplaintAt != nil })
            #expect(viaRows.contains { $0.callCount > 0 } && viaRows.contains { $0.smsCount > 0 })
            for (row, statement) in zip(viaRows, viaStatement) {
                #expect(row == statement, "\(row.storeId) \(row.phone)")
            }
            await store.close()
        }
    }

    @Test func pagesWalkedByTheirCursorsListEveryContactOnce() async throws {
        try await TemporaryDirectory.with("contact-view-pages") { directory in
            let (store, readModel) = try await Self.readModel(directory)
            let now = Timestamp(microsecondsSinceEpoch: 1_775_000_000_000_000)
            let stores = try readModel.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT storeId FROM contacts") }
            for storeId in stores {
                let expected = try readModel.read { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts WHERE storeId = ?", arguments: [storeId]) ?? 0
                }
                for sort in ["-lastActivityAt", "lastName", "-callCount"] {
                    var seen: [String] = []
                    var cursor: String?
                    repeat {
                        let page = try readModel.contacts(
                            ContactsQuery(storeId: storeId, sort: try ContactSort(parsing: sort), limit: 7, cursor: cursor, now: now))
                        #expect(page.contacts.count <= 7)
                        seen += page.contacts.map(\.phone)
                        cursor = page.nextCursor
                        if cursor != nil { #expect(page.contacts.count == 7) }
                    } while cursor != nil
                    #expect(seen.count == expected, "\(storeId) \(sort)")
                    #expect(Set(seen).count == expected, "\(storeId) \(sort)")
                }
            }
            await store.close()
        }
    }
}
