import Domain
import GRDB

/// Writes `contact_timeline` entries (READMODELS.md). An entry's id is the UUIDv5 of its
/// idempotency key and the key is UNIQUE, so applying an event twice — which the checkpoint
/// already prevents — would still make one entry. Stateless (thread-safe).
struct ContactTimeline {
    struct Entry {
        var type: TimelineEntryType
        var key: String
        var storeId: String
        var phone: String
        var franchiseId: String?
        var accountId: String?
        var entityType: String
        var entityId: String
        var occurredAt: Int64
        var actor: EventActor
        var oldValue: String?
        var newValue: String?
    }

    static func insert(_ entry: Entry, position: UInt64, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO contact_timeline (timelineId, storeId, contactPhone, franchiseId, accountId, eventType,
                    eventCategory, entityType, entityId, occurredAt, actorType, actorId, oldValue, newValue,
                    idempotencyKey, logPosition)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (idempotencyKey) DO NOTHING
                """)
        try statement.execute { bindings in
            bindings.add(DeterministicIDs.timelineID(idempotencyKey: entry.key))
            bindings.add(entry.storeId)
            bindings.add(entry.phone)
            bindings.add(entry.franchiseId)
            bindings.add(entry.accountId)
            bindings.add(entry.type.rawValue)
            bindings.add(entry.type.category)
            bindings.add(entry.entityType)
            bindings.add(entry.entityId)
            bindings.add(entry.occurredAt)
            bindings.add(entry.actor.type.rawValue)
            bindings.add(entry.actor.id)
            bindings.add(entry.oldValue)
            bindings.add(entry.newValue)
            bindings.add(entry.key)
            bindings.add(Int64(position))
        }
    }

    /// The key of an entry derived from (not mirroring) an event: `<entry type>:<event key>`
    /// (`TimelineKeys.leadStatusChanged` has this form).
    static func derivedKey(_ type: TimelineEntryType, causedBy eventKey: String) -> String {
        "\(type.rawValue):\(eventKey)"
    }

    /// `{"k":"v",…}` with sorted keys and absent values omitted, for old/new values — the
    /// same bytes `EventCodec.canonicalJSON` gives a `[String: String]`, written directly with
    /// `JSONString` (one entry per event: JSONEncoder, and then building a Dictionary for each
    /// entry, were visible shares of a rebuild). Keys are distinct.
    static func json(_ fields: KeyValuePairs<String, String?>) -> String {
        var out = "{"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let value else { continue }
            if out.utf8.count > 1 { out += "," }
            JSONString.append(key, to: &out)
            out += ":"
            JSONString.append(value, to: &out)
        }
        return out + "}"
    }
}
