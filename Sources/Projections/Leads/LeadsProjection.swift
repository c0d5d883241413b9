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
            ).execute(arguments: [
                lead.leadId.rawValue, lead.storeId?.rawValue, lead.franchiseId?.rawValue, lead.accountId?.rawValue,
                lead.leadType, lead.firstName, lead.lastName, lead.phone?.e164, lead.email?.rawValue, lead.bookedDate,
                lead.bookedTime, lead.subject, lead.from, lead.recipient, lead.trackingId?.rawValue, lead.rawBody,
                lead.isForwarded, lead.forwardedOriginalFrom, lead.forwardedOriginalTo, lead.forwardedOriginalDate,
                lead.receivedAt.micros, lead.receivedAt.micros, event.actor.type.rawValue, event.recordedAt.micros,
                lead.parseWarnings.canonicalJSONText, Int64(event.position),
            ])
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
