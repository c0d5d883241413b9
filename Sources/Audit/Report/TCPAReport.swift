import EventStore

/// The TCPA audit's result (TCPA.md "Output"): the rules and parameters used, the log range
/// replayed with the checksum of its last batch, counts, each revocation with the time it took
/// to honour, and each violation with its evidence. JSON field names below are the report's
/// contract (docs/AUDIT.md).
///
/// Deterministic: the same log and options give the same value, and `jsonBytes()` the same
/// bytes, except `generatedAt`, which the caller passes in (the audit never reads a clock).
/// Thread-safe (a value).
public struct TCPAReport: Sendable, Hashable, Codable {
    public var report = "contactledger.tcpa-audit"
    public var formatVersion = 1
    public var generatedAt: String
    /// The sets requested, or nil when each store's configured `ruleSets` applied.
    public var requestedRuleSets: [String]?
    public var rules: [RuleInfo]
    public var parameters: Parameters
    public var filters: Filters
    public var range: ReplayedRange
    public var zoneTable: ZoneTableInfo
    public var stores: [StoreInfo]
    public var counts: Counts
    public var revocations: [Revocation]
    public var violations: [Violation]

    public struct RuleInfo: Sendable, Hashable, Codable {
        public var id: String
        public var ruleSet: String
        public var summary: String
        public var basis: String
    }

    public struct Parameters: Sendable, Hashable, Codable {
        public var federalWindow: String
        public var stateWindow: String
        public var stateCallsPer24HoursMax: Int
        public var confirmationWindowSeconds: Int
        public var honorBusinessDaysMax: Int
        public var businessDays: String
        public var retainYears: Int
        public var optOutKeywords: [String]
    }

    public struct Filters: Sendable, Hashable, Codable {
        public var storeId: String?
        /// Violations, revocations and counts cover events with occurredAt in `[from, to)`;
        /// state (Do-Not-Contact, opt-outs) is always built from the whole log.
        public var from: String?
        public var to: String?
    }

    public struct ReplayedRange: Sendable, Hashable, Codable {
        public var firstPosition: UInt64
        public var lastPosition: UInt64
        public var eventsReplayed: UInt64
        /// The stored CRC-32 of the batch frame holding `lastPosition`, and where it is.
        public var lastBatchChecksum: Checksum?
        /// The latest recordedAt in the log: "now" for revocations not yet honoured.
        public var horizon: String?
    }

    public struct Checksum: Sendable, Hashable, Codable {
        public var crc32: String
        public var segmentFirstPosition: UInt64
        public var segmentSealed: Bool
        public var batchFirstPosition: UInt64
        public var batchLastPosition: UInt64
    }

    public struct ZoneTableInfo: Sendable, Hashable, Codable {
        public var source: String
        public var prefixes: Int
    }

    public struct StoreInfo: Sendable, Hashable, Codable {
        public var storeId: String
        public var name: String?
        public var timeZone: String?
        public var ruleSets: [String]
        /// False when the log has contact events for a store it never registered.
        public var registered: Bool
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var outboundCalls = 0
        public var outboundSMS = 0
        public var optOuts = 0
        public var revocations = 0
        public var contactsAudited = 0
        public var violations = 0
        public var violationsByRule: [String: Int] = [:]
    }

    public struct Revocation: Sendable, Hashable, Codable {
        public var storeId: String
        public var phone: String
        public var position: UInt64
        public var eventType: String
        public var keyword: String?
        public var actor: String?
        public var receivedAt: String
        public var honouredAt: String?
        public var honouredPosition: UInt64?
        /// When the honouring event reached the log (a late webhook shows here).
        public var honouredRecordedAt: String?
        public var seconds: Int64?
        public var businessDays: Int
        /// `honoured`, `late`, `not_honoured`, `pending` (deadline not reached at the horizon),
        /// `withdrawn` (the customer opted back in first).
        public var outcome: String
    }

    public struct Violation: Sendable, Hashable, Codable {
        public var rule: String
        public var ruleSet: String
        public var storeId: String
        public var phone: String
        public var position: UInt64
        public var eventType: String
        public var occurredAt: String
        public var recordedAt: String
        /// The called party's wall clock in each candidate zone (`2026-03-04T20:30:00-08:00`).
        public var localTimes: [LocalTime]
        /// No zone for this number's prefix: the store's zone was used.
        public var timeZoneUncertain: Bool
        /// Who placed the call or SMS, or who made the change (`staff:u-17`, `ai`).
        public var actor: String?
        public var evidence: [Evidence]
        public var detail: String
    }

    public struct LocalTime: Sendable, Hashable, Codable {
        public var zone: String
        public var time: String
    }

    public struct Evidence: Sendable, Hashable, Codable {
        /// What this event shows: `dnc_in_force`, `dnc_owner`, `opt_out`, `confirmation`,
        /// `revocation`, `earlier_call`, `dnc_cleared`, `gap`.
        public var role: String
        public var position: UInt64
        public var eventType: String
        public var occurredAt: String
        public var recordedAt: String
        public var actor: String?
    }
}
