import Domain
import EventStore
import Foundation
import GRDB

/// One contact_timeline entry as the API shows it. Thread-safe (a value).
public struct TimelineEntryView: Codable, Sendable, Equatable {
    public var timelineId: String
    public var eventType: String
    public var eventCategory: String
    public var entityType: String
    public var entityId: String
    public var occurredAt: String
    public var actorType: String
    public var actorId: String
    public var oldValue: JSONValue?
    public var newValue: JSONValue?
    public var logPosition: UInt64
}

/// A page of entries, newest first, and the cursor of the next.
public struct TimelinePage: Codable, Sendable, Equatable {
    public var entries: [TimelineEntryView]
    public var nextCursor: String?
}

extension ReadModel {
    /// A contact's timeline, newest first (occurredAt, then log position, descending).
    public func timeline(storeId: String, phone: String, limit: Int = 50, cursor: String? = nil) throws -> TimelinePage {
        try PageCursor.checkLimit(limit)
        var sql = "SELECT * FROM contact_timeline WHERE storeId = ? AND contactPhone = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [storeId, phone]
        if let cursor {
            let (time, position) = try PageCursor.decode(cursor)
            sql += " AND (occurredAt < ? OR (occurredAt = ? AND logPosition < ?))"
            arguments += [time, time, position]
        }
        sql += " ORDER BY occurredAt DESC, logPosition DESC, timelineId DESC LIMIT \(limit + 1)"
        return try read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
            let entries = rows.prefix(limit).map { row in
                TimelineEntryView(
                    timelineId: row["timelineId"], eventType: row["eventType"], eventCategory: row["eventCategory"],
                    entityType: row["entityType"], entityId: row["entityId"], occurredAt: ISO.string(row["occurredAt"])!,
                    actorType: row["actorType"], actorId: row["actorId"], oldValue: JSONColumn.value(row["oldValue"]),
                    newValue: JSONColumn.value(row["newValue"]), logPosition: UInt64(row["logPosition"] as Int64))
            }
            let next = rows.count > limit ? rows.prefix(limit).last.map { PageCursor.encode($0["occurredAt"], $0["logPosition"]) } : nil
            return TimelinePage(entries: Array(entries), nextCursor: next)
        }
    }
}

/// Opaque `time.tiebreak` cursors for newest-first pages, and the shared limit rule.
enum PageCursor {
    static let limitMax = 200

    static func checkLimit(_ limit: Int) throws(QueryError) {
        guard (1...limitMax).contains(limit) else { throw QueryError(field: "limit", reason: "must be between 1 and \(limitMax)") }
    }

    static func encode(_ time: Int64, _ tiebreak: Int64) -> String { "\(time).\(tiebreak)" }

    static func decode(_ text: String) throws(QueryError) -> (Int64, Int64) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let time = Int64(parts[0]), let tiebreak = Int64(parts[1]) else {
            throw QueryError(field: "cursor", reason: "is not a cursor this API returned")
        }
        return (time, tiebreak)
    }
}
