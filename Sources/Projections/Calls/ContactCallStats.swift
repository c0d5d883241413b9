import GRDB

/// `contact_call_stats`: the figures the contacts page derives from a contact's calls (seed
/// 002 §2) — callCount (outbound calls), firstAttemptedAt (first outbound call),
/// firstConnectedAt (first call whose callState is `human_conversation`). Live, a contact's
/// row is recomputed from its call rows after each change (`refresh`); a full rebuild's load
/// computes every row once from the final call rows (`fill`). Both use `figures`, so they
/// agree. Stateless (thread-safe).
enum ContactCallStats {
    /// The three figures over a set of `calls` rows.
    private static let figures = """
        COUNT(*) FILTER (WHERE direction = 'Outbound'),
        MIN(startTime) FILTER (WHERE direction = 'Outbound'),
        MIN(startTime) FILTER (WHERE callState = 'human_conversation')
        """

    /// Recomputes one contact's row from its calls.
    static func refresh(storeId: String, phone: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO contact_call_stats (storeId, phone, callCount, firstAttemptedAt, firstConnectedAt)
                SELECT ?1, ?2, \(figures)
                FROM calls WHERE storeId = ?1 AND customerPhone = ?2
                ON CONFLICT (storeId, phone) DO UPDATE SET callCount = excluded.callCount,
                    firstAttemptedAt = excluded.firstAttemptedAt, firstConnectedAt = excluded.firstConnectedAt
                """
        ).execute(contact: storeId, phone)
    }

    /// Computes every contact's row from the calls, into an empty table: what refreshing each
    /// contact after each of its calls and analyses leaves (`RebuildLoad`).
    static func fill(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO contact_call_stats (storeId, phone, callCount, firstAttemptedAt, firstConnectedAt)
                SELECT storeId, customerPhone, \(figures)
                FROM calls WHERE customerPhone IS NOT NULL GROUP BY storeId, customerPhone
                """)
    }
}
