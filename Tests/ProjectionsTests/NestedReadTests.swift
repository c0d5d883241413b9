import GRDB
import Projections
import TestSupport
import Testing

/// `ReadModel.read` inside another on the same thread joins the outer transaction (the
/// profile's five parts are one snapshot and take one pool reader); reads of another read
/// model, or on another thread, do not.
@Suite struct NestedReadTests {
    @Test func aReadInsideAReadJoinsItsTransaction() async throws {
        try await TemporaryDirectory.with("nested-read") { directory in
            let readModel = try ReadModel(dataDirectory: directory + "/a")
            let other = try ReadModel(dataDirectory: directory + "/b")
            try readModel.read { outer in
                let inner = try readModel.read { $0 }
                #expect(inner === outer)
                #expect(outer.isInsideTransaction)
                let foreign = try other.read { $0 }
                #expect(foreign !== outer)
            }
            // After the outer read, a new read gets a transaction of its own again.
            let later = try readModel.read { db in db.isInsideTransaction }
            #expect(later)
        }
    }
}
