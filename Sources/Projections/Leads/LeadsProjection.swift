import Domain
import GRDB

/// leads: every field of Flow 1 step ① (seed 000), `processedBy` (the actor that recorded
/// it), `syncedAt` (recordedAt). A redelivery with changed mapping (`lead.updated`) updates
/// leadType, franchiseId, accountId and — forward-only — storeId. Stateless (thread-safe).
struct LeadsProjection: Projection {
    var name: ProjectionName { .leads }

    func apply(_ event: ProjectedEvent, in db: Database) throws {
        switch event.payload {
        case .leadReceived(let lead):
            try db.cachedStatement(
                sql: """
                    INSERT INTO leads (leadId, storeId, franchiseId, accountId, leadType, firstName, lastName, phone, email,
                        bookedDate, bookedTime, subject, fromHeader, recipient, trackingId, rawBody, isForwarded,
                        forwardedOriginalFrom, forwardedOriginalTo, forwardedOriginalDate, receivedAt, lastReceivedAt,
                        processedBy, syncedAt, parseWarnings, logPosition)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (leadId) DO NOTHING
                    """
            ).execute { bindings in
                bindings.add(lead.leadId.rawValue)
                bindings.add(lead.storeId?.rawValue)
                bindings.add(lead.franchiseId?.rawValue)
                bindings.add(lead.accountId?.rawValue)
                bindings.add(lead.leadType)
                bindings.add(lead.firstName)
                bindings.add(lead.lastName)
                bindings.add(lead.phone?.e164)
                bindings.add(lead.email?.rawValue)
                bindings.add(lead.bookedDate)
                bindings.add(lead.bookedTime)
                bindings.add(lead.subject)
                bindings.add(lead.from)
                bindings.add(lead.recipient)
                bindings.add(lead.trackingId?.rawValue)
                bindings.add(lead.rawBody)
                bindings.add(lead.isForwarded)
                bindings.add(lead.forwardedOriginalFrom)
                bindings.add(lead.forwardedOriginalTo)
                bindings.add(lead.forwardedOriginalDate)
                bindings.add(lead.receivedAt.micros)
                bindings.add(lead.receivedAt.micros)
                bindings.add(event.actor.type.rawValue)
                bindings.add(event.recordedAt.micros)
                bindings.add(lead.parseWarnings.canonicalJSONText)
                bindings.add(Int64(event.position))
            }
        case .leadUpdated(let update):
            let current = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT storeId, franchiseId, accountId FROM leads WHERE leadId = ?"),
                arguments: [update.leadId.rawValue])
            guard let current else { return }
            let storeId = ReadModelRules.storeIdForwardOnly(current["storeId"], update.storeId?.rawValue)
            try db.cachedStatement(
                sql: """
                    UPDATE leads SET leadType = ?, storeId = ?, franchiseId = ?, accountId = ?,
                        lastReceivedAt = MAX(lastReceivedAt, ?), syncedAt = ?
                    WHERE leadId = ?
                    """
            ).execute(arguments: [
                update.leadType, storeId, update.franchiseId?.rawValue ?? current["franchiseId"],
                update.accountId?.rawValue ?? current["accountId"], update.receivedAt.micros, event.recordedAt.micros,
                update.leadId.rawValue,
            ])
        default:
            break
        }
    }
}
