import Domain
import EventStore
import Foundation
import GRDB

/// A contact as the Contacts page and the profile show it: the stored fields (READMODELS.md
/// contacts), the figures derived on read (calls, messages, complaints) and the ones
/// computed from the caller's `now` (leadTemperature). Instants are ISO-8601 UTC text with
/// milliseconds; absent values encode as JSON null so every row has every column.
/// Thread-safe (a value).
public struct ContactView: Codable, Sendable, Equatable {
    public var storeId: String
    public var phone: String
    public var franchiseId: String?
    public var accountId: String?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var lifecycleStage: String?
    public var lifecycleState: String?
    public var notes: String?
    public var doNotContact: Bool
    public var doNotContactUpdatedBy: String?
    public var hasCardOnFile: Bool
    public var lastActivityAt: String?
    public var actionNeeded: Bool
    public var actionNeededReason: String?
    public var suggestedActions: [SuggestedAction]
    /// The highest priority among suggestedActions (the page's one badge).
    public var priority: String?
    public var leadStatus: String?
    public var leadStatusReason: String?
    public var leadObjections: [String]
    public var leadRejectionReasons: [String]
    public var purchaseIntent: String?
    public var purchaseIntentReason: String?
    public var goals: [ContactGoal]
    public var customerSummary: String?
    public var lastContactAnalysisAt: String?
    public var hasOpenComplaint: Bool
    public var createdAt: String
    public var updatedAt: String
    /// The contact stream's version for If-Match: its number of events (0: none yet, e.g. a
    /// contact only a lead has touched). `ExpectedVersion.client` maps it back.
    public var version: Int64
    // Derived on read (seed 002 §2–4).
    public var lastComplaintAt: String?
    public var firstAttemptedAt: String?
    public var firstConnectedAt: String?
    public var callCount: Int64
    public var smsCount: Int64
    public var leadTemperature: String?
    public var leadPipeline: LeadPipeline?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(storeId, forKey: .storeId)
        try container.encode(phone, forKey: .phone)
        try container.encode(franchiseId, forKey: .franchiseId)
        try container.encode(accountId, forKey: .accountId)
        try container.encode(firstName, forKey: .firstName)
        try container.encode(lastName, forKey: .lastName)
        try container.encode(email, forKey: .email)
        try container.encode(lifecycleStage, forKey: .lifecycleStage)
        try container.encode(lifecycleState, forKey: .lifecycleState)
        try container.encode(notes, forKey: .notes)
        try container.encode(doNotContact, forKey: .doNotContact)
        try container.encode(doNotContactUpdatedBy, forKey: .doNotContactUpdatedBy)
        try container.encode(hasCardOnFile, forKey: .hasCardOnFile)
        try container.encode(lastActivityAt, forKey: .lastActivityAt)
        try container.encode(actionNeeded, forKey: .actionNeeded)
        try container.encode(actionNeededReason, forKey: .actionNeededReason)
        try container.encode(suggestedActions, forKey: .suggestedActions)
        try container.encode(priority, forKey: .priority)
        try container.encode(leadStatus, forKey: .leadStatus)
        try container.encode(leadStatusReason, forKey: .leadStatusReason)
        try container.encode(leadObjections, forKey: .leadObjections)
        try container.encode(leadRejectionReasons, forKey: .leadRejectionReasons)
        try container.encode(purchaseIntent, forKey: .purchaseIntent)
        try container.encode(purchaseIntentReason, forKey: .purchaseIntentReason)
        try container.encode(goals, forKey: .goals)
        try container.encode(customerSummary, forKey: .customerSummary)
        try container.encode(lastContactAnalysisAt, forKey: .lastContactAnalysisAt)
        try container.encode(hasOpenComplaint, forKey: .hasOpenComplaint)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(version, forKey: .version)
        try container.encode(lastComplaintAt, forKey: .lastComplaintAt)
        try container.encode(firstAttemptedAt, forKey: .firstAttemptedAt)
        try container.encode(firstConnectedAt, forKey: .firstConnectedAt)
        try container.encode(callCount, forKey: .callCount)
        try container.encode(smsCount, forKey: .smsCount)
        try container.encode(leadTemperature, forKey: .leadTemperature)
        try container.encode(leadPipeline, forKey: .leadPipeline)
    }
}

// The read-model side, in an extension so that the memberwise initializer stays (tests build
// views with it).
extension ContactView {
    /// The columns `init(statement:now:)` reads, by index, in this order: the contact's stored fields
    /// and `priorityRank` (the page cursor's value for `sort=priority`) from `contacts c`, then
    /// the figures derived on read. Listed rather than `c.*` so that a column a later migration
    /// adds to `contacts` cannot shift the indexes (`c.*` follows the table's column order).
    /// The case names are the result column names (`selectSQL` is built from them).
    enum Column: Int, CaseIterable {
        case storeId, phone, franchiseId, accountId, firstName, lastName, email, lifecycleStage, lifecycleState
        case notes, doNotContact, doNotContactUpdatedBy, hasCardOnFile, lastActivityAt, actionNeeded
        case actionNeededReason, suggestedActions, priority, leadStatus, leadStatusReason, leadObjections
        case leadRejectionReasons, purchaseIntent, purchaseIntentReason, goals, customerSummary
        case lastContactAnalysisAt, hasOpenComplaint, createdAt, updatedAt, version, priorityRank
        // Derived on read (the joins and subquery of `selectSQL`).
        case callCount, firstAttemptedAt, firstConnectedAt, smsCount, lastComplaintAt

        static let firstDerived = Column.callCount
        var name: String { "\(self)" }
    }

    /// The SELECT list and joins every contact query uses (alias `c` for contacts): exactly the
    /// columns of `Column`, in its order.
    static let selectSQL = """
        SELECT \(Column.allCases.prefix(Column.firstDerived.rawValue).map { "c.\($0.name)" }.joined(separator: ", ")),
            s.callCount AS callCount, s.firstAttemptedAt AS firstAttemptedAt,
            s.firstConnectedAt AS firstConnectedAt, m.smsCount AS smsCount,
            (SELECT MAX(t.occurredAt) FROM contact_timeline t
                WHERE t.storeId = c.storeId AND t.contactPhone = c.phone AND t.eventType = 'contact.complaint_opened')
                AS lastComplaintAt
        FROM contacts c
        LEFT JOIN contact_call_stats s ON s.storeId = c.storeId AND s.phone = c.phone
        LEFT JOIN contact_message_stats m ON m.storeId = c.storeId AND m.phone = c.phone
        """
}

/// JSON-array text columns (`suggestedActions`, `goals`, …: `'[]'` by default) back to values,
/// through `JSONValue.parse` (Foundation's `JSONDecoder` was most of a profile's decoding).
/// Stateless.
enum JSONColumn {
    /// The array the text holds; empty for NULL, `[]` (most rows: no parse at all) and text
    /// that is not an array of `Element` — as the `JSONDecoder` this replaces answered.
    static func array<Element: JSONColumnElement>(_ text: String?) -> [Element] {
        guard let text, text != "[]", case .array(let items)? = JSONValue.parse(text) else { return [] }
        var elements: [Element] = []
        elements.reserveCapacity(items.count)
        for item in items {
            guard let element = Element(json: item) else { return [] }
            elements.append(element)
        }
        return elements
    }

    /// A JSON value column (timeline old/new values); nil for NULL or text that is not JSON.
    static func value(_ text: String?) -> JSONValue? {
        text.flatMap(JSONValue.parse)
    }
}

/// An element of a JSON-array column, read as its synthesized `Decodable` would: required
/// members present with the right type, optional ones absent or null, other members ignored.
protocol JSONColumnElement {
    init?(json: JSONValue)
}

extension String: JSONColumnElement {
    init?(json: JSONValue) {
        guard case .string(let text) = json else { return nil }
        self = text
    }
}

extension SuggestedAction: JSONColumnElement {
    init?(json: JSONValue) {
        guard case .object(let members) = json, case .string(let action)? = members["action"],
            case .string(let raw)? = members["priority"], let priority = TaskPriority(rawValue: raw),
            let reason = JSONColumnMember.optionalString(members["reason"]),
            let priorityReason = JSONColumnMember.optionalString(members["priorityReason"])
        else { return nil }
        // Stored values are already clean: assign them as stored (the initializer would trim).
        self.init(action: action, priority: priority)
        self.action = action
        self.reason = reason
        self.priorityReason = priorityReason
    }
}

extension ContactGoal: JSONColumnElement {
    init?(json: JSONValue) {
        guard case .object(let members) = json, case .string(let goal)? = members["goal"],
            let reason = JSONColumnMember.optionalString(members["reason"])
        else { return nil }
        self.init(goal: goal)
        self.goal = goal
        self.reason = reason
    }
}

private enum JSONColumnMember {
    /// An optional string member: absent or null → `.some(nil)`; a string → `.some(text)`;
    /// any other type → nil (the element does not decode).
    static func optionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        default: return nil
        }
    }
}

/// Instants as the API shows them.
enum ISO {
    static func string(_ micros: Int64?) -> String? {
        micros.map { ISOTime.string(Timestamp(microsecondsSinceEpoch: $0)) }
    }
}
