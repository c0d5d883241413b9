import Domain
import EventStore

/// What a demo run wrote: the stores, how many people and inputs, the events appended per
/// type, the inputs that appended nothing (redeliveries, retried requests — deduplicated by
/// the handlers, as in production), the inputs refused on purpose, and the TCPA violations
/// planted in the history with their log positions (an auditor run over the log must find
/// exactly these: everything else is generated TCPA-clean). Thread-safe (a value).
public struct DemoSummary: Hashable, Sendable {
    public var options: DemoOptions
    public var stores: [DemoStore]
    /// People generated (leads, callers, texters), and those with a valid phone (contacts).
    public var people: Int
    public var contacts: Int
    /// Handler calls made (including redeliveries and refused inputs).
    public var inputs: Int
    /// Events appended, in total and per event type (`EventType.rawValue`).
    public var eventsAppended: Int
    public var eventCounts: [String: Int]
    /// Inputs whose outcome appended nothing, per input kind (`email`, `message`, `call`,
    /// `callAnalysis`, `contactAnalysis`, `contactAction`, `taskAction`, `store`).
    public var deduplicated: [String: Int]
    /// Inputs refused on purpose, by `kind: code` (e.g. a staff edit with a stale version →
    /// `contactAction: conflict`, then retried with the current one).
    public var refused: [String: Int]
    /// Inputs delivered after inputs with a later occurredAt (a late webhook, a slow mailbox).
    public var lateDeliveries: Int
    public var violations: [DemoViolation]
    /// The log positions written (1-based, inclusive); `firstPosition > lastPosition` when
    /// nothing was written.
    public var firstPosition: UInt64
    public var lastPosition: UInt64
    /// The simulated instant the run ended at (the last input's delivery).
    public var endedAt: Timestamp

    public var deduplicatedTotal: Int { deduplicated.values.reduce(0, +) }
}

/// One generated store, as registered. Thread-safe (a value).
public struct DemoStore: Hashable, Sendable {
    public var storeId: String
    public var name: String
    public var franchiseId: String
    public var accountId: String
    public var trackingId: String
    public var timeZone: String
    public var areaCodes: [String]
    public var phoneNumbers: [String]
    public var ruleSets: [String]
}

/// A TCPA violation the generator planted on purpose (TCPA.md rule ids). Thread-safe.
public struct DemoViolation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// An outbound call to a contact whose Do-Not-Contact staff had set (DNC-1).
        case callWhileDoNotContact
        /// An outbound call at 21:30 in the store's (and the called party's) local time (HOURS-1).
        case callAfterHours
        /// A second outbound SMS after an opt-out, beyond the one confirmation (DNC-1 via
        /// OPTOUT-CONFIRM).
        case smsAfterOptOut
        /// Staff cleared a staff Do-Not-Contact days later, without the customer opting back
        /// in (DNC-RETAIN: a DNC request stays honoured for five years).
        case doNotContactClearedByStaff
        /// The AI cleared the Do-Not-Contact it had set (allowed by the handlers — the AI may
        /// clear its own — but DNC-RETAIN all the same).
        case doNotContactClearedByAI
    }

    public var kind: Kind
    /// `DNC-1`, `HOURS-1` or `DNC-RETAIN`.
    public var rule: String
    public var storeId: String
    public var phone: String
    /// The offending event (`call.logged`, `message.logged`, `contact.dnc_cleared`,
    /// `contact.analyzed`).
    public var position: UInt64
    public var eventType: String
    public var occurredAt: Timestamp
    /// The called party's wall-clock time, e.g. `2026-03-05 21:30 America/Los_Angeles`.
    public var localTime: String
    /// The events that make it a violation (the `contact.dnc_set`, the STOP SMS with its
    /// `contact.opted_out` and the confirmation SMS, the AI's DNC); empty for an hours violation.
    public var evidencePositions: [UInt64]

    public static func rule(of kind: Kind) -> String {
        switch kind {
        case .callWhileDoNotContact, .smsAfterOptOut: "DNC-1"
        case .callAfterHours: "HOURS-1"
        case .doNotContactClearedByStaff, .doNotContactClearedByAI: "DNC-RETAIN"
        }
    }
}

/// How far a run is, for a progress bar: people whose story has started, of all people; and
/// events appended so far. Thread-safe (a value).
public struct DemoProgress: Hashable, Sendable {
    public var peopleStarted: Int
    public var peopleTotal: Int
    public var inputs: Int
    public var eventsAppended: Int
    public var simulatedTime: Timestamp
}
