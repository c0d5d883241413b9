import GRDB

extension ReadModel {
    /// A canonical text dump of the schema and every table: rows rendered as SQL literals,
    /// sorted, per table in name order — what "rebuild equals incremental, byte for byte" compares
    /// (READMODELS.md: `sqlite3 .dump` sorted). FTS5's shadow tables hold b-trees whose shape
    /// depends on how commits were batched, not on the data, so the search index is compared
    /// by its content — every term occurrence, through an `fts5vocab` instance table — instead.
    public func canonicalDump() throws -> String {
        // A connection of its own: the fts5vocab table below lives in its temp schema.
        var configuration = Configuration()
        configuration.readonly = true
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? connection.close() }
        return try connection.inDatabase { db in
            // Every indexed term occurrence (term, rowid, column, offset): the index's content,
            // independent of how its b-trees were merged.
            let index = ReadModelSchema.searchIndex
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.\(index)_instances USING fts5vocab(main, \(index), instance)")
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                        AND name NOT LIKE ? ORDER BY name
                    """, arguments: ["\(ReadModelSchema.searchIndex)_%"])
            // The schema first (every table, index and trigger by its SQL text, not its pages),
            // so a rebuild that dropped indexes while it loaded must have made them again.
            var out = "-- schema\n"
            for row in try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name") {
                out += row.databaseValues.map(Self.literal).joined(separator: ",") + "\n"
            }
            for table in tables {
                let lines = try Row.fetchAll(db, sql: ReadModelSchema.canonicalRowsSQL(table)).map { row in
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
