import Domain
import EventStore
import Foundation
import GRDB

/// One call or message of a contact's communication log (seed 002: calls and SMS merged,
/// newest first). Thread-safe (a value).
public struct CommunicationView: Codable, Sendable, Equatable {
    /// `call` or `message`.
    public var kind: String
    public var id: String
    public var time: String
    public var direction: String
    /// Message type (`SMS`, `VoiceMail`, …) or `Call`.
    public var type: String
    /// Calls: result (`Accepted`, `Missed`, …) and callState; messages: status.
    public var result: String?
    public var callState: String?
    public var durationSeconds: Int64?
    public var subject: String?
    public var messageStatus: String?
    public var readStatus: String?
    public var hasRecording: Bool?
    public var logPosition: UInt64
}

public struct CommunicationsPage: Codable, Sendable, Equatable {
    public var items: [CommunicationView]
    public var nextCursor: String?
}

extension ReadModel {
    /// A contact's calls and messages, merged, newest first (time, then log position).
    public func communications(storeId: String, phone: String, limit: Int = 50, cursor: String? = nil) throws
        -> CommunicationsPage
    {
        try PageCursor.checkLimit(limit)
        var condition = ""
        var arguments: [(any DatabaseValueConvertible)?] = [storeId, phone, storeId, phone]
        if let cursor {
            let (time, position) = try PageCursor.decode(cursor)
            condition = "WHERE time < ? OR (time = ? AND logPosition < ?)"
            arguments += [time, time, position]
        }
        let sql = """
            SELECT * FROM (
                SELECT 'call' AS kind, callId AS id, startTime AS time, direction, 'Call' AS type, result, callState,
                    durationSeconds, NULL AS subject, NULL AS messageStatus, NULL AS readStatus, hasRecording, logPosition
                FROM calls WHERE storeId = ? AND customerPhone = ?
                UNION ALL
                SELECT 'message', messageId, creationTime, direction, messageType, NULL, NULL, NULL, subject,
                    messageStatus, readStatus, NULL, logPosition
                FROM messages WHERE storeId = ? AND customerPhone = ?
            )
            \(condition)
            ORDER BY time DESC, logPosition DESC
            LIMIT \(limit + 1)
            """
        return try read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
            let items = rows.prefix(limit).map { row in
                CommunicationView(
                    kind: row["kind"], id: row["id"], time: ISO.string(row["time"])!, direction: row["direction"],
                    type: row["type"], result: row["result"], callState: row["callState"],
                    durationSeconds: row["durationSeconds"], subject: row["subject"], messageStatus: row["messageStatus"],
                    readStatus: row["readStatus"], hasRecording: row["hasRecording"],
                    logPosition: UInt64(row["logPosition"] as Int64))
            }
            let next = rows.count > limit ? rows.prefix(limit).last.map { PageCursor.encode($0["time"], $0["logPosition"]) } : nil
            return CommunicationsPage(items: Array(items), nextCursor: next)
        }
    }
}
