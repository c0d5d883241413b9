import GRDB
import Testing

@testable import Projections

/// The projections write their hot statements through SQLite's C API
/// (`Statement.execute(binding:)`) where they used GRDB's arguments before. A row written
/// either way must be stored identically — same storage class, same bytes — or a rebuild
/// by this build would differ from a read model written by the last one. Checked with
/// SQLite's own `quote()` of every column, for every kind of value the projections bind.
@Suite struct StatementCAPITests {
    enum Value {
        case text(String?)
        case integer(Int64?)
        case boolean(Bool)

        var grdb: (any DatabaseValueConvertible)? {
            switch self {
            case .text(let value): value
            case .integer(let value): value
            case .boolean(let value): value
            }
        }

        func bind(_ bindings: inout SQLiteBindings) {
            switch self {
            case .text(let value): bindings.add(value)
            case .integer(let value): bindings.add(value)
            case .boolean(let value): bindings.add(value)
            }
        }
    }

    static let values: [Value] = [
        .text(nil), .text(""), .text("a"), .text("Zoë Ångström 🏋️‍♀️ 健身"), .text("tab\tnew\nline \"quoted\" 'single'"),
        .text("before\u{0}after"), .text(String(repeating: "long text ", count: 2_000)), .text("+14155550123"),
        .integer(nil), .integer(0), .integer(-1), .integer(Int64.min), .integer(Int64.max), .integer(1_775_000_000_000_000),
        .boolean(true), .boolean(false),
    ]

    static func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (way TEXT NOT NULL, id INTEGER NOT NULL, value ANY, UNIQUE (way, id)) STRICT")
        }
        return queue
    }

    @Test func aValueBoundThroughTheCAPIIsStoredAsGRDBStoresIt() throws {
        let queue = try Self.database()
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (way, id, value) VALUES (?, ?, ?)")
            for (id, value) in Self.values.enumerated() {
                try insert.execute(arguments: ["grdb", id, value.grdb])
                try insert.execute { bindings in
                    bindings.add("capi")
                    bindings.add(id)
                    value.bind(&bindings)
                }
            }
        }
        let stored = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT way, id, quote(value) AS q, typeof(value) AS type FROM t ORDER BY id, way")
        }
        #expect(stored.count == 2 * Self.values.count)
        for id in Self.values.indices {
            let pair = stored.filter { $0["id"] == id }
            let grdb = try #require(pair.first { $0["way"] == "grdb" })
            let capi = try #require(pair.first { $0["way"] == "capi" })
            #expect(capi["q"] as String == grdb["q"] as String, "value \(id): \(Self.values[id])")
            #expect(capi["type"] as String == grdb["type"] as String, "value \(id)")
        }
        // The NUL case: both stop at the NUL, as GRDB binds a Swift String as a C string.
        let nul = try #require(Self.values.firstIndex { if case .text("before\u{0}after") = $0 { true } else { false } })
        #expect(stored.first { $0["id"] == nul && $0["way"] == "capi" }?["q"] == "'before'")
    }

    @Test func fetchFirstReadsWhatGRDBReads() throws {
        let queue = try Self.database()
        try queue.write { db in
            for (id, value) in Self.values.enumerated() {
                try db.execute(sql: "INSERT INTO t (way, id, value) VALUES ('grdb', ?, ?)", arguments: [id, value.grdb])
            }
            let select = try db.cachedStatement(sql: "SELECT value FROM t WHERE way = ? AND id = ?")
            for (id, value) in Self.values.enumerated() {
                let row = try #require(try Row.fetchOne(select, arguments: ["grdb", id]))
                let viaCAPI = try select.fetchFirst(binding: {
                    $0.add("grdb")
                    $0.add(id)
                }) { columns in
                    switch value {
                    case .text: Value.text(columns.text(0))
                    case .integer: Value.integer(columns.int64(0))
                    case .boolean: Value.boolean(columns.bool(0))
                    }
                }
                switch (value, viaCAPI) {
                case (.text, .text(let read)?): #expect(read == row[0] as String?, "value \(id)")
                case (.integer, .integer(let read)?): #expect(read == row[0] as Int64?, "value \(id)")
                case (.boolean, .boolean(let read)?): #expect(read == row[0] as Bool, "value \(id)")
                default: Issue.record("value \(id): read \(String(describing: viaCAPI))")
                }
            }
            // No row: nil, and the statement is ready for the next use.
            #expect(try select.fetchFirst(binding: { $0.add("none"); $0.add(0) }) { _ in true } == nil)
            #expect(try select.fetchFirst(binding: { $0.add("grdb"); $0.add(2) }) { $0.text(0) } == "a")
        }
    }

    @Test func aFailingStepThrowsSQLitesErrorAndLeavesTheStatementUsable() throws {
        let queue = try Self.database()
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (way, id, value) VALUES (?, ?, ?)")
            try insert.execute { $0.add("capi"); $0.add(1); $0.add("first") }
            let error = try #require(throws: DatabaseError.self) {
                try insert.execute { $0.add("capi"); $0.add(1); $0.add("duplicate") }
            }
            #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE)
            #expect(error.message?.contains("t.way, t.id") == true)
            #expect(error.sql == "INSERT INTO t (way, id, value) VALUES (?, ?, ?)")
            // A NOT NULL column given NULL fails the same way GRDB's path fails.
            let notNull = try #require(throws: DatabaseError.self) {
                try insert.execute { $0.add(nil as String?); $0.add(2); $0.add(nil as String?) }
            }
            #expect(notNull.extendedResultCode == .SQLITE_CONSTRAINT_NOTNULL)
            try insert.execute { $0.add("capi"); $0.add(2); $0.add("second") }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 2)
            #expect(try String.fetchOne(db, sql: "SELECT value FROM t WHERE id = 2") == "second")
        }
    }
}
