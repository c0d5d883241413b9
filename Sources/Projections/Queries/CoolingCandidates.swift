import Domain
import EventStore
import GRDB

/// A lead the cooling sweeper should cool (PRODUCT.md "Lead cooling"): still `new` or
/// `attempted` 5 days after the contact's createdAt. `version` is the contact stream's
/// client version (its number of events) the sweeper expects when it appends `lead.cooled`, so a change that lands
/// in between wins and the sweep retries later. Thread-safe (a value).
public struct CoolingCandidate: Sendable, Equatable {
    public var storeId: String
    public var phone: String
    public var leadStatus: LeadStatus
    public var createdAt: Timestamp
    public var version: UInt64
}

extension ReadModel {
    /// Leads due for cooling at `now`, oldest first, at most `limit`.
    public func coolingCandidates(now: Timestamp, limit: Int = 1_000) throws -> [CoolingCandidate] {
        let cutoff = now.microsecondsSinceEpoch - LeadCooled.coolingPeriodSeconds * 1_000_000
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT storeId, phone, leadStatus, createdAt, version FROM contacts
                    WHERE leadStatus IN ('new', 'attempted') AND createdAt <= ?
                    ORDER BY createdAt, storeId, phone LIMIT ?
                    """, arguments: [cutoff, limit]
            ).compactMap { row in
                guard let status = LeadStatus(rawValue: row["leadStatus"]) else { return nil }
                return CoolingCandidate(
                    storeId: row["storeId"], phone: row["phone"], leadStatus: status,
                    createdAt: Timestamp(microsecondsSinceEpoch: row["createdAt"]), version: UInt64(row["version"] as Int64))
            }
        }
    }
}
