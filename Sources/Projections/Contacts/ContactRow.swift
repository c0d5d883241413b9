import Domain
import GRDB

/// One row of `contacts` (READMODELS.md: the 27 fields, storeId, version; plus the lead's
/// email and id for the profile). Writers load it, change it through `ReadModelRules`, and
/// store it back; the projection compares before and after to write timeline entries.
/// Thread-safe (a value).
struct ContactRow: Equatable {
    var rowid: Int64?
    var storeId: String
    var phone: String
    var franchiseId: String?
    var accountId: String?
    var firstName: String?
    var lastName: String?
    var lifecycleStage: String?
    var lifecycleState: String?
    var notes: String?
    var doNotContact = false
    var hasCardOnFile = false
    var lastActivityAt: Int64?
    var actionNeeded = false
    var actionNeededReason: String?
    var suggestedActions = "[]"
    var priority: String?
    var priorityRank: Int64 = -1
    var leadStatus: String?
    var leadStatusReason: String?
    var leadObjections = "[]"
    var leadRejectionReasons = "[]"
    var purchaseIntent: String?
    var purchaseIntentReason: String?
    var goals = "[]"
    var customerSummary: String?
    var lastContactAnalysisAt: Int64?
    var doNotContactUpdatedBy: String?
    var hasOpenComplaint = false
    var createdAt: Int64
    var updatedAt: Int64
    var version: Int64 = 0
    var email: String?
    var leadId: String?

    init(storeId: String, phone: String, createdAt: Int64, updatedAt: Int64) {
        self.storeId = storeId
        self.phone = phone
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The DNC in force and its owner (the owner is `doNotContactUpdatedBy` while it is set).
    var doNotContactSource: DoNotContactSource? {
        guard doNotContact, let by = doNotContactUpdatedBy else { return nil }
        return DoNotContactSource(rawValue: by)
    }

    /// The text the search index holds for this contact.
    var searchFields: [String?] {
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        return [name.isEmpty ? nil : name, Self.phoneDigits(phone), notes, customerSummary]
    }

    /// `+14155550123` → `14155550123 4155550123 5550123 0123`: a search for the full number,
    /// the national number, the local seven digits or the last four matches (as a prefix).
    static func phoneDigits(_ phone: String) -> String {
        let digits = String(phone.filter(\.isNumber))
        return [digits, String(digits.dropFirst()), String(digits.suffix(7)), String(digits.suffix(4))]
            .joined(separator: " ")
    }

    static let columns = [
        "storeId", "phone", "franchiseId", "accountId", "firstName", "lastName", "lifecycleStage", "lifecycleState",
        "notes", "doNotContact", "hasCardOnFile", "lastActivityAt", "actionNeeded", "actionNeededReason",
        "suggestedActions", "priority", "priorityRank", "leadStatus", "leadStatusReason", "leadObjections",
        "leadRejectionReasons", "purchaseIntent", "purchaseIntentReason", "goals", "customerSummary",
        "lastContactAnalysisAt", "doNotContactUpdatedBy", "hasOpenComplaint", "createdAt", "updatedAt", "version",
        "email", "leadId",
    ]

    static let insertSQL =
        "INSERT INTO contacts (\(columns.joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"

    /// Binds the value of `columns[index]` (the order of `columns`; `Statement+CAPI`).
    private func bind(column index: Int, to bindings: inout SQLiteBindings) {
        switch index {
        case 0: bindings.add(storeId)
        case 1: bindings.add(phone)
        case 2: bindings.add(franchiseId)
        case 3: bindings.add(accountId)
        case 4: bindings.add(firstName)
        case 5: bindings.add(lastName)
        case 6: bindings.add(lifecycleStage)
        case 7: bindings.add(lifecycleState)
        case 8: bindings.add(notes)
        case 9: bindings.add(doNotContact)
        case 10: bindings.add(hasCardOnFile)
        case 11: bindings.add(lastActivityAt)
        case 12: bindings.add(actionNeeded)
        case 13: bindings.add(actionNeededReason)
        case 14: bindings.add(suggestedActions)
        case 15: bindings.add(priority)
        case 16: bindings.add(priorityRank)
        case 17: bindings.add(leadStatus)
        case 18: bindings.add(leadStatusReason)
        case 19: bindings.add(leadObjections)
        case 20: bindings.add(leadRejectionReasons)
        case 21: bindings.add(purchaseIntent)
        case 22: bindings.add(purchaseIntentReason)
        case 23: bindings.add(goals)
        case 24: bindings.add(customerSummary)
        case 25: bindings.add(lastContactAnalysisAt)
        case 26: bindings.add(doNotContactUpdatedBy)
        case 27: bindings.add(hasOpenComplaint)
        case 28: bindings.add(createdAt)
        case 29: bindings.add(updatedAt)
        case 30: bindings.add(version)
        case 31: bindings.add(email)
        case 32: bindings.add(leadId)
        default: preconditionFailure("contacts has \(Self.columns.count) columns")
        }
    }

    /// Whether `columns[index]` holds the same value in both rows.
    private func same(column index: Int, as other: ContactRow) -> Bool {
        switch index {
        case 0: storeId == other.storeId
        case 1: phone == other.phone
        case 2: franchiseId == other.franchiseId
        case 3: accountId == other.accountId
        case 4: firstName == other.firstName
        case 5: lastName == other.lastName
        case 6: lifecycleStage == other.lifecycleStage
        case 7: lifecycleState == other.lifecycleState
        case 8: notes == other.notes
        case 9: doNotContact == other.doNotContact
        case 10: hasCardOnFile == other.hasCardOnFile
        case 11: lastActivityAt == other.lastActivityAt
        case 12: actionNeeded == other.actionNeeded
        case 13: actionNeededReason == other.actionNeededReason
        case 14: suggestedActions == other.suggestedActions
        case 15: priority == other.priority
        case 16: priorityRank == other.priorityRank
        case 17: leadStatus == other.leadStatus
        case 18: leadStatusReason == other.leadStatusReason
        case 19: leadObjections == other.leadObjections
        case 20: leadRejectionReasons == other.leadRejectionReasons
        case 21: purchaseIntent == other.purchaseIntent
        case 22: purchaseIntentReason == other.purchaseIntentReason
        case 23: goals == other.goals
        case 24: customerSummary == other.customerSummary
        case 25: lastContactAnalysisAt == other.lastContactAnalysisAt
        case 26: doNotContactUpdatedBy == other.doNotContactUpdatedBy
        case 27: hasOpenComplaint == other.hasOpenComplaint
        case 28: createdAt == other.createdAt
        case 29: updatedAt == other.updatedAt
        case 30: version == other.version
        case 31: email == other.email
        case 32: leadId == other.leadId
        default: preconditionFailure("contacts has \(Self.columns.count) columns")
        }
    }

    /// rowid, then `columns` in order, of every contact: what `init(columns:)` reads by index.
    static let selectAllSQL = "SELECT rowid, \(columns.joined(separator: ", ")) FROM contacts"

    /// One contact's row, as `selectAllSQL` reads it.
    static let selectSQL = selectAllSQL + " WHERE storeId = ? AND phone = ?"

    /// Reads a row of `selectAllSQL` by column index (no name lookups on the hot path).
    init(columns: SQLiteColumns) {
        var row = ContactRow(storeId: "", phone: "", createdAt: 0, updatedAt: 0)
        row.rowid = columns.int64(0)
        row.storeId = columns.text(1) ?? ""
        row.phone = columns.text(2) ?? ""
        row.franchiseId = columns.text(3)
        row.accountId = columns.text(4)
        row.firstName = columns.text(5)
        row.lastName = columns.text(6)
        row.lifecycleStage = columns.text(7)
        row.lifecycleState = columns.text(8)
        row.notes = columns.text(9)
        row.doNotContact = columns.bool(10)
        row.hasCardOnFile = columns.bool(11)
        row.lastActivityAt = columns.int64(12)
        row.actionNeeded = columns.bool(13)
        row.actionNeededReason = columns.text(14)
        row.suggestedActions = columns.text(15) ?? ""
        row.priority = columns.text(16)
        row.priorityRank = columns.int64(17) ?? 0
        row.leadStatus = columns.text(18)
        row.leadStatusReason = columns.text(19)
        row.leadObjections = columns.text(20) ?? ""
        row.leadRejectionReasons = columns.text(21) ?? ""
        row.purchaseIntent = columns.text(22)
        row.purchaseIntentReason = columns.text(23)
        row.goals = columns.text(24) ?? ""
        row.customerSummary = columns.text(25)
        row.lastContactAnalysisAt = columns.int64(26)
        row.doNotContactUpdatedBy = columns.text(27)
        row.hasOpenComplaint = columns.bool(28)
        row.createdAt = columns.int64(29) ?? 0
        row.updatedAt = columns.int64(30) ?? 0
        row.version = columns.int64(31) ?? 0
        row.email = columns.text(32)
        row.leadId = columns.text(33)
        self = row
    }

    static func fetch(_ db: Database, storeId: String, phone: String) throws -> ContactRow? {
        try db.cachedStatement(sql: selectSQL).fetchFirst(binding: {
            $0.add(storeId)
            $0.add(phone)
        }, ContactRow.init(columns:))
    }

    /// Inserts or replaces the row and, with `searchIndex`, keeps the search index in step
    /// (a full rebuild fills the index once at the end instead: `ContactSearchIndex.fill`).
    mutating func save(_ db: Database, previous: ContactRow?, searchIndex: Bool = true) throws {
        if let rowid, let previous {
            // Only the columns that changed: SQLite rewrites an index entry for every indexed
            // column in the SET list, changed or not (measured: a full-row UPDATE was 40 % of a
            // rebuild). The statement text depends only on which columns changed, so the cache
            // holds a few dozen shapes.
            var changed: [Int] = []
            for index in 2..<Self.columns.count where !same(column: index, as: previous) { changed.append(index) }
            guard !changed.isEmpty else { return }
            let row = self
            try db.cachedStatement(sql: Self.updateSQL(changed)).execute { bindings in
                for index in changed { row.bind(column: index, to: &bindings) }
                bindings.add(rowid)
            }
        } else {
            let row = self
            try db.cachedStatement(sql: Self.insertSQL).execute { bindings in
                for index in Self.columns.indices { row.bind(column: index, to: &bindings) }
            }
            rowid = db.lastInsertedRowID
        }
        guard searchIndex, let rowid, previous.map({ !sameSearchText(as: $0) }) ?? true else { return }
        if let old = previous?.searchFields { try ContactSearchIndex.remove(rowid: rowid, old, in: db) }
        try ContactSearchIndex.insert(rowid: rowid, searchFields, in: db)
    }

    /// Whether the search index holds the same text for both rows (`searchFields` is made
    /// from these columns only).
    private func sameSearchText(as other: ContactRow) -> Bool {
        firstName == other.firstName && lastName == other.lastName && phone == other.phone && notes == other.notes
            && customerSummary == other.customerSummary
    }

    /// `UPDATE contacts SET <the changed columns> WHERE rowid = ?`.
    private static func updateSQL(_ changed: [Int]) -> String {
        "UPDATE contacts SET " + changed.map { "\(columns[$0]) = ?" }.joined(separator: ", ") + " WHERE rowid = ?"
    }
}
