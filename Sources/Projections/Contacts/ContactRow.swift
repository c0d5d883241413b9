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

    /// Updates every column but the key (storeId, phone).
    static let updateSQL =
        "UPDATE contacts SET " + columns.dropFirst(2).map { "\($0) = ?" }.joined(separator: ", ") + " WHERE rowid = ?"
    static let insertSQL =
        "INSERT INTO contacts (\(columns.joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"

    var values: [(any DatabaseValueConvertible)?] {
        [
            storeId, phone, franchiseId, accountId, firstName, lastName, lifecycleStage, lifecycleState, notes,
            doNotContact, hasCardOnFile, lastActivityAt, actionNeeded, actionNeededReason, suggestedActions, priority,
            priorityRank, leadStatus, leadStatusReason, leadObjections, leadRejectionReasons, purchaseIntent,
            purchaseIntentReason, goals, customerSummary, lastContactAnalysisAt, doNotContactUpdatedBy, hasOpenComplaint,
            createdAt, updatedAt, version, email, leadId,
        ]
    }

    init(row: Row) {
        rowid = row["rowid"]
        storeId = row["storeId"]
        phone = row["phone"]
        franchiseId = row["franchiseId"]
        accountId = row["accountId"]
        firstName = row["firstName"]
        lastName = row["lastName"]
        lifecycleStage = row["lifecycleStage"]
        lifecycleState = row["lifecycleState"]
        notes = row["notes"]
        doNotContact = row["doNotContact"]
        hasCardOnFile = row["hasCardOnFile"]
        lastActivityAt = row["lastActivityAt"]
        actionNeeded = row["actionNeeded"]
        actionNeededReason = row["actionNeededReason"]
        suggestedActions = row["suggestedActions"]
        priority = row["priority"]
        priorityRank = row["priorityRank"]
        leadStatus = row["leadStatus"]
        leadStatusReason = row["leadStatusReason"]
        leadObjections = row["leadObjections"]
        leadRejectionReasons = row["leadRejectionReasons"]
        purchaseIntent = row["purchaseIntent"]
        purchaseIntentReason = row["purchaseIntentReason"]
        goals = row["goals"]
        customerSummary = row["customerSummary"]
        lastContactAnalysisAt = row["lastContactAnalysisAt"]
        doNotContactUpdatedBy = row["doNotContactUpdatedBy"]
        hasOpenComplaint = row["hasOpenComplaint"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
        version = row["version"]
        email = row["email"]
        leadId = row["leadId"]
    }

    static func fetch(_ db: Database, storeId: String, phone: String) throws -> ContactRow? {
        let statement = try db.cachedStatement(sql: "SELECT rowid, * FROM contacts WHERE storeId = ? AND phone = ?")
        return try Row.fetchOne(statement, arguments: [storeId, phone]).map(ContactRow.init(row:))
    }

    /// Inserts or replaces the row and keeps the search index in step.
    mutating func save(_ db: Database, previous: ContactRow?) throws {
        if let rowid {
            let statement = try db.cachedStatement(sql: Self.updateSQL)
            try statement.execute(arguments: StatementArguments(Array(values.dropFirst(2)) + [rowid]))
        } else {
            let statement = try db.cachedStatement(sql: Self.insertSQL)
            try statement.execute(arguments: StatementArguments(values))
            rowid = db.lastInsertedRowID
        }
        guard previous?.searchFields != searchFields, let rowid else { return }
        if previous != nil {
            try db.cachedStatement(sql: "DELETE FROM contacts_fts WHERE rowid = ?").execute(arguments: [rowid])
        }
        try db.cachedStatement(
            sql: "INSERT INTO contacts_fts (rowid, name, phoneDigits, notes, customerSummary) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: StatementArguments([rowid] + searchFields))
    }
}
