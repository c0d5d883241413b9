import Foundation

/// One AI-suggested action (READMODELS.md contacts #14).
public struct SuggestedAction: Codable, Hashable, Sendable {
    public var action: String
    public var priority: TaskPriority
    public var reason: String?
    public var priorityReason: String?

    public init(action: String, priority: TaskPriority, reason: String? = nil, priorityReason: String? = nil) {
        self.action = action.trimmingWhitespace()
        self.priority = priority
        self.reason = Text.clean(reason)
        self.priorityReason = Text.clean(priorityReason)
    }
}

/// One AI-inferred goal (READMODELS.md contacts #21).
public struct ContactGoal: Codable, Hashable, Sendable {
    public var goal: String
    public var reason: String?

    public init(goal: String, reason: String? = nil) {
        self.goal = goal.trimmingWhitespace()
        self.reason = Text.clean(reason)
    }
}

/// `contact.analyzed`: a contact AI analysis result (PRODUCT.md "AI contact analysis",
/// INTAKE.md `POST /v1/ingest/analysis/contact`). Absent (nil) fields leave the contact's
/// field unchanged. `leadObjections` and `leadRejectionReasons` are free-text labels: the
/// source documents give no closed set (seed 002 #17/#18: "tags"), so they are trimmed and
/// de-duplicated, not validated against a list. The AI may set doNotContact but never clear
/// a staff/system one — a projection rule, recorded here as sent. Stream
/// `contact/<storeId>/<phone>`, key `contact.analyzed:<analysisId>`, actor `ai`,
/// occurredAt = analyzedAt.
public struct ContactAnalyzed: EventPayload {
    public static var eventType: EventType { .contactAnalyzed }

    public var analysisId: AnalysisID
    public var storeId: StoreID
    public var phone: PhoneNumber
    public var analyzedAt: Date
    public var lifecycleStage: LifecycleStage?
    public var lifecycleState: LifecycleState?
    public var leadStatus: LeadStatus?
    public var leadStatusReason: String?
    public var leadObjections: [String]?
    public var leadRejectionReasons: [String]?
    public var purchaseIntent: PurchaseIntent?
    public var purchaseIntentReason: String?
    public var goals: [ContactGoal]?
    public var customerSummary: String?
    public var actionNeeded: Bool?
    public var actionNeededReason: String?
    public var suggestedActions: [SuggestedAction]?
    public var hasOpenComplaint: Bool?
    public var doNotContact: Bool?

    public init(
        analysisId: AnalysisID, storeId: StoreID, phone: PhoneNumber, analyzedAt: Date,
        lifecycleStage: LifecycleStage? = nil, lifecycleState: LifecycleState? = nil, leadStatus: LeadStatus? = nil,
        leadStatusReason: String? = nil, leadObjections: [String]? = nil, leadRejectionReasons: [String]? = nil,
        purchaseIntent: PurchaseIntent? = nil, purchaseIntentReason: String? = nil, goals: [ContactGoal]? = nil,
        customerSummary: String? = nil, actionNeeded: Bool? = nil, actionNeededReason: String? = nil,
        suggestedActions: [SuggestedAction]? = nil, hasOpenComplaint: Bool? = nil, doNotContact: Bool? = nil
    ) {
        self.analysisId = analysisId
        self.storeId = storeId
        self.phone = phone
        self.analyzedAt = analyzedAt
        self.lifecycleStage = lifecycleStage
        self.lifecycleState = lifecycleState
        self.leadStatus = leadStatus
        self.leadStatusReason = Text.clean(leadStatusReason)
        self.leadObjections = leadObjections.map(Self.labels)
        self.leadRejectionReasons = leadRejectionReasons.map(Self.labels)
        self.purchaseIntent = purchaseIntent
        self.purchaseIntentReason = Text.clean(purchaseIntentReason)
        self.goals = goals
        self.customerSummary = Text.clean(customerSummary)
        self.actionNeeded = actionNeeded
        self.actionNeededReason = Text.clean(actionNeededReason)
        self.suggestedActions = suggestedActions
        self.hasOpenComplaint = hasOpenComplaint
        self.doNotContact = doNotContact
    }

    /// Trimmed, non-empty, first occurrence kept (case-insensitive).
    static func labels(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return Text.clean(values).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The highest priority among the suggested actions (READMODELS.md derived `priority`).
    public var highestPriority: TaskPriority? { suggestedActions?.map(\.priority).max() }

    public var stream: String { Streams.contact(store: storeId, phone: phone) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.contactAnalyzed(analysisId) }
    public var sourceOccurredAt: Date? { analyzedAt }
    public var domainPayload: DomainPayload { .contactAnalyzed(self) }
}
