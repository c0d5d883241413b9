import GRDB

extension ReadModel {
    /// A canonical text dump of every table: rows rendered as SQL literals, sorted, per table
    /// in name order — what "rebuild equals incremental, byte for byte" compares
    /// (READMODELS.md: `sqlite3 .dump` sorted). FTS5's shadow tables hold b-trees whose shape
    /// depends on how commits were batched, not on the data, so the search index is compared
    /// by its content (`SELECT rowid, * FROM contacts_fts`) instead.
    public func canonicalDump() throws -> String {
        try read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                        AND name NOT LIKE 'contacts_fts_%' ORDER BY name
                    """)
            var out = ""
            for table in tables {
                let select = table == "contacts_fts" ? "SELECT rowid, * FROM contacts_fts" : "SELECT * FROM \"\(table)\""
                let lines = try Row.fetchAll(db, sql: select).map { row in
                    row.databaseValues.map(Self.literal).joined(separator: ",")
                }.sorted()
                out += "-- \(table) (\(lines.count) rows)\n"
                for line in lines { out += line + "\n" }
            }
            return out
        }
    }

    private static func literal(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let data): "X'" + data.map { String(format: "%02x", $0) }.joined() + "'"
        }
    }
}

import Foundation
