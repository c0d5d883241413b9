/// The read model's projections. Each owns its tables (`tables`), keeps its own checkpoint
/// and reads nothing another one writes, so any one of them can be rebuilt alone
/// (`contactledger rebuild --projection NAME`) and still equal the incrementally built one.
public enum ProjectionName: String, CaseIterable, Sendable, Codable, Comparable {
    /// contacts, their search index and contact_timeline (whose status-change and complaint
    /// entries compare a contact before and after an event).
    case contacts
    /// tasks: lead_outreach tasks derived from leads, staff tasks and their actions.
    case tasks
    case leads
    /// messages and per-contact SMS counts.
    case messages
    /// calls (with the AI's callState) and per-contact call figures.
    case calls

    /// The tables this projection owns (cleared when it alone is rebuilt).
    public var tables: [String] {
        switch self {
        case .contacts: ["contacts", "contacts_fts", "contact_timeline", "timeline_task_contacts"]
        case .tasks: ["tasks", "task_store_calendars", "task_contact_dnc"]
        case .leads: ["leads"]
        case .messages: ["messages", "contact_message_stats"]
        case .calls: ["calls", "call_analyses_pending", "contact_call_stats"]
        }
    }

    public static func < (a: ProjectionName, b: ProjectionName) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
