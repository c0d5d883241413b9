import GRDB

/// The contacts' search index (`contacts_fts`, contentless FTS5 keyed by the contact's
/// rowid): one entry per contact, made of `ContactRow.searchFields`.
enum ContactSearchIndex {
    static func insert(rowid: Int64, _ fields: [String?], in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO contacts_fts (rowid, name, phoneDigits, notes, customerSummary) VALUES (?, ?, ?, ?, ?)"
        ).execute { bindings in
            bindings.add(rowid)
            for field in fields { bindings.add(field) }
        }
    }

    /// Removes the entry made from `fields`: a contentless index forgets a row's terms only
    /// when given back the text it indexed.
    static func remove(rowid: Int64, _ fields: [String?], in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO contacts_fts (contacts_fts, rowid, name, phoneDigits, notes, customerSummary)
                VALUES ('delete', ?, ?, ?, ?, ?)
                """
        ).execute { bindings in
            bindings.add(rowid)
            for field in fields { bindings.add(field) }
        }
    }

    /// Indexes every contact from its current row, in rowid order — what a full rebuild does
    /// once its load is done (`ProjectionRunner.rebuild`), instead of maintaining the index
    /// row by row. The index must be empty: a contentless index cannot replace an entry
    /// without being given its old text. Afterwards it holds what keeping it in step would
    /// have left (the canonical dump compares every term occurrence).
    static func fill(_ db: Database) throws {
        let contacts = try db.makeStatement(sql: ContactRow.selectAllSQL + " ORDER BY rowid")
        let rows = try Row.fetchCursor(contacts)
        while try rows.next() != nil {
            let contact = ContactRow(columns: SQLiteColumns(statement: contacts.sqliteStatement))
            try insert(rowid: contact.rowid!, contact.searchFields, in: db)
        }
    }
}
