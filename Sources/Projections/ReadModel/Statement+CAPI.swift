import GRDB
import GRDBSQLite

// The projections' hot statements, bound and read through SQLite's C API on GRDB's cached
// statements (STYLE.md: the C API only on a measured hot path). Measured: in a rebuild and in
// the live runner, GRDB's generic path — an array of existential arguments per statement,
// each converted to a `DatabaseValue` before binding, and `Row` decoding with runtime
// metadata lookups — cost about as much CPU as SQLite's own work for the same statements.
// Values are bound exactly as GRDB binds them: text as UTF-8 up to its first NUL, integers
// as 64-bit, Bool as 0/1, nil as NULL; so a row reads back the same whichever path wrote it
// (`StatementCAPITests`).

/// The parameters of one execution, bound in order (`?1`, `?2`, …). Not thread-safe: used
/// inside one `execute(binding:)` call.
struct SQLiteBindings {
    fileprivate let statement: OpaquePointer
    fileprivate var index: Int32 = 0

    mutating func add(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(statement, index)
            return
        }
        let index = index
        let statement = statement
        value.withUTF8 { bytes in
            guard let base = bytes.baseAddress else {
                // An empty string has no base address; it binds as '' (not NULL).
                sqlite3_bind_text(statement, index, "", 0, SQLiteBindings.transient)
                return
            }
            // Up to the first NUL, as GRDB binds a String (as a C string).
            let count = bytes.firstIndex(of: 0) ?? bytes.count
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                _ = sqlite3_bind_text(statement, index, $0, Int32(count), SQLiteBindings.transient)
            }
        }
    }

    mutating func add(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    mutating func add(_ value: Int?) {
        add(value.map(Int64.init))
    }

    mutating func add(_ value: Bool) {
        index += 1
        sqlite3_bind_int64(statement, index, value ? 1 : 0)
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before `bind` returns.
    fileprivate static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// The current row of a stepped statement, read by column index (0-based). Valid until the
/// statement steps again or is reset.
struct SQLiteColumns {
    let statement: OpaquePointer

    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    func text(_ index: Int32) -> String? {
        guard !isNull(index), let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func int64(_ index: Int32) -> Int64? {
        isNull(index) ? nil : sqlite3_column_int64(statement, index)
    }

    func bool(_ index: Int32) -> Bool {
        sqlite3_column_int64(statement, index) != 0
    }
}

extension Statement {
    /// Binds every parameter with `bind` and runs the statement to its end (a write).
    /// Throws the `DatabaseError` GRDB would throw for the same failure.
    func execute(binding bind: (inout SQLiteBindings) -> Void) throws {
        let statement = prepared(bind)
        defer { sqlite3_reset(statement) }
        var code = sqlite3_step(statement)
        while code == SQLITE_ROW { code = sqlite3_step(statement) }
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Runs a write whose two parameters are a contact's key: its store and phone.
    func execute(contact storeId: String, _ phone: String) throws {
        try execute { bindings in
            bindings.add(storeId)
            bindings.add(phone)
        }
    }

    /// Binds every parameter with `bind`, steps once, and reads the first row with `read`;
    /// nil when the statement returns no row.
    func fetchFirst<T>(binding bind: (inout SQLiteBindings) -> Void, _ read: (SQLiteColumns) throws -> T) throws -> T? {
        let statement = prepared(bind)
        defer { sqlite3_reset(statement) }
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return try read(SQLiteColumns(statement: statement))
        case SQLITE_DONE: return nil
        default: throw failure(code)
        }
    }

    private func prepared(_ bind: (inout SQLiteBindings) -> Void) -> OpaquePointer {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var bindings = SQLiteBindings(statement: statement)
        bind(&bindings)
        precondition(
            bindings.index == sqlite3_bind_parameter_count(statement),
            "\(sql): bound \(bindings.index) of \(sqlite3_bind_parameter_count(statement)) parameters")
        return statement
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let connection = sqlite3_db_handle(sqliteStatement)
        let message = connection.map { String(cString: sqlite3_errmsg($0)) }
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}
