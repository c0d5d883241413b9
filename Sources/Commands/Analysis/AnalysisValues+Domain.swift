import Domain

// The analysis adapter's local value sets mapped to Domain's enums (the sets are the same;
// AnalysisValues.swift). Exhaustive switches so that a case added on either side fails to
// compile here rather than trapping at run time.

extension CallStateValue {
    var domain: CallState {
        switch self {
        case .humanConversation: .humanConversation
        case .voicemail: .voicemail
        case .noAnswer: .noAnswer
        case .busy: .busy
        case .automatedSystem: .automatedSystem
        case .wrongNumber: .wrongNumber
        case .dropped: .dropped
        case .unknown: .unknown
        }
    }
}

extension LifecycleStageValue {
    var domain: LifecycleStage {
        switch self {
        case .lead: .lead
        case .member: .member
        case .churned: .churned
        case .unknown: .unknown
        }
    }
}

extension LifecycleStateValue {
    var domain: LifecycleState {
        switch self {
        case .active: .active
        case .frozen: .frozen
        case .terminal: .terminal
        }
    }
}

extension LeadStatusValue {
    var domain: LeadStatus {
        switch self {
        case .new: .new
        case .attempted: .attempted
        case .connected: .connected
        case .booked: .booked
        case .badTiming: .badTiming
        case .notInterested: .notInterested
        case .unreachable: .unreachable
        case .lostContact: .lostContact
        case .neglected: .neglected
        case .showed: .showed
        case .trialed: .trialed
        case .converted: .converted
        }
    }
}

extension PurchaseIntentValue {
    var domain: PurchaseIntent {
        switch self {
        case .high: .high
        case .medium: .medium
        case .low: .low
        }
    }
}

extension PriorityValue {
    var domain: TaskPriority {
        switch self {
        case .high: .high
        case .medium: .medium
        case .low: .low
        }
    }
}
