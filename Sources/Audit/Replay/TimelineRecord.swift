import Domain

/// One event of a contact's history that a rule reads, in 32 bytes. The replayer keeps these
/// per contact and the evaluator sorts them by event time (a late-delivered STOP sorts before
/// the call that was logged ahead of it). Thread-safe (a value).
struct TimelineRecord: Sendable {
    enum Kind: UInt8, Sendable {
        case outboundCall
        case outboundSMS
        /// An inbound SMS whose text is an opt-out keyword (`aux`: keyword string index).
        case inboundKeywordSMS
        /// `contact.opted_out` (`aux`: keyword string index).
        case optedOut
        case optedIn
        /// `contact.dnc_set` by staff (`aux`: actor string index).
        case dncSetStaff
        /// `contact.dnc_set` by the AI, or `contact.analyzed` with doNotContact=true.
        case dncSetAI
        /// `contact.dnc_cleared` by staff (`aux`: actor string index).
        case dncClearedStaff
        /// `contact.dnc_cleared` by the AI, or `contact.analyzed` with doNotContact=false.
        case dncClearedAI
        /// The target copy of `contact.merged` (`aux`: index of the source contact).
        case mergedFrom

        /// Events that change Do-Not-Contact sort before contact at the same instant: a DNC set
        /// at 10:00:00.000000 is in force for a call at that same microsecond.
        var changesDoNotContact: Bool {
            switch self {
            case .outboundCall, .outboundSMS, .inboundKeywordSMS: false
            default: true
            }
        }

        /// The Do-Not-Contact after an event of this kind, given the one before it
        /// (`DoNotContactRule`). Merges take the source's too, which the caller knows:
        /// `mergedFrom`, like the contact events, leaves `current` as it is here.
        func doNotContact(after current: DoNotContactSource?) -> DoNotContactSource? {
            switch self {
            case .optedOut: DoNotContactRule.set(current, by: .system)
            case .optedIn: DoNotContactRule.clear(current, by: .system)
            case .dncSetStaff: DoNotContactRule.set(current, by: .staff)
            case .dncSetAI: DoNotContactRule.set(current, by: .ai)
            case .dncClearedStaff: DoNotContactRule.clear(current, by: .staff)
            case .dncClearedAI: DoNotContactRule.clear(current, by: .ai)
            case .outboundCall, .outboundSMS, .inboundKeywordSMS, .mergedFrom: current
            }
        }

        var eventType: String {
            switch self {
            case .outboundCall: "call.logged"
            case .outboundSMS, .inboundKeywordSMS: "message.logged"
            case .optedOut: "contact.opted_out"
            case .optedIn: "contact.opted_in"
            case .dncSetStaff, .dncSetAI: "contact.dnc_set"
            case .dncClearedStaff, .dncClearedAI: "contact.dnc_cleared"
            case .mergedFrom: "contact.merged"
            }
        }
    }

    var occurredAt: Int64
    var recordedAt: Int64
    var position: UInt64
    var aux: UInt32
    var kind: Kind
    /// For `.dncSetAI` / `.dncClearedAI`: the event was a `contact.analyzed`, not a dnc_* event.
    var viaAnalysis = false

    /// Event-time order: occurredAt, then DNC changes first, then log position.
    static func eventOrder(_ a: TimelineRecord, _ b: TimelineRecord) -> Bool {
        if a.occurredAt != b.occurredAt { return a.occurredAt < b.occurredAt }
        let ac = a.kind.changesDoNotContact, bc = b.kind.changesDoNotContact
        if ac != bc { return ac }
        return a.position < b.position
    }

    var typeName: String { viaAnalysis ? "contact.analyzed" : kind.eventType }
}
