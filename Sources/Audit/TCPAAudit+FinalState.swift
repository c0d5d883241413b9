import Domain
import EventStore

/// A contact's Do-Not-Contact at the end of the log, as the system knew it: the events folded
/// in log order with `DoNotContactRule` — the same fold the command handlers and the contacts
/// read model make, so for every contact this equals the read model's `doNotContact` /
/// `doNotContactUpdatedBy` once it has applied the same position. Thread-safe (a value).
public struct FinalDoNotContact: Sendable, Hashable {
    public var storeId: String
    public var phone: PhoneNumber
    /// Who set the DNC in force; nil when none is.
    public var setBy: DoNotContactSource?
    /// Position of the event that last changed it (0 when nothing ever did).
    public var position: UInt64

    public var doNotContact: Bool { setBy != nil }
}

extension TCPAAudit {
    /// The final Do-Not-Contact of every contact (store, phone) the log mentions in a contact
    /// stream (or a merge), in order of first appearance. One scan; no rule evaluation.
    public static func finalDoNotContact(store: EventStore, storeId: StoreID? = nil) throws(AuditError) -> [FinalDoNotContact] {
        try finalDoNotContact(store: store, storeId: storeId, plan: nil)
    }

    /// `plan`: how the scan is split (nil: one worker per core); the answer does not depend on it.
    static func finalDoNotContact(store: EventStore, storeId: StoreID?, plan: ReplayPlan?) throws(AuditError) -> [FinalDoNotContact] {
        let replayer = try replay(
            store: store, storeId: storeId, parameters: .standard, keepsEveryContact: true, foldsDoNotContact: true, plan: plan,
            progress: nil)
        return replayer.contacts.map { slot in
            FinalDoNotContact(
                storeId: replayer.stores[Int(slot.store)].storeId, phone: slot.phone, setBy: slot.logDoNotContact,
                position: slot.logDoNotContactPosition)
        }
    }
}
