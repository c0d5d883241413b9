import Domain
import GRDB

/// The tasks projection's own view of Do-Not-Contact (`task_contact_dnc`, schema tasks.v2):
/// what it needs to keep outreach away from a contact who must not be contacted (issue 15,
/// "Do-Not-Contact ends outreach"; TCPA.md). A lead for a contact listed here makes no
/// `lead_outreach` task; the outreach sweep (`ReadModel.doNotContactTasks`) lists the open
/// outbound tasks of the contacts listed here for cancellation.
///
/// It follows the same events and the same precedence rule (`ReadModelRules.doNotContact`,
/// `DoNotContactRule`) as the contacts projection's `doNotContact` column, but from its own
/// table: a projection reads nothing another one writes (`ProjectionName`).
extension TasksProjection {
    /// Applies the DNC part of `event`; false when the event has none.
    func applyDoNotContact(_ event: ProjectedEvent, db: Database) throws -> Bool {
        switch event.payload {
        case .contactOptedOut(let optOut):
            try doNotContact(.set(.system), storeId: optOut.storeId, phone: optOut.phone, db: db)
        case .contactOptedIn(let optIn):
            try doNotContact(.clear(.system), storeId: optIn.storeId, phone: optIn.phone, db: db)
        case .contactDNCSet(let set):
            try doNotContact(.set(event.actor.type == .ai ? .ai : .staff), storeId: set.storeId, phone: set.phone, db: db)
        case .contactDNCCleared(let cleared):
            try doNotContact(.clear(event.actor.type == .ai ? .ai : .staff), storeId: cleared.storeId, phone: cleared.phone, db: db)
        case .contactAnalyzed(let analysis):
            guard let flag = analysis.doNotContact else { return true }
            try doNotContact(flag ? .set(.ai) : .clear(.ai), storeId: analysis.storeId, phone: analysis.phone, db: db)
        case .contactMerged(let merged):
            // The target keeps the strictest DNC of both contacts, as the contacts projection's row.
            guard merged.recordedOn == .target else { return true }
            let storeId = merged.storeId.rawValue
            let target = try doNotContact(storeId: storeId, phone: merged.targetPhone.e164, db: db)
            let source = try doNotContact(storeId: storeId, phone: merged.sourcePhone.e164, db: db)
            let strongest = DoNotContactRule.strongest(target, source)
            if strongest != target { try save(strongest, storeId: storeId, phone: merged.targetPhone.e164, db: db) }
        default:
            return false
        }
        return true
    }

    /// The DNC in force for a contact, as this projection knows it.
    func doNotContact(storeId: String, phone: String, db: Database) throws -> DoNotContactSource? {
        let statement = try db.cachedStatement(sql: "SELECT source FROM task_contact_dnc WHERE storeId = ? AND contactPhone = ?")
        let raw = try statement.fetchFirst(
            binding: { bindings in
                bindings.add(storeId)
                bindings.add(phone)
            }, { columns in columns.text(0) })
        return raw.flatMap { $0 }.flatMap(DoNotContactSource.init(rawValue:))
    }

    private func doNotContact(_ request: DoNotContactRequest, storeId: StoreID, phone: PhoneNumber, db: Database) throws {
        let current = try doNotContact(storeId: storeId.rawValue, phone: phone.e164, db: db)
        guard let change = ReadModelRules.doNotContact(current: current, request: request) else { return }
        try save(change.inForce, storeId: storeId.rawValue, phone: phone.e164, db: db)
    }

    private func save(_ source: DoNotContactSource?, storeId: String, phone: String, db: Database) throws {
        if let source {
            try db.cachedStatement(
                sql: """
                    INSERT INTO task_contact_dnc (storeId, contactPhone, source) VALUES (?, ?, ?)
                    ON CONFLICT (storeId, contactPhone) DO UPDATE SET source = excluded.source
                    """
            ).execute { bindings in
                bindings.add(storeId)
                bindings.add(phone)
                bindings.add(source.rawValue)
            }
        } else {
            try db.cachedStatement(sql: "DELETE FROM task_contact_dnc WHERE storeId = ? AND contactPhone = ?")
                .execute(contact: storeId, phone)
        }
    }
}
