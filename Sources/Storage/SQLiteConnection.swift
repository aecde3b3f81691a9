import CSQLite
import Protocol

/// A thin wrapper around one `sqlite3*` handle: statements with SQLValue parameters, rows
/// as SQLValue arrays, typed errors, and a bounded cache of prepared statements keyed by
/// SQL text (internal statements repeat a lot; preparing them each time dominates apply).
///
/// Not thread-safe: one instance is used from one thread at a time (the simulator's single
/// thread, or a daemon's per-database executor). `@unchecked Sendable` only lets it move
/// between such owners.
public final class SQLiteConnection: @unchecked Sendable {
    public struct OpenFlags: OptionSet, Hashable, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = OpenFlags(rawValue: SQLITE_OPEN_READONLY)
        public static let readWrite = OpenFlags(rawValue: SQLITE_OPEN_READWRITE)
        public static let create = OpenFlags(rawValue: SQLITE_OPEN_CREATE)
        public static let uri = OpenFlags(rawValue: SQLITE_OPEN_URI)
        /// Multi-thread mode: no connection mutex (we never share a connection concurrently).
        public static let noMutex = OpenFlags(rawValue: SQLITE_OPEN_NOMUTEX)
        public static let `default`: OpenFlags = [.readWrite, .create, .noMutex]
    }

    public let path: String
    /// The raw handle, nil once closed. For hooks (preupdate, authorizer) installed by others.
    public private(set) var handle: OpaquePointer?
    public let cacheCapacity: Int
    private var cache: [String: OpaquePointer] = [:]
    /// Least recently used first; bounded by `cacheCapacity` so client-generated SQL cannot
    /// grow the cache without limit.
    private var cacheOrder: [String] = []

    public init(path: String, flags: OpenFlags = .default, cacheCapacity: Int = 64) throws {
        self.path = path
        self.cacheCapacity = max(0, cacheCapacity)
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags.rawValue, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(db: db, code: rc, sql: nil)
            sqlite3_close_v2(db)
            throw error
        }
        sqlite3_extended_result_codes(db, 1)
        handle = db
    }

    deinit { close() }

    /// Finalizes cached statements and closes the handle. Safe to call twice.
    public func close() {
        for (_, stmt) in cache { sqlite3_finalize(stmt) }
        cache.removeAll()
        cacheOrder.removeAll()
        if let db = handle { sqlite3_close_v2(db) }
        handle = nil
    }

    public var isOpen: Bool { handle != nil }

    func db() throws -> OpaquePointer {
        guard let handle else { throw SQLiteError(code: SQLITE_MISUSE, message: "connection is closed") }
        return handle
    }

    // MARK: state

    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }
    /// Rows changed by the most recent INSERT/UPDATE/DELETE.
    public var changes: Int { handle.map { Int(sqlite3_changes64($0)) } ?? 0 }
    public var totalChanges: Int64 { handle.map { sqlite3_total_changes64($0) } ?? 0 }
    /// True between BEGIN and COMMIT/ROLLBACK.
    public var inTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    public func setBusyTimeout(millis: Int32) throws {
        let db = try db()
        let rc = sqlite3_busy_timeout(db, millis)
        if rc != SQLITE_OK { throw SQLiteError(db: db, code: rc, sql: nil) }
    }

    // MARK: statements

    /// Runs SQL without parameters and without collecting results; several statements
    /// separated by semicolons are fine.
    public func execute(_ sql: String) throws {
        let db = try db()
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(errmsg)
            throw SQLiteError(code: sqlite3_extended_errcode(db) & 0xFF == rc & 0xFF ? sqlite3_extended_errcode(db) : rc,
                              message: message, sql: sql)
        }
    }

    public func query(_ sql: String, _ params: [SQLValue] = []) throws -> QueryResult {
        let r = try perform(sql, params)
        var q = QueryResult(columns: r.columns, rows: r.rows)
        q.declaredTypes = r.declaredTypes
        return q
    }

    @discardableResult
    public func run(_ sql: String, _ params: [SQLValue] = []) throws -> (changes: Int, lastInsertRowID: Int64) {
        let r = try perform(sql, params)
        return (r.changes, r.lastInsertRowID)
    }

    /// The first column of the first row, nil when there is no row.
    public func scalar(_ sql: String, _ params: [SQLValue] = []) throws -> SQLValue? {
        var out: SQLValue?
        try forEachRow(sql, params) { row in
            if out == nil { out = row.first ?? .null }
            return false
        }
        return out
    }

    /// Steps a single statement, handing each row to `body` without materializing the
    /// result; `body` returns false to stop early. `body` may run other statements on this
    /// connection (a busy cached statement is never handed out twice).
    public func forEachRow(_ sql: String, _ params: [SQLValue] = [], _ body: ([SQLValue]) throws -> Bool) throws {
        try withPrepared(sql) { stmt in
            try stmt.bind(params)
            while try stmt.step() {
                if try !body(stmt.row()) { break }
            }
        }
    }

    /// Runs one or more statements. Parameters are consumed in order by the statements'
    /// parameter counts and must add up exactly. The result is the last statement that
    /// returned columns (else the last statement), with the changes of the last DML.
    public func perform(_ sql: String, _ params: [SQLValue] = []) throws -> StatementResult {
        if let stmt = try takeCached(sql) {
            defer { giveBack(sql, stmt) }
            let s = SQLiteStatement(connection: self, stmt: stmt, sql: sql)
            try s.checkParameterCount(params.count)
            return try s.run(params[...])
        }
        var result = StatementResult()
        var consumed = 0
        try forEachStatement(sql, cacheSingle: true) { stmt in
            let n = stmt.parameterCount
            guard consumed + n <= params.count else {
                throw SQLiteError(code: SQLITE_RANGE, message: "statement needs \(consumed + n) parameters, \(params.count) given", sql: sql)
            }
            let r = try stmt.run(params[consumed..<(consumed + n)])
            consumed += n
            if stmt.columnCount > 0 || result.columns.isEmpty {
                result.columns = r.columns
                result.declaredTypes = r.declaredTypes
                result.rows = r.rows
            }
            result.changes = r.changes
            result.lastInsertRowID = r.lastInsertRowID
        }
        guard consumed == params.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "\(params.count) parameters given, statements use \(consumed)", sql: sql)
        }
        return result
    }

    /// Prepares the statements of `sql` one at a time (a later statement may depend on the
    /// schema an earlier one created) and hands each to `body`, finalizing it afterwards.
    /// Never uses the cache unless `cacheSingle` and the text is exactly one statement.
    public func forEachStatement(_ sql: String, _ body: (SQLiteStatement) throws -> Void) throws {
        try forEachStatement(sql, cacheSingle: false, body)
    }

    private func forEachStatement(_ sql: String, cacheSingle: Bool, _ body: (SQLiteStatement) throws -> Void) throws {
        let db = try db()
        let utf8 = Array(sql.utf8CString)
        try utf8.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var cursor = base
            var first = true
            while cursor.pointee != 0 {
                var stmt: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(db, cursor, -1, &stmt, &tail)
                if rc != SQLITE_OK {
                    sqlite3_finalize(stmt)
                    throw SQLiteError(db: db, code: rc, sql: sql)
                }
                let next = tail ?? cursor
                guard let stmt else {
                    // Only whitespace or a comment was left.
                    if next == cursor { break }
                    cursor = next
                    continue
                }
                let isSingle = first && cacheSingle && Self.onlyWhitespace(next)
                let text = isSingle ? sql : String(cString: sqlite3_sql(stmt))
                let wrapper = SQLiteStatement(connection: self, stmt: stmt, sql: text)
                do {
                    try body(wrapper)
                } catch {
                    if isSingle { giveBack(sql, stmt) } else { sqlite3_finalize(stmt) }
                    throw error
                }
                if isSingle { giveBack(sql, stmt) } else { sqlite3_finalize(stmt) }
                first = false
                cursor = next
            }
        }
    }

    private static func onlyWhitespace(_ p: UnsafePointer<CChar>) -> Bool {
        var q = p
        while q.pointee != 0 {
            switch q.pointee {
            case 0x20, 0x09, 0x0A, 0x0D, 0x3B: q += 1
            default: return false
            }
        }
        return true
    }

    /// Runs `body` with a prepared single statement, from the cache when possible.
    func withPrepared<T>(_ sql: String, _ body: (SQLiteStatement) throws -> T) throws -> T {
        if let stmt = try takeCached(sql) {
            defer { giveBack(sql, stmt) }
            return try body(SQLiteStatement(connection: self, stmt: stmt, sql: sql))
        }
        let db = try db()
        var stmt: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sql.withCString { sqlite3_prepare_v2(db, $0, -1, &stmt, &tail) }
        guard rc == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            if rc == SQLITE_OK { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql) }
            throw SQLiteError(db: db, code: rc, sql: sql)
        }
        defer { giveBack(sql, stmt) }
        return try body(SQLiteStatement(connection: self, stmt: stmt, sql: sql))
    }

    // MARK: cache

    /// A cached statement that is not in use, removed from the cache while borrowed so a
    /// reentrant use of the same SQL prepares its own copy.
    private func takeCached(_ sql: String) throws -> OpaquePointer? {
        _ = try db()
        guard let stmt = cache.removeValue(forKey: sql) else { return nil }
        if let i = cacheOrder.firstIndex(of: sql) { cacheOrder.remove(at: i) }
        return stmt
    }

    /// Resets a statement and puts it (back) in the cache, evicting the least recently
    /// used one when full; finalizes it if the cache cannot take it.
    private func giveBack(_ sql: String, _ stmt: OpaquePointer) {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        guard handle != nil, cacheCapacity > 0, cache[sql] == nil else {
            sqlite3_finalize(stmt)
            return
        }
        while cache.count >= cacheCapacity, !cacheOrder.isEmpty {
            let victim = cacheOrder.removeFirst()
            if let old = cache.removeValue(forKey: victim) { sqlite3_finalize(old) }
        }
        cache[sql] = stmt
        cacheOrder.append(sql)
    }

    /// Drops every cached statement (for example before closing or after detaching).
    public func clearStatementCache() {
        for (_, stmt) in cache { sqlite3_finalize(stmt) }
        cache.removeAll()
        cacheOrder.removeAll()
    }

    public var cachedStatementCount: Int { cache.count }
}
