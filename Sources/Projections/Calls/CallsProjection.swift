import Domain
import GRDB

/// calls (RingCentral call log; the latest AI `callState`) and `contact_call_stats`, the
/// figures the contacts page derives from calls (`ContactCallStats`). The figures are
/// recomputed from the contact's call rows after each change (an index range), so a second
/// analysis that changes a call's state is reflected exactly; a full rebuild's load computes
/// them once at the end instead (`RebuildLoad`). An analysis that arrives before its call waits in
/// `call_analyses_pending`. Stateless (thread-safe).
struct CallsProjection: Projection {
    var name: ProjectionName { .calls }
    /// False while a full rebuild loads: the figures are computed once at the end (`RebuildLoad`).
    let maintainsStats: Bool

    init(maintainsStats: Bool = true) {
        self.maintainsStats = maintainsStats
    }

    func apply(_ event: ProjectedEvent, in db: Database) throws {
        switch event.payload {
        case .callLogged(let call):
            try db.cachedStatement(
                sql: """
                    INSERT INTO calls (callId, sessionId, storeId, franchiseId, accountId, startTime, durationSeconds,
                        direction, result, fromParty, toParty, customerPhone, hasRecording, recording, logPosition)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (callId) DO NOTHING
                    """
            ).execute { bindings in
                bindings.add(call.callId.rawValue)
                bindings.add(call.sessionId)
                bindings.add(call.storeId.rawValue)
                bindings.add(call.franchiseId?.rawValue)
                bindings.add(call.accountId?.rawValue)
                bindings.add(call.startTime.micros)
                bindings.add(call.durationSeconds)
                bindings.add(call.direction.rawValue)
                bindings.add(call.result)
                bindings.add(Self.json(call.from))
                bindings.add(Self.json(call.to))
                bindings.add(call.customerPhone?.e164)
                bindings.add(call.hasRecording)
                bindings.add(call.recording.map(Self.json))
                bindings.add(Int64(event.position))
            }
            if let pending = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT callState, analyzedAt FROM call_analyses_pending WHERE callId = ?"),
                arguments: [call.callId.rawValue])
            {
                try setState(callId: call.callId.rawValue, state: pending["callState"], analyzedAt: pending["analyzedAt"], db: db)
                try db.cachedStatement(sql: "DELETE FROM call_analyses_pending WHERE callId = ?").execute(arguments: [
                    call.callId.rawValue
                ])
            }
            if maintainsStats, let phone = call.customerPhone {
                try ContactCallStats.refresh(storeId: call.storeId.rawValue, phone: phone.e164, in: db)
            }
        case .callAnalyzed(let analysis):
            let callId = analysis.callId.rawValue
            let target = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT storeId, customerPhone FROM calls WHERE callId = ?"), arguments: [callId])
            guard let target else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO call_analyses_pending (callId, callState, analyzedAt) VALUES (?, ?, ?)
                        ON CONFLICT (callId) DO UPDATE SET callState = excluded.callState, analyzedAt = excluded.analyzedAt
                        WHERE excluded.analyzedAt >= call_analyses_pending.analyzedAt
                        """
                ).execute(arguments: [callId, analysis.callState.rawValue, analysis.analyzedAt.micros])
                return
            }
            try setState(callId: callId, state: analysis.callState.rawValue, analyzedAt: analysis.analyzedAt.micros, db: db)
            if maintainsStats, let phone: String = target["customerPhone"] {
                try ContactCallStats.refresh(storeId: target["storeId"], phone: phone, in: db)
            }
        default:
            break
        }
    }

    /// The latest analysis (by analyzedAt; equal times: the later in the log) wins.
    private func setState(callId: String, state: String, analyzedAt: Int64, db: Database) throws {
        try db.cachedStatement(
            sql: "UPDATE calls SET callState = ?, analyzedAt = ? WHERE callId = ? AND (analyzedAt IS NULL OR analyzedAt <= ?)"
        ).execute(arguments: [state, analyzedAt, callId, analyzedAt])
    }

    static func json(_ value: some Encodable) -> String {
        String(decoding: EventCodec.canonicalJSON(value), as: UTF8.self)
    }
}
