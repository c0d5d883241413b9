import Domain
import EventStore
import Foundation
import GRDB

/// A contact as the Contacts page and the profile show it: the stored fields (READMODELS.md
/// contacts), the figures derived on read (calls, messages, complaints) and the ones
/// computed from the caller's `now` (leadTemperature). Instants are ISO-8601 UTC text with
/// milliseconds; absent values encode as JSON null so every row has every column.
/// Thread-safe (a value).
public struct ContactView: Codable, Sendable, Equatable {
    public var storeId: String
    public var phone: String
    public var franchiseId: String?
    public var accountId: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var lifecycleStage: String?
    public var lifecycleState: String?
    public var notes: String?
    public var doNotContact: Bool
    public var doNotContactUpdatedBy: String?
    public var hasCardOnFile: Bool
    public var lastActivityAt: String?
    public var actionNeeded: Bool
    public var actionNeededReason: String?
    public var suggestedActions: [SuggestedAction]
    /// The highest priority among suggestedActions (the page's one badge).
    public var priority: String?
    public var leadStatus: String?
    public var leadStatusReason: String?
    public var leadObjections: [String]
    public var leadRejectionReasons: [String]
    public var purchaseIntent: String?
    public var purchaseIntentReason: String?
    public var goals: [ContactGoal]
    public var customerSummary: String?
    public var lastContactAnalysisAt: String?
    public var hasOpenComplaint: Bool
    public var createdAt: String
    public var updatedAt: String
    /// The contact stream's version for If-Match: its number of events (0: none yet, e.g. a
    /// contact only a lead has touched). `ExpectedVersion.client` maps it back.
    public var version: Int64
    // Derived on read (seed 002 §2–4).
    public var lastComplaintAt: String?
    public var firstAttemptedAt: String?
    public var firstConnectedAt: String?
    public var callCount: Int64
    public var smsCount: Int64
    public var leadTemperature: String?
    public var leadPipeline: LeadPipeline?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(storeId, forKey: .storeId)
        try container.encode(phone, forKey: .phone)
        try container.encode(franchiseId, forKey: .franchiseId)
        try container.encode(accountId, forKey: .accountId)
        try container.encode(firstName, forKey: .firstName)
        try container.encode(lastName, forKey: .lastName)
        try container.encode(email, forKey: .email)
        try container.encode(lifecycleStage, forKey: .lifecycleStage)
        try container.encode(lifecycleState, forKey: .lifecycleState)
        try container.encode(notes, forKey: .notes)
        try container.encode(doNotContact, forKey: .doNotContact)
        try container.encode(doNotContactUpdatedBy, forKey: .doNotContactUpdatedBy)
        try container.encode(hasCardOnFile, forKey: .hasCardOnFile)
        try container.encode(lastActivityAt, forKey: .lastActivityAt)
        try container.encode(actionNeeded, forKey: .actionNeeded)
        try container.encode(actionNeededReason, forKey: .actionNeededReason)
        try container.encode(suggestedActions, forKey: .suggestedActions)
        try container.encode(priority, forKey: .priority)
        try container.encode(leadStatus, forKey: .leadStatus)
        try container.encode(leadStatusReason, forKey: .leadStatusReason)
        try container.encode(leadObjections, forKey: .leadObjections)
        try container.encode(leadRejectionReasons, forKey: .leadRejectionReasons)
        try container.encode(purchaseIntent, forKey: .purchaseIntent)
        try container.encode(purchaseIntentReason, forKey: .purchaseIntentReason)
        try container.encode(goals, forKey: .goals)
        try container.encode(customerSummary, forKey: .customerSummary)
        try container.encode(lastContactAnalysisAt, forKey: .lastContactAnalysisAt)
        try container.encode(hasOpenComplaint, forKey: .hasOpenComplaint)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(version, forKey: .version)
        try container.encode(lastComplaintAt, forKey: .lastComplaintAt)
        try container.encode(firstAttemptedAt, forKey: .firstAttemptedAt)
        try container.encode(firstConnectedAt, forKey: .firstConnectedAt)
        try container.encode(callCount, forKey: .callCount)
        try container.encode(smsCount, forKey: .smsCount)
        try container.encode(leadTemperature, forKey: .leadTemperature)
        try container.encode(leadPipeline, forKey: .leadPipeline)
    }

    /// The SELECT list and joins every contact query uses (alias `c` for contacts).
    static let selectSQL = """
        SELECT c.*, s.callCount AS callCount, s.firstAttemptedAt AS firstAttemptedAt,
            s.firstConnectedAt AS firstConnectedAt, m.smsCount AS smsCount,
            (SELECT MAX(t.occurredAt) FROM contact_timeline t
                WHERE t.storeId = c.storeId AND t.contactPhone = c.phone AND t.eventType = 'contact.complaint_opened')
                AS lastComplaintAt
        FROM contacts c
        LEFT JOIN contact_call_stats s ON s.storeId = c.storeId AND s.phone = c.phone
        LEFT JOIN contact_message_stats m ON m.storeId = c.storeId AND m.phone = c.phone
        """

    init(row: Row, now: Timestamp) {
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ column: String) -> T? {
            (row[column] as String?).flatMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
        }
        storeId = row["storeId"]
        phone = row["phone"]
        franchiseId = row["franchiseId"]
        accountId = row["accountId"]
        firstName = row["firstName"]
        lastName = row["lastName"]
        email = row["email"]
        lifecycleStage = row["lifecycleStage"]
        lifecycleState = row["lifecycleState"]
        notes = row["notes"]
        doNotContact = row["doNotContact"]
        doNotContactUpdatedBy = row["doNotContactUpdatedBy"]
        hasCardOnFile = row["hasCardOnFile"]
        lastActivityAt = ISO.string(row["lastActivityAt"])
        actionNeeded = row["actionNeeded"]
        actionNeededReason = row["actionNeededReason"]
        suggestedActions = decode([SuggestedAction].self, "suggestedActions") ?? []
        priority = row["priority"]
        leadStatus = row["leadStatus"]
        leadStatusReason = row["leadStatusReason"]
        leadObjections = decode([String].self, "leadObjections") ?? []
        leadRejectionReasons = decode([String].self, "leadRejectionReasons") ?? []
        purchaseIntent = row["purchaseIntent"]
        purchaseIntentReason = row["purchaseIntentReason"]
        goals = decode([ContactGoal].self, "goals") ?? []
        customerSummary = row["customerSummary"]
        lastContactAnalysisAt = ISO.string(row["lastContactAnalysisAt"])
        hasOpenComplaint = row["hasOpenComplaint"]
        let created: Int64 = row["createdAt"]
        createdAt = ISO.string(created)!
        updatedAt = ISO.string(row["updatedAt"])!
        version = row["version"]
        lastComplaintAt = ISO.string(row["lastComplaintAt"])
        firstAttemptedAt = ISO.string(row["firstAttemptedAt"])
        firstConnectedAt = ISO.string(row["firstConnectedAt"])
        callCount = row["callCount"] ?? 0
        smsCount = row["smsCount"] ?? 0
        let status = leadStatus.flatMap(LeadStatus.init(rawValue:))
        leadTemperature = LeadTemperature.of(status: status, createdAt: Timestamp(microsecondsSinceEpoch: created), now: now)?.rawValue
        leadPipeline = lifecycleStage == LifecycleStage.lead.rawValue ? LeadPipeline(status: status) : nil
    }
}

/// Instants as the API shows them.
enum ISO {
    static func string(_ micros: Int64?) -> String? {
        micros.map { ISOTime.string(Timestamp(microsecondsSinceEpoch: $0)) }
    }
}
