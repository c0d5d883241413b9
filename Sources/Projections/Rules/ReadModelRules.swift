import Domain
import EventStore

/// The rules the source documents state in SQL (seed 000 step ⑤: `GREATEST(lastActivityAt,
/// EXCLUDED.lastActivityAt)`, `COALESCE(firstName, EXCLUDED.firstName)`; seed 002 #9
/// staff-wins DNC; Flow 1 step 4 storeId forward-only), written once and used by every
/// writer (STYLE.md "Projections"). Stateless (thread-safe).
enum ReadModelRules {
    /// `lastActivityAt` only moves forward: an out-of-order event (a message delivered late)
    /// never moves it back.
    static func lastActivityAtForward(_ current: Int64?, _ eventTime: Int64) -> Int64 {
        guard let current else { return eventTime }
        return max(current, eventTime)
    }

    /// Names fill only: a value already there is never overwritten by a lead or an analysis.
    static func fillOnly(_ current: String?, _ candidate: String?) -> String? {
        if let current, !current.isEmpty { return current }
        return candidate ?? current
    }

    /// A known store is never replaced by nothing (a redelivery whose mapping is missing).
    static func storeIdForwardOnly(_ current: String?, _ candidate: String?) -> String? {
        candidate ?? current
    }

    /// Do-Not-Contact after `event` (DoNotContactRule: staff > system > ai; the AI may set
    /// but never clear a staff or system DNC). Returns nil when the event changes nothing.
    static func doNotContact(
        current: DoNotContactSource?, request: DoNotContactRequest
    ) -> DoNotContactChange? {
        let next: DoNotContactSource?
        switch request {
        case .set(let source): next = DoNotContactRule.set(current, by: source)
        case .clear(let source): next = DoNotContactRule.clear(current, by: source)
        }
        guard next != current else { return nil }
        return DoNotContactChange(inForce: next, updatedBy: request.source)
    }
}

/// What an event asks of Do-Not-Contact.
enum DoNotContactRequest {
    case set(DoNotContactSource)
    case clear(DoNotContactSource)

    var source: DoNotContactSource {
        switch self {
        case .set(let source), .clear(let source): source
        }
    }
}

/// A change to Do-Not-Contact: the DNC now in force (nil: none) and who made the change
/// (`doNotContactUpdatedBy`, the TCPA audit field).
struct DoNotContactChange {
    var inForce: DoNotContactSource?
    var updatedBy: DoNotContactSource
}

extension Timestamp {
    /// Microseconds since the epoch, the read model's instant column type.
    var micros: Int64 { microsecondsSinceEpoch }
}

extension Date {
    /// Microseconds since the epoch, exact for the log's microsecond instants.
    var micros: Int64 { Timestamp(self).microsecondsSinceEpoch }
}

extension Array where Element: Encodable {
    /// Canonical JSON text (sorted keys): a rebuild stores the same bytes.
    var canonicalJSONText: String { String(decoding: EventCodec.canonicalJSON(self), as: UTF8.self) }
}

import Foundation
