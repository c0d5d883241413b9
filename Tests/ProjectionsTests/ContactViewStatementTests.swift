import Domain
import EventStore
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Projections

/// Contacts are read through SQLite's C API (`ContactView.fetch`); it must read what GRDB's
/// own decoding of the same rows by column name reads (`reference`, written here
/// independently), for every contact of a generated history (leads, SMS, calls, analyses
/// with suggested actions and goals, DNC, notes, complaints, merges), and pages walked by
/// their cursors must list every contact once.
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
                let sql = ContactView.selectSQL + " ORDER BY c.rowid"
                let viaRows = try Row.fetchAll(db, sql: sql).map { Self.reference($0, now: now) }
                let viaStatement = try ContactView.fetch(db.makeStatement(sql: sql), arguments: [], now: now, limit: .max).views
                return (viaRows, viaStatement)
            }
            #expect(viaRows.count == viaStatement.count)
            #expect(viaRows.count > 100)
            #expect(viaRows.contains { !$0.suggestedActions.isEmpty } && viaRows.contains { $0.lastComplaintAt != nil })
            #expect(viaRows.contains { $0.callCount > 0 } && viaRows.contains { $0.smsCount > 0 })
            for (row, statement) in zip(viaRows, viaStatement) {
                #expect(row == statement, "\(row.storeId) \(row.phone)")
            }
            await store.close()
        }
    }

    /// GRDB decoding by column name, JSONDecoder for the JSON columns, the rules of
    /// READMODELS.md for the derived fields.
    static func reference(_ row: Row, now: Timestamp) -> ContactView {
        func iso(_ column: String) -> String? { (row[column] as Int64?).map { ISOTime.string(Timestamp(microsecondsSinceEpoch: $0)) } }
        func array<T: Decodable>(_ column: String) -> [T] {
            (try? JSONDecoder().decode([T].self, from: Data((row[column] as String? ?? "[]").utf8))) ?? []
        }
        let created: Int64 = row["createdAt"]
        let leadStatus: String? = row["leadStatus"]
        let stage: String? = row["lifecycleStage"]
        let status = leadStatus.flatMap(LeadStatus.init(rawValue:))
        return ContactView(
            storeId: row["storeId"], phone: row["phone"], franchiseId: row["franchiseId"], accountId: row["accountId"],
            firstName: row["firstName"], lastName: row["lastName"], email: row["email"], lifecycleStage: stage,
            lifecycleState: row["lifecycleState"], notes: row["notes"], doNotContact: row["doNotContact"],
            doNotContactUpdatedBy: row["doNotContactUpdatedBy"], hasCardOnFile: row["hasCardOnFile"],
            lastActivityAt: iso("lastActivityAt"), actionNeeded: row["actionNeeded"], actionNeededReason: row["actionNeededReason"],
            suggestedActions: array("suggestedActions"), priority: row["priority"], leadStatus: leadStatus,
            leadStatusReason: row["leadStatusReason"], leadObjections: array("leadObjections"),
            leadRejectionReasons: array("leadRejectionReasons"), purchaseIntent: row["purchaseIntent"],
            purchaseIntentReason: row["purchaseIntentReason"], goals: array("goals"), customerSummary: row["customerSummary"],
            lastContactAnalysisAt: iso("lastContactAnalysisAt"), hasOpenComplaint: row["hasOpenComplaint"],
            createdAt: ISOTime.string(Timestamp(microsecondsSinceEpoch: created)), updatedAt: iso("updatedAt")!,
            version: row["version"], lastComplaintAt: iso("lastComplaintAt"), firstAttemptedAt: iso("firstAttemptedAt"),
            firstConnectedAt: iso("firstConnectedAt"), callCount: row["callCount"] ?? 0, smsCount: row["smsCount"] ?? 0,
            leadTemperature: LeadTemperature.of(status: status, createdAt: Timestamp(microsecondsSinceEpoch: created), now: now)?.rawValue,
            leadPipeline: stage == LifecycleStage.lead.rawValue ? LeadPipeline(status: status) : nil)
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
