/// A lead's progress (READMODELS.md contacts #15; seed 002). The first nine are shown;
/// `showed`, `trialed`, `converted` are stored but not shown (no offline data in V1).
public enum LeadStatus: String, DomainEnum {
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

    public static var fieldName: String { "leadStatus" }

    /// Whether the Contacts page shows this status (seed 002 #15).
    public var isShown: Bool { ![.showed, .trialed, .converted].contains(self) }

    /// Before first contact: the only statuses with a lead temperature (seed 002 §4).
    public var isPreContact: Bool { self == .new || self == .attempted }

    /// What the cooling sweeper turns a status into 5 days after createdAt (PRODUCT.md
    /// "Lead cooling"): new → neglected, attempted → unreachable; nil for the others.
    public var cooled: LeadStatus? {
        switch self {
        case .new: .neglected
        case .attempted: .unreachable
        default: nil
        }
    }
}

/// The contact's stage (READMODELS.md contacts #6).
public enum LifecycleStage: String, DomainEnum {
    case lead
    case member
    case churned
    case unknown

    public static var fieldName: String { "lifecycleStage" }
}

/// The contact's state within its stage (READMODELS.md contacts #7).
public enum LifecycleState: String, DomainEnum {
    case active
    case frozen
    case terminal

    public static var fieldName: String { "lifecycleState" }
}

/// The AI's estimate of a lead's purchase intent (READMODELS.md contacts #19).
public enum PurchaseIntent: String, DomainEnum {
    case high
    case medium
    case low

    public static var fieldName: String { "purchaseIntent" }
}

/// Who last set or cleared Do-Not-Contact (READMODELS.md contacts #24, the TCPA audit field).
public enum DoNotContactSource: String, DomainEnum {
    case staff
    case ai
    case system

    public static var fieldName: String { "doNotContactUpdatedBy" }
}
