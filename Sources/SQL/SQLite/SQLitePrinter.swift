/// Prints the MySQL AST as SQLite SQL with MySQL's meaning.
///
/// The rules that are not obvious (see also `SQLitePrinter+Expressions`):
/// - identifiers are always double-quoted; strings use `''`; blobs `X'..'`;
/// - `?` placeholders print as `?N` (1-based), so a rewrite that repeats or reorders an
///   operand keeps its binding;
/// - `LIMIT off, n` → `LIMIT n OFFSET off`; index hints, `FOR UPDATE`, `SQL_CALC_FOUND_ROWS`,
///   `STRAIGHT_JOIN` and other optimizer advice are dropped (`SQL_CALC_FOUND_ROWS` yields
///   `SQLiteTranslation.foundRowsQuery` instead);
/// - every result column gets an alias carrying MySQL's column name (the expression's
///   source text, e.g. `COUNT( * )`), because SQLite would name it after our rewritten text;
/// - functions print by name (upper-cased, quoted when a SQLite keyword) for a later step
///   to register with MySQL semantics; only syntax SQLite cannot parse is rewritten.
///
/// Statements SQLite has no part in (SET, SHOW, USE, CREATE DATABASE, XA, GRANT, ...)
/// translate to nil; valid MySQL without a SQLite translation throws 1235.
public struct SQLitePrinter: Sendable {
    public struct Options: Hashable, Sendable {
        /// Print `CREATE ... IF NOT EXISTS` / `DROP ... IF EXISTS` even when the client
        /// did not, so DDL replays safely on every node.
        public var idempotentDDL: Bool
        /// The connection's database, which is SQLite's `main`: qualifiers naming it are
        /// dropped. Other qualifiers print as SQLite schema names (an attached database).
        public var currentDatabase: String?
        /// Conflict target for `ON DUPLICATE KEY UPDATE`. SQLite 3.40 accepts a target-less
        /// `ON CONFLICT DO UPDATE` as the (only) last upsert clause, meaning "any uniqueness
        /// constraint", which is MySQL's meaning; set this to name the key columns instead.
        public var upsertConflictTarget: [String]?

        public init(idempotentDDL: Bool = false, currentDatabase: String? = nil, upsertConflictTarget: [String]? = nil) {
            self.idempotentDDL = idempotentDDL
            self.currentDatabase = currentDatabase
            self.upsertConflictTarget = upsertConflictTarget
        }
    }

    /// While printing ON DUPLICATE KEY UPDATE: how `VALUES(col)` and `new.col` resolve.
    struct UpsertScope: Sendable {
        var rowAlias: String?
        /// `AS new(a, b)`: alias column → insert column.
        var aliasColumns: [String: String]
    }

    public var options: Options
    var upsert: UpsertScope?

    public init(options: Options = Options()) {
        self.options = options
    }

    // MARK: entry points

    /// The SQLite statements for `statement`, or nil when SQLite has no part in it (the
    /// session or metadata layer answers it). An empty list means "nothing to run" (for
    /// example `ALTER TABLE t ENGINE=InnoDB`).
    public func translate(_ statement: Statement) throws(SQLError) -> SQLiteTranslation? {
        switch statement {
        case .select(let s):
            return SQLiteTranslation(statements: [try select(s)], foundRowsQuery: try foundRowsQuery(s))
        case .insert(let s): return SQLiteTranslation(statements: try insert(s))
        case .update(let s): return SQLiteTranslation(statements: try update(s))
        case .delete(let s): return SQLiteTranslation(statements: try delete(s))
        case .createTable(let s): return SQLiteTranslation(statements: try createTable(s))
        case .alterTable(let s): return SQLiteTranslation(statements: try alterTable(s))
        case .dropTable(let s): return SQLiteTranslation(statements: dropTable(s))
        case .truncateTable(let t): return SQLiteTranslation(statements: ["DELETE FROM " + table(t)])
        case .renameTable(let pairs): return SQLiteTranslation(statements: try renameTables(pairs))
        case .createIndex(let s): return SQLiteTranslation(statements: try createIndex(s))
        case .dropIndex(let s): return SQLiteTranslation(statements: try dropIndex(s))
        case .createView(let s): return SQLiteTranslation(statements: try createView(s))
        case .dropView(let s): return SQLiteTranslation(statements: dropView(s))
        case .transaction(let t): return SQLiteTranslation(statements: [transaction(t)])
        case .createDatabase, .alterDatabase, .dropDatabase, .use, .set, .show, .describe, .explain,
             .lockTables, .unlockTables, .xa, .account, .tableMaintenance:
            return nil
        }
    }

    /// The SQLite statements, throwing 1235 for statements SQLite has no part in.
    public func print(_ statement: Statement) throws(SQLError) -> [String] {
        guard let translation = try translate(statement) else {
            throw SQLError.notSupported("\(statement.statementClass.rawValue) statements in SQLite")
        }
        return translation.statements
    }

    // MARK: names

    /// `"db"."t"`, without the qualifier when it is the current database.
    func table(_ name: TableName) -> String {
        if let db = qualifier(name.database) { return SQLiteSyntax.quoteIdentifier(db) + "." + SQLiteSyntax.quoteIdentifier(name.name) }
        return SQLiteSyntax.quoteIdentifier(name.name)
    }

    /// The database qualifier to print, nil when it is the current database or absent.
    func qualifier(_ database: String?) -> String? {
        guard let database else { return nil }
        if let current = options.currentDatabase, current == database { return nil }
        return database
    }

    func quote(_ name: String) -> String { SQLiteSyntax.quoteIdentifier(name) }

    // MARK: SELECT

    public func select(_ s: SelectStatement) throws(SQLError) -> String {
        var out = ""
        if let with = s.with { out += try withClause(with) + " " }
        out += try body(s.body)
        if !s.orderBy.isEmpty { out += " ORDER BY " + (try orderItems(s.orderBy)) }
        if let limit = s.limit { out += try limitClause(limit) }
        return out
    }

    func withClause(_ with: WithClause) throws(SQLError) -> String {
        var parts: [String] = []
        for cte in with.tables {
            var s = quote(cte.name)
            if !cte.columns.isEmpty { s += " (" + cte.columns.map(quote).joined(separator: ", ") + ")" }
            parts.append(s + " AS (" + (try select(cte.query)) + ")")
        }
        return "WITH " + (with.recursive ? "RECURSIVE " : "") + parts.joined(separator: ", ")
    }

    func limitClause(_ limit: Limit) throws(SQLError) -> String {
        var s = " LIMIT " + (try expression(limit.count))
        if let offset = limit.offset { s += " OFFSET " + (try expression(offset)) }
        return s
    }

    func orderItems(_ items: [OrderItem]) throws(SQLError) -> String {
        var parts: [String] = []
        for item in items { parts.append(try expression(item.expression) + (item.descending ? " DESC" : "")) }
        return parts.joined(separator: ", ")
    }

    /// SQLite compound members cannot be parenthesized or carry ORDER BY / LIMIT, so such a
    /// member (and a nested compound on the right) becomes `SELECT * FROM (...)`.
    private func body(_ b: QueryBody) throws(SQLError) -> String {
        switch b {
        case .select(let core):
            return try selectCore(core)
        case .compound(let left, let op, let right):
            var rightText = try body(right)
            if case .compound = right { rightText = "SELECT * FROM (" + rightText + ")" }
            let opText = op.kind.rawValue + (op.all ? " ALL" : "")
            return try body(left) + " " + opText + " " + rightText
        case .nested(let inner):
            return "SELECT * FROM (" + (try select(inner)) + ")"
        }
    }

    private func selectCore(_ core: SelectCore) throws(SQLError) -> String {
        if core.withRollup { throw SQLError.notSupported("GROUP BY ... WITH ROLLUP") }
        var out = "SELECT "
        if core.distinct { out += "DISTINCT " }
        var items: [String] = []
        for item in core.items { items.append(try selectItem(item)) }
        out += items.joined(separator: ", ")
        if !core.from.isEmpty {
            var refs: [String] = []
            for r in core.from { refs.append(try reference(r)) }
            out += " FROM " + refs.joined(separator: ", ")
        }
        if let w = core.whereClause { out += " WHERE " + (try expression(w)) }
        if !core.groupBy.isEmpty {
            var parts: [String] = []
            for g in core.groupBy { parts.append(try expression(g)) }
            out += " GROUP BY " + parts.joined(separator: ", ")
        }
        if let h = core.having { out += " HAVING " + (try expression(h)) }
        if !core.windows.isEmpty {
            var parts: [String] = []
            for w in core.windows { parts.append(quote(w.name) + " AS (" + (try windowSpec(w.spec)) + ")") }
            out += " WINDOW " + parts.joined(separator: ", ")
        }
        return out
    }

    /// An item with MySQL's result-column name as its alias.
    private func selectItem(_ item: SelectItem) throws(SQLError) -> String {
        switch item.expression {
        case .allColumns(nil):
            return "*"
        case .allColumns(let t?):
            return table(t) + ".*"
        case .column(let c):
            return try expression(item.expression) + " AS " + quote(item.alias ?? c.column)
        default:
            let text = try expression(item.expression)
            if let name = item.alias ?? item.sourceText { return text + " AS " + quote(name) }
            return text
        }
    }

    func reference(_ r: TableReference) throws(SQLError) -> String {
        switch r {
        case .table(let name, let alias, _):
            return table(name) + (alias.map { " AS " + quote($0) } ?? "")
        case .derived(let query, let alias, let columns):
            if !columns.isEmpty { throw SQLError.notSupported("derived table column lists") }
            return "(" + (try select(query)) + ") AS " + quote(alias)
        case .join(let left, let join):
            var s = try reference(left) + " "
            switch join.kind {
            case .inner, .straight: s += "JOIN "
            default: s += join.kind.rawValue + " "
            }
            s += try reference(join.table)
            switch join.condition {
            case .on(let e)?: s += " ON " + (try expression(e))
            case .using(let columns)?: s += " USING (" + columns.map(quote).joined(separator: ", ") + ")"
            case nil: break
            }
            return s
        case .parenthesized(let refs):
            if refs.count == 1, case .table = refs[0] { return try reference(refs[0]) }
            var parts: [String] = []
            for r in refs { parts.append(try reference(r)) }
            return "(" + parts.joined(separator: ", ") + ")"
        }
    }

    /// `SELECT COUNT(*) FROM (<query without ORDER BY and LIMIT>)` for SQL_CALC_FOUND_ROWS.
    private func foundRowsQuery(_ s: SelectStatement) throws(SQLError) -> String? {
        guard Self.calcFoundRows(s.body) else { return nil }
        var unlimited = s
        unlimited.limit = nil
        unlimited.orderBy = []
        unlimited.locking = nil
        return "SELECT COUNT(*) FROM (" + (try select(unlimited)) + ")"
    }

    private static func calcFoundRows(_ b: QueryBody) -> Bool {
        switch b {
        case .select(let core): return core.calcFoundRows
        case .compound(let left, _, _): return calcFoundRows(left)
        case .nested(let inner): return calcFoundRows(inner.body)
        }
    }

    // MARK: transactions

    private func transaction(_ t: TransactionStatement) -> String {
        switch t {
        case .begin: return "BEGIN"
        case .commit: return "COMMIT"
        case .rollback: return "ROLLBACK"
        case .savepoint(let name): return "SAVEPOINT " + quote(name)
        case .rollbackToSavepoint(let name): return "ROLLBACK TO " + quote(name)
        case .releaseSavepoint(let name): return "RELEASE " + quote(name)
        }
    }
}

/// What SQLite runs for one MySQL statement.
public struct SQLiteTranslation: Hashable, Sendable {
    /// Statements to run in order, inside one transaction when there are several.
    public var statements: [String]
    /// For `SELECT SQL_CALC_FOUND_ROWS ...`: the query whose single value is what
    /// `FOUND_ROWS()` must return afterwards.
    public var foundRowsQuery: String?

    public init(statements: [String], foundRowsQuery: String? = nil) {
        self.statements = statements
        self.foundRowsQuery = foundRowsQuery
    }
}
