import Domain
import EventStore
import Foundation
import GRDB

/// The Contacts page query (API.md `GET /v1/stores/{storeId}/contacts`): filters, sort by
/// any shown column, keyset pagination. Every value is a bound parameter; sort columns come
/// from a fixed table (`ContactSort.Key`), never from the request's text. Thread-safe (a value).
public struct ContactsQuery: Sendable, Equatable {
    public var storeId: String
    public var stage: String?
    public var leadStatus: String?
    public var doNotContact: Bool?
    public var actionNeeded: Bool?
    public var openComplaint: Bool?
    /// Free text: name, phone digits, notes, customer summary (FTS5, prefix match per word).
    public var search: String?
    public var sort: ContactSort
    public var limit: Int
    public var cursor: String?
    /// The instant leadTemperature is computed at.
    public var now: Timestamp

    public static let limitMax = 200
    public static let limitDefault = 50

    public init(
        storeId: String, stage: String? = nil, leadStatus: String? = nil, doNotContact: Bool? = nil,
        actionNeeded: Bool? = nil, openComplaint: Bool? = nil, search: String? = nil, sort: ContactSort = .default,
        limit: Int = ContactsQuery.limitDefault, cursor: String? = nil, now: Timestamp
    ) {
        self.storeId = storeId
        self.stage = stage
        self.leadStatus = leadStatus
        self.doNotContact = doNotContact
        self.actionNeeded = actionNeeded
        self.openComplaint = openComplaint
        self.search = search
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
        self.now = now
    }
}

/// One page of contacts and the cursor of the next (nil on the last page).
public struct ContactsPage: Codable, Sendable, Equatable {
    public var contacts: [ContactView]
    public var nextCursor: String?
}

/// A sort column and direction, parsed from `sort=-lastActivityAt` (minus: descending).
/// Ties are broken by phone, ascending, so pages never overlap or skip.
public struct ContactSort: Sendable, Equatable {
    public enum Key: String, CaseIterable, Sendable {
        case lastActivityAt, createdAt, updatedAt, firstName, lastName, phone, lifecycleStage, lifecycleState
        case leadStatus, priority, purchaseIntent, doNotContact, actionNeeded, hasOpenComplaint, hasCardOnFile
        case lastContactAnalysisAt, callCount, smsCount, firstAttemptedAt, firstConnectedAt, lastComplaintAt

        /// The SQL expression (over the `ContactView.selectSQL` aliases) and its NULL stand-in.
        var expression: String {
            switch self {
            case .priority: "c.priorityRank"
            case .callCount: "COALESCE(s.callCount, 0)"
            case .smsCount: "COALESCE(m.smsCount, 0)"
            case .firstAttemptedAt: "COALESCE(s.firstAttemptedAt, -1)"
            case .firstConnectedAt: "COALESCE(s.firstConnectedAt, -1)"
            case .lastComplaintAt: "COALESCE(lastComplaintAt, -1)"
            case .lastActivityAt, .lastContactAnalysisAt: "COALESCE(c.\(rawValue), -1)"
            case .createdAt, .updatedAt, .doNotContact, .actionNeeded, .hasOpenComplaint, .hasCardOnFile, .phone:
                "c.\(rawValue)"
            case .firstName, .lastName, .lifecycleStage, .lifecycleState, .leadStatus, .purchaseIntent:
                "COALESCE(c.\(rawValue), '')"
            }
        }

        /// The ORDER BY form: the bare column where the NULL stand-in sorts exactly where SQLite
        /// sorts NULL (lowest), so the order is the same and `contacts_by_activity` serves it
        /// (an expression would make SQLite sort every contact of the store).
        var orderExpression: String {
            switch self {
            case .lastActivityAt, .lastContactAnalysisAt: "c.\(rawValue)"
            default: expression
            }
        }

        var isText: Bool {
            switch self {
            case .firstName, .lastName, .lifecycleStage, .lifecycleState, .leadStatus, .purchaseIntent, .phone: true
            default: false
            }
        }
    }

    public var key: Key
    public var descending: Bool

    public init(key: Key, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    public static let `default` = ContactSort(key: .lastActivityAt, descending: true)

    /// Parses `sort`: a key, optionally prefixed by `-` (descending) or `+`.
    public init(parsing text: String) throws(QueryError) {
        let descending = text.hasPrefix("-")
        let name = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        guard let key = Key(rawValue: name) else {
            throw QueryError(
                field: "sort",
                reason: "'\(name.prefix(40))' is not a sortable column (one of: \(Key.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.init(key: key, descending: descending)
    }
}

/// A query parameter the read side cannot use (the API answers 400 naming the field).
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
    public var description: String { "\(field): \(reason)" }
}

extension ReadModel {
    /// One page of the Contacts table.
    public func contacts(_ query: ContactsQuery) throws -> ContactsPage {
        guard (1...ContactsQuery.limitMax).contains(query.limit) else {
            throw QueryError(field: "limit", reason: "must be between 1 and \(ContactsQuery.limitMax)")
        }
        var conditions = ["c.storeId = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [query.storeId]
        func filter(_ column: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append("c.\(column) = ?")
            arguments.append(value)
        }
        filter("lifecycleStage", query.stage)
        filter("leadStatus", query.leadStatus)
        filter("doNotContact", query.doNotContact)
        filter("actionNeeded", query.actionNeeded)
        filter("hasOpenComplaint", query.openComplaint)
        if let search = query.search, let match = FullTextSearch.matchExpression(search) {
            conditions.append("c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)")
            arguments.append(match)
        }
        let sort = query.sort
        let expression = sort.key.expression
        if let text = query.cursor {
            let cursor = try ContactCursor(decoding: text, sort: sort)
            let comparison = sort.descending ? "<" : ">"
            conditions.append("(\(expression) \(comparison) ? OR (\(expression) = ? AND c.phone > ?))")
            arguments += [cursor.value, cursor.value, cursor.phone]
        }
        let order = "\(sort.key.orderExpression) \(sort.descending ? "DESC" : "ASC"), c.phone ASC"
        let statement = """
            \(ContactView.selectSQL)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order)
            LIMIT \(query.limit + 1)
            """
        return try read { db in
            let (views, lastRow, more) = try ContactView.fetch(
                db.cachedStatement(sql: statement), arguments: StatementArguments(arguments), now: query.now, limit: query.limit)
            let next = more ? lastRow.map { ContactCursor(row: $0, sort: sort).encoded } : nil
            return ContactsPage(contacts: views, nextCursor: next)
        }
    }

    /// One contact, or nil when the store has no contact with this phone.
    public func contact(storeId: String, phone: String, now: Timestamp) throws -> ContactView? {
        try read { db in
            try ContactView.fetch(
                db.cachedStatement(sql: "\(ContactView.selectSQL) WHERE c.storeId = ? AND c.phone = ?"), arguments: [storeId, phone],
                now: now, limit: 1
            ).views.first
        }
    }
}

/// The position after the last row of a page: its sort value and phone, as opaque base64url
/// JSON. A cursor made for another sort is refused (400), not misread.
struct ContactCursor: Codable {
    var sort: String
    var value: DatabaseValueBox
    var phone: String

    init(row: Row, sort: ContactSort) {
        self.sort = "\(sort.descending ? "-" : "")\(sort.key.rawValue)"
        phone = row["phone"]
        let raw: DatabaseValue
        switch sort.key {
        case .priority: raw = row["priorityRank"]
        case .callCount: raw = (row["callCount"] as Int64? ?? 0).databaseValue
        case .smsCount: raw = (row["smsCount"] as Int64? ?? 0).databaseValue
        case .firstAttemptedAt, .firstConnectedAt, .lastComplaintAt, .lastActivityAt, .lastContactAnalysisAt:
            raw = (row[sort.key.rawValue] as Int64? ?? -1).databaseValue
        case .firstName, .lastName, .lifecycleStage, .lifecycleState, .leadStatus, .purchaseIntent:
            raw = (row[sort.key.rawValue] as String? ?? "").databaseValue
        default: raw = row[sort.key.rawValue]
        }
        value = DatabaseValueBox(raw)
    }

    init(decoding text: String, sort: ContactSort) throws(QueryError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(ContactCursor.self, from: data) else {
            throw QueryError(field: "cursor", reason: "is not a cursor this API returned")
        }
        guard cursor.sort == "\(sort.descending ? "-" : "")\(sort.key.rawValue)" else {
            throw QueryError(field: "cursor", reason: "was made for sort '\(cursor.sort)'; repeat the same sort with it")
        }
        self = cursor
    }

    var encoded: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// An integer or text sort value, as it travels in a cursor.
struct DatabaseValueBox: Codable, DatabaseValueConvertible {
    var integer: Int64?
    var text: String?

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .int64(let number): integer = number
        case .string(let string): text = string
        case .double(let number): integer = Int64(number)
        default: integer = -1
        }
    }

    var databaseValue: DatabaseValue { integer.map(\.databaseValue) ?? text.map(\.databaseValue) ?? .null }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> DatabaseValueBox? { DatabaseValueBox(dbValue) }
}

/// Turns a search box's text into an FTS5 query: each word a quoted prefix term, all
/// required, so user text never reaches FTS5's query syntax.
enum FullTextSearch {
    static func matchExpression(_ text: String) -> String? {
        if !text.contains(where: \.isLetter) {
            // A phone number however typed ("(415) 555-0123", "555-0123"): one digit prefix.
            let digits = String(text.filter(\.isNumber))
            if digits.count >= 3 { return "\"\(digits)\"*" }
        }
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).prefix(8)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
    }
}
