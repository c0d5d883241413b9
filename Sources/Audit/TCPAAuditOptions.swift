import Domain
import EventStore

/// What to audit (API.md: `audit tcpa [--store ID] [--from T] [--to T] [--rule-sets a,b]`,
/// `GET /v1/audit/tcpa?storeId=&from=&to=&ruleSets=`). Thread-safe (a value).
public struct TCPAAuditOptions: Sendable {
    /// One store, or every store (admin only, API.md).
    public var storeId: StoreID?
    /// Report events with occurredAt in `[from, to)`; nil = unbounded.
    public var from: Timestamp?
    public var to: Timestamp?
    /// Rule sets to apply instead of each store's configured `ruleSets`.
    public var ruleSets: [AuditRuleSet]?
    public var parameters: TCPAParameters
    public var zoneTable: NANPZoneTable

    public init(
        storeId: StoreID? = nil, from: Timestamp? = nil, to: Timestamp? = nil, ruleSets: [AuditRuleSet]? = nil,
        parameters: TCPAParameters = .standard, zoneTable: NANPZoneTable = .embedded
    ) {
        self.storeId = storeId
        self.from = from
        self.to = to
        self.ruleSets = ruleSets
        self.parameters = parameters
        self.zoneTable = zoneTable
    }

    /// Options from text as a command line or a query string carries them (`storeId`, `from`,
    /// `to` as ISO-8601 instants, `ruleSets` comma-separated); a bad value is an
    /// `.invalidField` naming it. Absent or empty values mean "no filter".
    public init(storeId: String?, from: String?, to: String?, ruleSets: String?, zoneTable: NANPZoneTable = .embedded) throws(AuditError) {
        self.init(zoneTable: zoneTable)
        if let storeId, !storeId.isEmpty {
            do { self.storeId = try StoreID(storeId) } catch { throw .invalidField(field: "storeId", reason: "'\(storeId.prefix(60))' is not a store id (a UUID)") }
        }
        self.from = try Self.instant(from, field: "from")
        self.to = try Self.instant(to, field: "to")
        if let from = self.from, let to = self.to, to <= from {
            throw .invalidField(field: "to", reason: "must be later than from")
        }
        if let ruleSets, !ruleSets.isEmpty {
            var sets: [AuditRuleSet] = []
            for name in ruleSets.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                guard let set = AuditRuleSet(rawValue: name) else {
                    throw .invalidField(field: "ruleSets", reason: "'\(name.prefix(40))' is not a rule set (federal, florida, oklahoma, maryland)")
                }
                if !sets.contains(set) { sets.append(set) }
            }
            self.ruleSets = sets
        }
    }

    static func instant(_ text: String?, field: String) throws(AuditError) -> Timestamp? {
        guard let text, !text.isEmpty else { return nil }
        guard let time = ISOTime.parseTimestamp(text) else {
            throw .invalidField(field: field, reason: "'\(text.prefix(40))' is not an ISO-8601 instant (e.g. 2026-03-05T04:30:00Z)")
        }
        return time
    }
}
