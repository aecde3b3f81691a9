import CSQLite
import Foundation
import Protocol

/// One user database: a SQLite file `<dir>/<name>.db` in WAL mode, holding the user's tables
/// and our bookkeeping next to them (so one SQLite transaction covers a row change, its
/// version, its log entry and the stream position):
///
/// - `__marmot_row_versions`: the (HLC) version of every row ever written, and tombstones.
/// - `__marmot_log`: committed transactions by (origin, sequence), for anti-entropy.
/// - `__marmot_streams` / `__marmot_pending_seq`: per origin, the highest contiguous
///   sequence applied and the sequences applied out of order above it.
/// - `__marmot_meta`: `schema_version`; `__marmot_dropped_tables`: tables DDL dropped.
///
/// Client statements run inside a capture (`beginCapture` ... `endCapture`) that is always
/// rolled back: local effects only become real through `apply` once the cluster commits.
///
/// Not thread-safe: one instance is used from one thread at a time.
public final class DatabaseFile: @unchecked Sendable {
    public let name: String
    public let path: String
    public let options: StorageOptions
    let connection: SQLiteConnection
    let capture: ChangeCapture
    let authorizer = ClientAuthorizer()
    /// True between beginCapture and endCapture/captureRollback.
    public private(set) var isCapturing = false
    public private(set) var isClosed = false
    var tableCache: [String: TableInfo] = [:]
    var uniqueIndexCache: [String: [UniqueIndex]] = [:]
    /// Names temp files for snapshots uniquely within this instance (no randomness).
    var scratchCounter = 0

    public static let fileExtension = "db"

    /// Opens (creating if needed) `<directory>/<name>.db`.
    public convenience init(directory: String, name: String, options: StorageOptions = StorageOptions()) throws {
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        try self.init(path: "\(dir)/\(name).\(Self.fileExtension)", options: options)
    }

    public init(path: String, options: StorageOptions = StorageOptions()) throws {
        self.path = path
        self.options = options
        var base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        if base.hasSuffix(".\(Self.fileExtension)") { base.removeLast(Self.fileExtension.count + 1) }
        self.name = base
        self.connection = try SQLiteConnection(path: path)
        self.capture = ChangeCapture(connection: connection)
        do {
            try connection.setBusyTimeout(millis: options.busyTimeoutMillis)
            try connection.execute("PRAGMA journal_mode=WAL")
            try connection.execute("PRAGMA synchronous=\(options.synchronous.rawValue)")
            try Self.createInternalTables(connection)
            try authorizer.install(on: connection)
        } catch {
            connection.close()
            throw error
        }
    }

    deinit { close() }

    /// Rolls back a capture left open and closes the file.
    public func close() {
        guard !isClosed else { return }
        if isCapturing { captureRollback() }
        capture.stop()
        authorizer.uninstall(from: connection)
        connection.close()
        isClosed = true
    }

    static func createInternalTables(_ c: SQLiteConnection) throws {
        try c.execute("""
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS __marmot_row_versions(
                tbl TEXT NOT NULL, pk BLOB NOT NULL,
                wall INTEGER NOT NULL, logical INTEGER NOT NULL, node INTEGER NOT NULL,
                deleted INTEGER NOT NULL,
                PRIMARY KEY(tbl, pk)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS __marmot_log(
                origin INTEGER NOT NULL, seq INTEGER NOT NULL,
                txid_wall INTEGER NOT NULL, txid_logical INTEGER NOT NULL, txid_node INTEGER NOT NULL,
                commit_wall INTEGER NOT NULL, commit_logical INTEGER NOT NULL, commit_node INTEGER NOT NULL,
                payload BLOB NOT NULL,
                PRIMARY KEY(origin, seq));
            CREATE INDEX IF NOT EXISTS __marmot_log_txid ON __marmot_log(txid_wall, txid_logical, txid_node);
            CREATE INDEX IF NOT EXISTS __marmot_log_commit_wall ON __marmot_log(commit_wall);
            CREATE TABLE IF NOT EXISTS __marmot_streams(
                origin INTEGER PRIMARY KEY, applied INTEGER NOT NULL,
                first_available INTEGER NOT NULL, applied_wall INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS __marmot_pending_seq(
                origin INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(origin, seq)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS __marmot_meta(key TEXT PRIMARY KEY, value);
            CREATE TABLE IF NOT EXISTS __marmot_dropped_tables(tbl TEXT PRIMARY KEY COLLATE NOCASE);
            INSERT OR IGNORE INTO __marmot_meta(key, value) VALUES('schema_version', 0);
            COMMIT;
            """)
    }

    // MARK: guards and transactions

    func ensureUsable() throws {
        if isClosed { throw StorageError.closed }
        if isCapturing { throw StorageError.captureInProgress }
    }

    /// Runs `body` in one BEGIN IMMEDIATE ... COMMIT; any error rolls everything back.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try connection.run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try connection.run("COMMIT")
            return result
        } catch {
            if connection.inTransaction { _ = try? connection.run("ROLLBACK") }
            // DDL may have run and been undone: cached shapes may describe either state.
            invalidateSchemaCaches()
            throw error
        }
    }

    /// Runs `body` inside one read transaction so every read sees the same state.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        if connection.inTransaction { return try body() }
        try connection.run("BEGIN")
        defer { if connection.inTransaction { _ = try? connection.run("COMMIT") } }
        return try body()
    }

    func invalidateSchemaCaches() {
        tableCache.removeAll()
        uniqueIndexCache.removeAll()
    }

    func tableInfo(_ table: String) throws -> TableInfo? {
        if let t = tableCache[table.lowercased()] { return t }
        guard let t = try TableInfo.load(table, schema: "main", connection: connection) else { return nil }
        tableCache[table.lowercased()] = t
        return t
    }

    /// The schema version: bumped once by every applied transaction that carried DDL.
    public func schemaVersion() throws -> UInt64 {
        if isClosed { throw StorageError.closed }
        return try metaInteger("schema_version")
    }

    func metaInteger(_ key: String) throws -> UInt64 {
        guard case .integer(let v)? = try connection.scalar("SELECT value FROM __marmot_meta WHERE key = ?1", [.text(key)]) else { return 0 }
        return UInt64(bitPattern: v)
    }

    func setMetaInteger(_ key: String, _ value: UInt64) throws {
        try connection.run("INSERT INTO __marmot_meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           [.text(key), .integer(Int64(bitPattern: value))])
    }

    // MARK: client execution

    /// Opens the local transaction a client's statements run in and starts capturing their
    /// row changes.
    public func beginCapture() throws {
        try ensureUsable()
        if connection.inTransaction { throw StorageError.captureInProgress }
        try connection.run("BEGIN")
        do {
            try capture.start()
        } catch {
            _ = try? connection.run("ROLLBACK")
            throw error
        }
        isCapturing = true
    }

    /// Runs client SQL (one or more statements) inside the capture. DDL runs too, so it is
    /// validated, and is undone with everything else at the end. A failing statement leaves
    /// the capture as it was before that statement.
    @discardableResult
    public func execute(_ sql: String, params: [SQLValue] = []) throws -> StatementResult {
        if isClosed { throw StorageError.closed }
        guard isCapturing else { throw StorageError.noCaptureInProgress }
        authorizer.mode = .capture
        authorizer.sawSchemaChange = false
        defer { authorizer.mode = .trusted }
        var result = StatementResult()
        var consumed = 0
        do {
            try connection.forEachStatement(sql) { stmt in
                let n = stmt.parameterCount
                guard consumed + n <= params.count else {
                    throw SQLiteError(code: SQLITE_RANGE, message: "statement needs \(consumed + n) parameters, \(params.count) given", sql: sql)
                }
                let mark = capture.mark
                let r: StatementResult
                do {
                    r = try stmt.run(params[consumed..<(consumed + n)])
                } catch let error as SQLiteError {
                    capture.rollback(to: mark)
                    if !connection.inTransaction {
                        // SQLite rolled the whole transaction back (OR ROLLBACK, RAISE).
                        _ = try? capture.finish()
                        isCapturing = false
                        invalidateSchemaCaches()
                        throw StorageError.captureAborted(error)
                    }
                    throw error
                }
                consumed += n
                if authorizer.sawSchemaChange {
                    // Rows a DDL statement touched are not replicated as rows: every node
                    // runs the DDL itself.
                    capture.rollback(to: mark)
                    capture.invalidateSchema()
                    invalidateSchemaCaches()
                }
                authorizer.sawSchemaChange = false
                if stmt.columnCount > 0 || result.columns.isEmpty {
                    result.columns = r.columns
                    result.declaredTypes = r.declaredTypes
                    result.rows = r.rows
                }
                result.changes = r.changes
                result.lastInsertRowID = r.lastInsertRowID
            }
        } catch let error as SQLiteError where error.isNotAuthorized {
            throw StorageError.statementNotAllowed(sql)
        }
        guard consumed == params.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "\(params.count) parameters given, statements use \(consumed)", sql: sql)
        }
        return result
    }

    /// Ends the capture: returns the net row changes and rolls the local transaction back.
    /// The changes come back through `apply` once the distributed commit decides.
    public func endCapture() throws -> [RowChange] {
        if isClosed { throw StorageError.closed }
        guard isCapturing else { throw StorageError.noCaptureInProgress }
        defer { finishCapture() }
        return try capture.finish()
    }

    /// Abandons the capture (the client rolled back, or the transaction aborted).
    public func captureRollback() {
        guard isCapturing else { return }
        _ = try? capture.finish()
        finishCapture()
    }

    private func finishCapture() {
        capture.stop()
        if connection.inTransaction { _ = try? connection.run("ROLLBACK") }
        isCapturing = false
        invalidateSchemaCaches()
    }

    /// A read-only client query. Inside a capture it sees the capture's own uncommitted
    /// changes; outside it sees what was applied.
    public func query(_ sql: String, params: [SQLValue] = []) throws -> QueryResult {
        if isClosed { throw StorageError.closed }
        authorizer.mode = .readOnly
        defer { authorizer.mode = .trusted }
        var result = QueryResult()
        var consumed = 0
        do {
            try connection.forEachStatement(sql) { stmt in
                guard stmt.isReadOnly else { throw StorageError.statementNotAllowed(stmt.sql) }
                let n = stmt.parameterCount
                guard consumed + n <= params.count else {
                    throw SQLiteError(code: SQLITE_RANGE, message: "statement needs \(consumed + n) parameters, \(params.count) given", sql: sql)
                }
                let r = try stmt.run(params[consumed..<(consumed + n)])
                consumed += n
                if stmt.columnCount > 0 || result.columns.isEmpty {
                    result = QueryResult(columns: r.columns, rows: r.rows)
                    result.declaredTypes = r.declaredTypes
                }
            }
        } catch let error as SQLiteError where error.isNotAuthorized {
            throw StorageError.statementNotAllowed(sql)
        }
        guard consumed == params.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "\(params.count) parameters given, statements use \(consumed)", sql: sql)
        }
        return result
    }

    /// Same as `execute(_:params:)`.
    @discardableResult
    public func execute(_ sql: String, _ params: [SQLValue]) throws -> StatementResult {
        try execute(sql, params: params)
    }

    /// Same as `query(_:params:)`.
    public func query(_ sql: String, _ params: [SQLValue]) throws -> QueryResult {
        try query(sql, params: params)
    }

    // MARK: scratch files

    func scratchPath(_ purpose: String) -> String {
        scratchCounter += 1
        return "\(path).\(purpose)-\(scratchCounter)"
    }

    static func removeFiles(at path: String) {
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm", "-journal"] where fm.fileExists(atPath: path + suffix) {
            try? fm.removeItem(atPath: path + suffix)
        }
    }
}

extension HLCTimestamp {
    /// Columns as stored: unsigned values keep their bits in SQLite's signed integers.
    var sqlValues: [SQLValue] {
        [.integer(Int64(bitPattern: wall)), .integer(Int64(logical)), .integer(Int64(bitPattern: node.rawValue))]
    }

    init(sqlWall: SQLValue, logical: SQLValue, node: SQLValue) {
        self.init(wall: UInt64(bitPattern: sqlWall.int64), logical: UInt32(truncatingIfNeeded: logical.int64),
                  node: NodeID(UInt64(bitPattern: node.int64)))
    }
}

extension SQLValue {
    /// The integer in an INTEGER column (0 for anything else).
    var int64: Int64 {
        switch self {
        case .integer(let v): return v
        case .real(let d): return Int64(exactly: d.rounded(.towardZero)) ?? 0
        default: return 0
        }
    }

    var uint64: UInt64 { UInt64(bitPattern: int64) }

    static func uint(_ v: UInt64) -> SQLValue { .integer(Int64(bitPattern: v)) }
}
