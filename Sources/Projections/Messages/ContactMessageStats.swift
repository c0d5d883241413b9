import Domain
import GRDB

/// `contact_message_stats`: smsCount, the SMS with the contact's phone on either side. Live,
/// each SMS row inserted counts one (`count`); a full rebuild's load counts the final message
/// rows once (`fill`). Stateless (thread-safe).
enum ContactMessageStats {
    /// Counts one more SMS for the contact.
    static func count(storeId: String, phone: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO contact_message_stats (storeId, phone, smsCount) VALUES (?, ?, 1)
                ON CONFLICT (storeId, phone) DO UPDATE SET smsCount = smsCount + 1
                """
        ).execute(contact: storeId, phone)
    }

    /// Counts every contact's SMS rows, into an empty table: what counting each SMS row as it
    /// was inserted leaves (`RebuildLoad`).
    static func fill(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO contact_message_stats (storeId, phone, smsCount)
                SELECT storeId, customerPhone, COUNT(*) FROM messages
                WHERE customerPhone IS NOT NULL AND messageType = ? GROUP BY storeId, customerPhone
                """, arguments: [MessageType.sms.rawValue])
    }
}
