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

    static func same(_ a: (any DatabaseValueConvertible)?, _ b: (any DatabaseValueConvertible)?) -> Bool {
        (a?.databaseValue ?? .null) == (b?.databaseValue ?? .null)
    }
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

    /// Reads a row of `selectSQL` by column index (no name lookups on the hot path).
    init(row: Row) {
        rowid = row[0]
        storeId = row[1]
        phone = row[2]
        franchiseId = row[3]
        accountId = row[4]
        firstName = row[5]
        lastName = row[6]
        lifecycleStage = row[7]
        lifecycleState = row[8]
        notes = row[9]
        doNotContact = row[10]
        hasCardOnFile = row[11]
        lastActivityAt = row[12]
        actionNeeded = row[13]
        actionNeededReason = row[14]
        suggestedActions = row[15]
        priority = row[16]
        priorityRank = row[17]
        leadStatus = row[18]
        leadStatusReason = row[19]
        leadObjections = row[20]
        leadRejectionReasons = row[21]
        purchaseIntent = row[22]
        purchaseIntentReason = row[23]
        goals = row[24]
        customerSummary = row[25]
        lastContactAnalysisAt = row[26]
        doNotContactUpdatedBy = row[27]
        hasOpenComplaint = row[28]
        createdAt = row[29]
        updatedAt = row[30]
        version = row[31]
        email = row[32]
        leadId = row[33]
    }

    /// rowid, then `columns` in order: what `init(row:)` reads by index.
    static let selectSQL = "SELECT rowid, \(columns.joined(separator: ", ")) FROM contacts WHERE storeId = ? AND phone = ?"

    static func fetch(_ db: Database, storeId: String, phone: String) throws -> ContactRow? {
        let statement = try db.cachedStatement(sql: selectSQL)
        return try Row.fetchOne(statement, arguments: [storeId, phone]).map(ContactRow.init(row:))
    }

    /// Inserts or replaces the row and keeps the search index in step.
    mutating func save(_ db: Database, previous: ContactRow?) throws {
        if let rowid, let previous {
            // Only the columns that changed: SQLite rewrites an index entry for every indexed
            // column in the SET list, changed or not (measured: a full-row UPDATE was 40 % of a
            // rebuild). The statement text depends only on which columns changed, so the cache
            // holds a few dozen shapes.
            let new = values
            let old = previous.values
            var changed: [Int] = []
            for index in 2..<new.count where !Self.same(new[index], old[index]) { changed.append(index) }
            guard !changed.isEmpty else { return }
            let assignments = changed.map { "\(Self.columns[$0]) = ?" }.joined(separator: ", ")
            let statement = try db.cachedStatement(sql: "UPDATE contacts SET \(assignments) WHERE rowid = ?")
            try statement.execute(arguments: StatementArguments(changed.map { new[$0] } + [rowid]))
        } else {
            let statement = try db.cachedStatement(sql: Self.insertSQL)
            try statement.execute(arguments: StatementArguments(values))
            rowid = db.lastInsertedRowID
        }
        let fields = searchFields
        let old = previous?.searchFields
        guard old != fields, let rowid else { return }
        if let old {
            // Contentless FTS5: a row's terms are removed by giving back its old values.
            try db.cachedStatement(
                sql: """
                    INSERT INTO contacts_fts (contacts_fts, rowid, name, phoneDigits, notes, customerSummary)
                    VALUES ('delete', ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: StatementArguments([rowid] + old))
        }
        try db.cachedStatement(
            sql: "INSERT INTO contacts_fts (rowid, name, phoneDigits, notes, customerSummary) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: StatementArguments([rowid] + fields))
    }
}
