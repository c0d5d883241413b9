import Domain
import GRDB

/// messages (RingCentral message-store records; seed 001) and `contact_message_stats`
/// (smsCount: SMS with the contact's phone on either side; `ContactMessageStats`). A full
/// rebuild's load leaves the figures to `ContactMessageStats.fill`. `message.updated` applies only
/// when its lastModifiedTime is newer than the row's, so revisions delivered out of order
/// leave the latest one. Short codes: the row only (customerPhone NULL). Stateless
/// (thread-safe).
struct MessagesProjection: Projection {
    var name: ProjectionName { .messages }
    /// False while a full rebuild loads: the figures are counted once at the end (`RebuildLoad`).
    let maintainsStats: Bool

    init(maintainsStats: Bool = true) {
        self.maintainsStats = maintainsStats
    }

    func apply(_ event: ProjectedEvent, in db: Database) throws {
        switch event.payload {
        case .messageLogged(let message):
            try db.cachedStatement(
                sql: """
                    INSERT INTO messages (messageId, storeId, franchiseId, accountId, conversationId, direction,
                        messageType, fromParty, toParties, customerPhone, shortCode, subject, creationTime,
                        lastModifiedTime, messageStatus, readStatus, attachments, vmTranscriptionStatus, logPosition)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (messageId) DO NOTHING
                    """
            ).execute { bindings in
                bindings.add(message.messageId.rawValue)
                bindings.add(message.storeId.rawValue)
                bindings.add(message.franchiseId?.rawValue)
                bindings.add(message.accountId?.rawValue)
                bindings.add(message.conversationId)
                bindings.add(message.direction.rawValue)
                bindings.add(message.messageType.rawValue)
                bindings.add(CallsProjection.json(message.from))
                bindings.add(message.to.canonicalJSONText)
                bindings.add(message.customerPhone?.e164)
                bindings.add(message.shortCode)
                bindings.add(message.subject)
                bindings.add(message.creationTime.micros)
                bindings.add(message.lastModifiedTime.micros)
                bindings.add(message.messageStatus?.rawValue)
                bindings.add(message.readStatus?.rawValue)
                bindings.add(message.attachments.canonicalJSONText)
                bindings.add(message.vmTranscriptionStatus)
                bindings.add(Int64(event.position))
            }
            guard maintainsStats, db.changesCount > 0, let phone = message.customerPhone, message.messageType == .sms else {
                return
            }
            try ContactMessageStats.count(storeId: message.storeId.rawValue, phone: phone.e164, in: db)
        case .messageUpdated(let update):
            try db.cachedStatement(
                sql: """
                    UPDATE messages SET lastModifiedTime = ?, messageStatus = COALESCE(?, messageStatus),
                        readStatus = COALESCE(?, readStatus), vmTranscriptionStatus = COALESCE(?, vmTranscriptionStatus)
                    WHERE messageId = ? AND storeId = ? AND lastModifiedTime < ?
                    """
            ).execute(arguments: [
                update.lastModifiedTime.micros, update.messageStatus?.rawValue, update.readStatus?.rawValue,
                update.vmTranscriptionStatus, update.messageId.rawValue, update.storeId.rawValue,
                update.lastModifiedTime.micros,
            ])
        default:
            break
        }
    }
}
