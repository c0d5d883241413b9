import Domain
import EventStore
import GRDB
import GRDBSQLite

extension ContactView {
    /// The views of a `selectSQL` query, the one way contacts are read (the page and the
    /// profile): at most `limit` views, whether a further row exists (`more`), and a copy of
    /// the row of the last view (a page's cursor is made from it).
    static func fetch(
        _ statement: Statement, arguments: StatementArguments, now: Timestamp, limit: Int
    ) throws -> (views: [ContactView], lastRow: Row?, more: Bool) {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var views: [ContactView] = []
        var lastRow: Row?
        var more = false
        while let row = try rows.next() {
            // Read to the end, so the statement finishes before the transaction does.
            guard views.count < limit else {
                more = true
                continue
            }
            views.append(ContactView(statement: statement.sqliteStatement, now: now))
            if views.count == limit { lastRow = row.copy() }
        }
        return (views, lastRow, more)
    }

    /// Reads the current row of a stepped `selectSQL` statement through SQLite's C API.
    /// Measured hot path (STYLE.md: the C API only where measured): building the 50 views of
    /// a contacts page through GRDB's `Row` was 80 % of the page query over HTTP — each
    /// nullable column went through generic decoding with runtime metadata lookups — and the
    /// page missed its p99 at 1,000 req/s. `ContactViewStatementTests` checks it against
    /// GRDB's own reading of every row of a generated read model.
    private init(statement: OpaquePointer, now: Timestamp) {
        let columns = StatementColumns(statement: statement)
        storeId = columns.text(.storeId) ?? ""
        phone = columns.text(.phone) ?? ""
        franchiseId = columns.text(.franchiseId)
        accountId = columns.text(.accountId)
        firstName = columns.text(.firstName)
        lastName = columns.text(.lastName)
        email = columns.text(.email)
        lifecycleStage = columns.text(.lifecycleStage)
        lifecycleState = columns.text(.lifecycleState)
        notes = columns.text(.notes)
        doNotContact = columns.bool(.doNotContact)
        doNotContactUpdatedBy = columns.text(.doNotContactUpdatedBy)
        hasCardOnFile = columns.bool(.hasCardOnFile)
        lastActivityAt = ISO.string(columns.int64(.lastActivityAt))
        actionNeeded = columns.bool(.actionNeeded)
        actionNeededReason = columns.text(.actionNeededReason)
        suggestedActions = JSONColumn.array(columns.text(.suggestedActions))
        priority = columns.text(.priority)
        leadStatus = columns.text(.leadStatus)
        leadStatusReason = columns.text(.leadStatusReason)
        leadObjections = JSONColumn.array(columns.text(.leadObjections))
        leadRejectionReasons = JSONColumn.array(columns.text(.leadRejectionReasons))
        purchaseIntent = columns.text(.purchaseIntent)
        purchaseIntentReason = columns.text(.purchaseIntentReason)
        goals = JSONColumn.array(columns.text(.goals))
        customerSummary = columns.text(.customerSummary)
        lastContactAnalysisAt = ISO.string(columns.int64(.lastContactAnalysisAt))
        hasOpenComplaint = columns.bool(.hasOpenComplaint)
        let created = columns.int64(.createdAt) ?? 0
        createdAt = ISO.string(created)!
        updatedAt = ISO.string(columns.int64(.updatedAt) ?? 0)!
        version = columns.int64(.version) ?? 0
        lastComplaintAt = ISO.string(columns.int64(.lastComplaintAt))
        firstAttemptedAt = ISO.string(columns.int64(.firstAttemptedAt))
        firstConnectedAt = ISO.string(columns.int64(.firstConnectedAt))
        callCount = columns.int64(.callCount) ?? 0
        smsCount = columns.int64(.smsCount) ?? 0
        let status = leadStatus.flatMap(LeadStatus.init(rawValue:))
        leadTemperature = LeadTemperature.of(status: status, createdAt: Timestamp(microsecondsSinceEpoch: created), now: now)?.rawValue
        leadPipeline = lifecycleStage == LifecycleStage.lead.rawValue ? LeadPipeline(status: status) : nil
    }
}

/// The columns of a statement's current row, by `ContactView.Column` (`SQLiteColumns`).
/// Valid only until the statement steps again. Not thread-safe.
private struct StatementColumns {
    let columns: SQLiteColumns

    init(statement: OpaquePointer) {
        columns = SQLiteColumns(statement: statement)
    }

    func text(_ column: ContactView.Column) -> String? { columns.text(Int32(column.rawValue)) }
    func int64(_ column: ContactView.Column) -> Int64? { columns.int64(Int32(column.rawValue)) }
    func bool(_ column: ContactView.Column) -> Bool { columns.bool(Int32(column.rawValue)) }
}
