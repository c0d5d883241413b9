/// Who may set and clear Do-Not-Contact (PRODUCT.md "Staff actions", "AI contact analysis",
/// Flow 5 step 5; READMODELS.md contacts #9: "staff set/clear always wins; ai may set, never
/// clear a staff/system DNC; system = opt-out keywords").
///
/// Written once here (Domain) and used by every handler that must decide from the log whether an
/// event may be appended (the AI clearing DNC, an opt-in keyword), by the projections that
/// build the read model and by the TCPA replayer, so all three agree. It is spelled as a
/// precedence:
///
/// | source | rank | may clear |
/// |---|---|---|
/// | staff | 3 | any DNC (`contact.dnc_cleared`) |
/// | system (opt-out keyword) | 2 | only a system DNC (`contact.opted_in`, START/UNSTOP) |
/// | ai | 1 | only an AI DNC (`contact.analyzed` with doNotContact=false) |
///
/// A set by a lower-ranked source leaves a higher-ranked DNC's owner in place (a customer's
/// STOP on top of a staff DNC does not let a later START clear the staff one). A START does
/// not clear an AI DNC either: the AI set it from something the customer said on a call,
/// which a keyword reply does not answer. Thread-safe (stateless).
public enum DoNotContactRule {
    public static func rank(_ source: DoNotContactSource) -> Int {
        switch source {
        case .staff: 3
        case .system: 2
        case .ai: 1
        }
    }

    /// DNC after `setter` sets it on top of `current`.
    public static func set(_ current: DoNotContactSource?, by setter: DoNotContactSource) -> DoNotContactSource {
        guard let current else { return setter }
        return rank(setter) >= rank(current) ? setter : current
    }

    /// DNC after `clearer` asks to clear it: staff clears any; system and ai only their own.
    public static func clear(_ current: DoNotContactSource?, by clearer: DoNotContactSource) -> DoNotContactSource? {
        guard let current else { return nil }
        return clearer == .staff || clearer == current ? nil : current
    }

    /// Whether `clearer` would clear `current` (false when nothing is in force).
    public static func wouldClear(_ current: DoNotContactSource?, by clearer: DoNotContactSource) -> Bool {
        current != nil && clear(current, by: clearer) == nil
    }

    /// The stronger of two (a merge keeps the strictest DNC of both contacts).
    public static func strongest(_ a: DoNotContactSource?, _ b: DoNotContactSource?) -> DoNotContactSource? {
        guard let a else { return b }
        guard let b else { return a }
        return rank(a) >= rank(b) ? a : b
    }
}
