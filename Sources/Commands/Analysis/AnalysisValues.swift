// AI-analysis value sets (INTAKE.md, READMODELS.md contacts, seed 002). Local to the analysis
// adapter until Domain publishes its enums; the lead will unify them. The sets and raw
// values match Domain's (`CallState`, `LifecycleStage`, `LifecycleState`, `LeadStatus`,
// `PurchaseIntent`) so the swap changes no accepted input. Matching is
// `JSONField.oneOf`'s: case-insensitive, spaces and hyphens read as underscores.

/// What the per-call analysis says happened (PRODUCT.md "Calls": `human_conversation`,
/// `voicemail`, `no_answer`, …). The documents give no closed list; this is Domain's set.
public enum CallStateValue: String, CaseIterable, Hashable, Sendable, Codable {
    case humanConversation = "human_conversation"
    case voicemail
    case noAnswer = "no_answer"
    case busy
    case automatedSystem = "automated_system"
    case wrongNumber = "wrong_number"
    case dropped
    case unknown

    /// First Connected counts only real conversations (seed 002 §3).
    public var isConnected: Bool { self == .humanConversation }
}

/// READMODELS.md contacts #6.
public enum LifecycleStageValue: String, CaseIterable, Hashable, Sendable, Codable {
    case lead
    case member
    case churned
    case unknown
}

/// READMODELS.md contacts #7.
public enum LifecycleStateValue: String, CaseIterable, Hashable, Sendable, Codable {
    case active
    case frozen
    case terminal
}

/// READMODELS.md contacts #15: nine shown, `showed`/`trialed`/`converted` stored only.
public enum LeadStatusValue: String, CaseIterable, Hashable, Sendable, Codable {
    case new
    case attempted
    case connected
    case booked
    case badTiming = "bad_timing"
    case notInterested = "not_interested"
    case unreachable
    case lostContact = "lost_contact"
    case neglected
    case showed
    case trialed
    case converted
}

/// READMODELS.md contacts #19 (leads only).
public enum PurchaseIntentValue: String, CaseIterable, Hashable, Sendable, Codable {
    case high
    case medium
    case low
}

/// `suggestedActions[].priority` (READMODELS.md contacts #14; the UI shows the highest).
public enum PriorityValue: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case high
    case medium
    case low

    /// `high` > `medium` > `low`, so `max()` of a contact's actions is its badge.
    public static func < (a: PriorityValue, b: PriorityValue) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }
}
