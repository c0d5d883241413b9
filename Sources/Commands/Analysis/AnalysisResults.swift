import Domain
import EventStore

/// `POST /v1/ingest/analysis/call` (INTAKE.md): what the per-call AI heard on one call.
/// Becomes `call.analyzed` (callState on the call; names filled on the contact, fill-only).
/// Thread-safe (a value).
public struct CallAnalysis: Hashable, Sendable {
    public var analysisId: String
    /// The RingCentral call-log id.
    public var callId: String
    /// Lower-case canonical UUID; nil when the analyzer did not say (the call's store applies).
    public var storeId: String?
    public var callState: CallState
    /// Trimmed; nil when absent or blank (names are fill-only, a blank fills nothing).
    public var firstName: String?
    public var lastName: String?
    public var summary: String?
    public var analyzedAt: Timestamp
}

/// `POST /v1/ingest/analysis/contact` (INTAKE.md, PRODUCT.md "AI contact analysis"): the
/// contact-level AI fields. Every optional field that is nil was absent (or null) and leaves
/// the contact's value unchanged; an empty list or string is a value and replaces it.
/// Thread-safe (a value).
public struct ContactAnalysis: Hashable, Sendable {
    public var analysisId: String
    /// Lower-case canonical UUID.
    public var storeId: String
    public var phone: PhoneNumber
    public var analyzedAt: Timestamp

    public var lifecycleStage: LifecycleStage?
    public var lifecycleState: LifecycleState?
    public var leadStatus: LeadStatus?
    public var leadStatusReason: String?
    /// Blank entries dropped; order kept.
    public var leadObjections: [String]?
    public var leadRejectionReasons: [String]?
    public var purchaseIntent: PurchaseIntent?
    public var purchaseIntentReason: String?
    public var goals: [Goal]?
    public var customerSummary: String?
    public var actionNeeded: Bool?
    public var actionNeededReason: String?
    public var suggestedActions: [SuggestedAction]?
    public var hasOpenComplaint: Bool?
    /// The AI may set DNC; whether it may clear one is the handler's rule (PRODUCT.md: never
    /// a staff or system DNC), so `false` is passed through as sent.
    public var doNotContact: Bool?

    /// READMODELS.md contacts #21: `goals [{goal, reason}]`.
    public struct Goal: Hashable, Sendable {
        public var goal: String
        public var reason: String?
    }

    /// READMODELS.md contacts #14.
    public struct SuggestedAction: Hashable, Sendable {
        public var action: String
        public var priority: TaskPriority
        public var reason: String?
        public var priorityReason: String?
    }

    /// The Priority badge: the highest priority among the suggested actions.
    public var priority: TaskPriority? { suggestedActions?.map(\.priority).max() }
}

/// Either analysis, for inputs that may hold both kinds (`contactledger ingest analysis`).
public enum AnalysisResult: Hashable, Sendable {
    case call(CallAnalysis)
    case contact(ContactAnalysis)
}
