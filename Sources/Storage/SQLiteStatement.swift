import CSQLite
import Protocol

/// A prepared statement borrowed from its connection for the duration of one call
/// (`forEachStatement`, `forEachRow`); it must not escape that call.
public final class SQLiteStatement {
    unowned let connection: SQLiteConnection
    let stmt: OpaquePointer
    public let sql: String

    init(connection: SQLiteConnection, stmt: OpaquePointer, sql: String) {
        self.connection = connection
        self.stmt = stmt
        self.sql = sql
    }

    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(stmt)) }
    public var columnCount: Int { Int(sqlite3_column_count(stmt)) }
    /// True when the statement cannot write the database (queries, and also BEGIN/COMMIT).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(stmt) != 0 }

    public var columnNames: [String] {
        (0..<sqlite3_column_count(stmt)).map { String(cString: sqlite3_column_name(stmt, $0)) }
    }

    /// Each result column's declared type when it is a plain table column (`BLOB`,
    /// `VARCHAR(100)` ...), nil for expressions: lets a front end type an empty or
    /// text-holding BLOB column as MySQL would.
    public var columnDeclaredTypes: [String?] {
        (0..<sqlite3_column_count(stmt)).map { sqlite3_column_decltype(stmt, $0).map { String(cString: $0) } }
    }

    func checkParameterCount(_ n: Int) throws {
        if n != parameterCount {
            throw SQLiteError(code: SQLITE_RANGE, message: "statement takes \(parameterCount) parameters, \(n) given", sql: sql)
        }
    }

    public func bind<C: Collection>(_ values: C) throws where C.Element == SQLValue {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        var index: Int32 = 1
        for v in values {
            let rc: Int32
            switch v {
            case .null:
                rc = sqlite3_bind_null(stmt, index)
            case .integer(let i):
                rc = sqlite3_bind_int64(stmt, index, i)
            case .real(let d):
                rc = sqlite3_bind_double(stmt, index, d)
            case .text(let s):
                let bytes = Array(s.utf8)
                if bytes.isEmpty {
                    rc = sqlite3_bind_text(stmt, index, "", 0, sqliteTransient)
                } else {
                    rc = bytes.withUnsafeBufferPointer { buf in
                        buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                            sqlite3_bind_text64(stmt, index, $0, UInt64(buf.count), sqliteTransient, UInt8(SQLITE_UTF8))
                        }
                    }
                }
            case .blob(let b):
                if b.isEmpty {
                    // A nil pointer would bind NULL; an empty blob is not NULL.
                    rc = sqlite3_bind_zeroblob(stmt, index, 0)
                } else {
                    rc = b.withUnsafeBytes { sqlite3_bind_blob64(stmt, index, $0.baseAddress, UInt64($0.count), sqliteTransient) }
                }
            }
            if rc != SQLITE_OK { throw SQLiteError(db: connection.handle, code: rc, sql: sql) }
            index += 1
        }
    }

    /// One step: true when a row is available.
    public func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(db: connection.handle, code: rc, sql: sql)
            sqlite3_reset(stmt)
            throw error
        }
    }

    public func row() -> [SQLValue] {
        let n = sqlite3_column_count(stmt)
        var out: [SQLValue] = []
        out.reserveCapacity(Int(n))
        for i in 0..<n { out.append(Self.value(stmt, i)) }
        return out
    }

    /// Binds, steps to the end, and reports rows and changes. `changes` counts only when the
    /// statement changed something (sqlite3_changes keeps the previous DML's count across
    /// queries and DDL).
    public func run<C: Collection>(_ params: C) throws -> StatementResult where C.Element == SQLValue {
        try bind(params)
        let db = connection.handle
        let before = db.map { sqlite3_total_changes64($0) } ?? 0
        var result = StatementResult(columns: columnCount > 0 ? columnNames : [])
        if columnCount > 0 { result.declaredTypes = columnDeclaredTypes }
        while try step() { result.rows.append(row()) }
        if let db {
            let after = sqlite3_total_changes64(db)
            result.changes = after != before ? Int(sqlite3_changes64(db)) : 0
            result.lastInsertRowID = sqlite3_last_insert_rowid(db)
        }
        sqlite3_reset(stmt)
        return result
    }

    static func value(_ stmt: OpaquePointer, _ i: Int32) -> SQLValue {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(stmt, i))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(stmt, i))
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(stmt, i) else { return .text("") }
            let n = Int(sqlite3_column_bytes(stmt, i))
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(stmt, i))
            guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default:
            return .null
        }
    }

    /// The same conversion for `sqlite3_value*` (preupdate hook images).
    static func value(_ v: OpaquePointer?) -> SQLValue {
        guard let v else { return .null }
        switch sqlite3_value_type(v) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_value_int64(v))
        case SQLITE_FLOAT:
            return .real(sqlite3_value_double(v))
        case SQLITE_TEXT:
            guard let p = sqlite3_value_text(v) else { return .text("") }
            let n = Int(sqlite3_value_bytes(v))
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite3_value_bytes(v))
            guard n > 0, let p = sqlite3_value_blob(v) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default:
            return .null
        }
    }
}

/// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the bind call returns.
var sqliteTransient: sqlite3_destructor_type {
    unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)
}

/// Quotes an identifier for SQL text ("a""b").
func quoteIdentifier(_ name: String) -> String {
    var out = "\""
    for c in name { if c == "\"" { out += "\"\"" } else { out.append(c) } }
    out += "\""
    return out
}
