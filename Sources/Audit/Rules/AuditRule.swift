import Domain

/// The checks of TCPA.md, by the id the report uses. Federal rules form the default set
/// `federal`; each state set adds an hours rule and a calls-per-24-hours rule that apply to
/// numbers whose area code is in that state. Thread-safe (a value).
public enum AuditRule: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case dnc1 = "DNC-1"
    case optOutConfirm = "OPTOUT-CONFIRM"
    case optOutHonor = "OPTOUT-HONOR"
    case hours1 = "HOURS-1"
    case dncAI = "DNC-AI"
    case dncRetain = "DNC-RETAIN"
    case floridaHours = "FL-HOURS"
    case floridaCalls = "FL-CALLS"
    case oklahomaHours = "OK-HOURS"
    case oklahomaCalls = "OK-CALLS"
    case marylandHours = "MD-HOURS"
    case marylandCalls = "MD-CALLS"

    public static func < (a: AuditRule, b: AuditRule) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var ruleSet: AuditRuleSet {
        switch self {
        case .dnc1, .optOutConfirm, .optOutHonor, .hours1, .dncAI, .dncRetain: .federal
        case .floridaHours, .floridaCalls: .florida
        case .oklahomaHours, .oklahomaCalls: .oklahoma
        case .marylandHours, .marylandCalls: .maryland
        }
    }

    /// What the rule checks, for the report's rule table.
    public var summary: String {
        switch self {
        case .dnc1: "no outbound call/SMS while Do-Not-Contact is in force (by event time), except the opt-out confirmation"
        case .optOutConfirm: "after an SMS opt-out, one confirmation SMS within the confirmation window"
        case .optOutHonor: "every revocation honoured (Do-Not-Contact in force) within the business-day limit"
        case .hours1: "no outbound call/SMS outside the federal calling window in the called party's local time"
        case .dncAI: "the AI never clears a Do-Not-Contact that staff or the system set"
        case .dncRetain: "every Do-Not-Contact stays in force for the retention period unless the customer opts back in; no position missing from the log"
        case .floridaHours, .oklahomaHours, .marylandHours: "no outbound call/SMS outside the state calling window to a number of that state"
        case .floridaCalls, .oklahomaCalls, .marylandCalls: "at most the state's number of calls per rolling 24 hours to one number of that state"
        }
    }

    /// The rule's basis, as TCPA.md cites it.
    public var basis: String {
        switch self {
        case .dnc1: "47 CFR 64.1200(d)"
        case .optOutConfirm: "47 CFR 64.1200(a)(12)"
        case .optOutHonor: "47 CFR 64.1200(a)(10), (d)(3)"
        case .hours1: "47 CFR 64.1200(c)(1)"
        case .dncAI: "product rule"
        case .dncRetain: "47 CFR 64.1200(d)(6)"
        case .floridaHours, .floridaCalls: "Fla. Stat. 501.059"
        case .oklahomaHours, .oklahomaCalls: "Okla. Stat. tit. 15, 775C.1"
        case .marylandHours, .marylandCalls: "Md. Code, Com. Law 14-4501"
        }
    }

    public static func rules(of set: AuditRuleSet) -> [AuditRule] { allCases.filter { $0.ruleSet == set } }
}

extension AuditRuleSet {
    /// The postal code of the state whose numbers the set applies to; nil for `federal`.
    var stateCode: String? {
        switch self {
        case .federal: nil
        case .florida: "FL"
        case .oklahoma: "OK"
        case .maryland: "MD"
        }
    }

    var hoursRule: AuditRule? {
        switch self {
        case .federal: .hours1
        case .florida: .floridaHours
        case .oklahoma: .oklahomaHours
        case .maryland: .marylandHours
        }
    }

    var callsRule: AuditRule? {
        switch self {
        case .federal: nil
        case .florida: .floridaCalls
        case .oklahoma: .oklahomaCalls
        case .maryland: .marylandCalls
        }
    }
}
