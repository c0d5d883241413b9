import Audit
import Demo
import EventStore
import Foundation
import GRDB
import Projections
import TestSupport
import Testing

/// On a generated history of at least 100 000 events (the demo generator, through the real
/// command handlers), the auditor's final Do-Not-Contact equals the contacts read model's
/// doNotContact and doNotContactUpdatedBy for every contact, and the audit finds every TCPA
/// violation the generator planted. Seed from `AUDIT_CONSISTENCY_SEED` to replay.
@Suite(.serialized) struct ReadModelConsistencyTests {
    static let eventsMin = 100_000

    @Test func finalDNCEqualsTheContactsReadModelAndEveryPlantedViolationIsFound() async throws {
        let seed = ProcessInfo.processInfo.environment["AUDIT_CONSISTENCY_SEED"].flatMap(UInt64.init) ?? 20_260_305
        try await TemporaryDirectory.with(#function) { directory in
            let log = directory + "/log"
            let summary = try await DemoGenerator.generate(
                directory: log, options: DemoOptions(stores: 4, contactsPerStore: 2_500, days: 28, seed: seed))
            #expect(summary.eventsAppended >= Self.eventsMin, "seed \(seed): only \(summary.eventsAppended) events")

            let store = try EventStore(directory: log, options: .readOnly())
            let readModel = try ReadModel(dataDirectory: directory)
            let runner = try ProjectionRunner(store: store, readModel: readModel)
            // Off the concurrency pool: minutes of synchronous work would starve other suites.
            try await offPool { try runner.catchUp() }
            let rows = try readModel.read { db in
                try Row.fetchAll(db, sql: "SELECT storeId, phone, doNotContact, doNotContactUpdatedBy FROM contacts")
            }
            var readModelDNC: [String: String] = [:]
            for row in rows {
                let key = (row["storeId"] as String) + "/" + (row["phone"] as String)
                readModelDNC[key] = (row["doNotContact"] as Int) == 1 ? (row["doNotContactUpdatedBy"] as String? ?? "?") : "none"
            }
            let final = try TCPAAudit.finalDoNotContact(store: store)
            var compared = 0, withDNC = 0, mismatches: [String] = []
            for contact in final {
                let key = contact.storeId + "/" + contact.phone.e164
                let mine = contact.setBy?.rawValue ?? "none"
                if mine != "none" { withDNC += 1 }
                guard let theirs = readModelDNC[key] else {
                    // A contact only the auditor sees must not carry a DNC the UI would miss.
                    if mine != "none" { mismatches.append("\(key): auditor \(mine), not in the read model") }
                    continue
                }
                compared += 1
                if mine != theirs { mismatches.append("\(key): auditor \(mine), read model \(theirs)") }
            }
            #expect(mismatches.isEmpty, "seed \(seed): \(mismatches.prefix(10))")
            #expect(compared == readModelDNC.count, "seed \(seed): every read-model contact is in the replay")
            #expect(withDNC > 0, "seed \(seed): the history has DNCs to compare")

            let report = try TCPAAudit.run(store: store, generatedAt: Timestamp(microsecondsSinceEpoch: 0))
            for planted in summary.violations {
                let found = report.violations.contains { $0.rule == planted.rule && $0.position == planted.position }
                #expect(found, "seed \(seed): planted \(planted.kind) at \(planted.position) not reported")
            }
            #expect(!summary.violations.isEmpty)
            await store.close()
        }
    }
}
