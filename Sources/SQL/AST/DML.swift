/// `col = expr` in UPDATE ... SET, INSERT ... SET and ON DUPLICATE KEY UPDATE.
public struct Assignment: Hashable, Sendable {
    public var column: ColumnRef
    public var value: Expr

    public init(column: ColumnRef, value: Expr) {
        self.column = column
        self.value = value
    }
}

/// INSERT and REPLACE.
public struct InsertStatement: Hashable, Sendable {
    public enum Verb: String, Hashable, Sendable {
        case insert = "INSERT"
        case replace = "REPLACE"
    }

    public enum Source: Hashable, Sendable {
        /// `VALUES (..), (..)` (or `VALUE`); an empty row is `()`.
        case values([[Expr]])
        case select(SelectStatement)
        /// `INSERT ... SET a = 1, b = 2`.
        case set([Assignment])
    }

    public var verb: Verb
    /// `LOW_PRIORITY`, `DELAYED`, `HIGH_PRIORITY` as written.
    public var priority: String?
    public var ignore: Bool
    public var table: TableName
    public var columns: [String]
    public var source: Source
    /// MySQL 8 `VALUES (...) AS new [(a, b)]`: `new.col` in the update list means VALUES(col).
    public var rowAlias: String?
    public var rowAliasColumns: [String]
    public var onDuplicateKeyUpdate: [Assignment]

    public init(verb: Verb = .insert, priority: String? = nil, ignore: Bool = false, table: TableName, columns: [String] = [],
                source: Source, rowAlias: String? = nil, rowAliasColumns: [String] = [], onDuplicateKeyUpdate: [Assignment] = []) {
        self.verb = verb
        self.priority = priority
        self.ignore = ignore
        self.table = table
        self.columns = columns
        self.source = source
        self.rowAlias = rowAlias
        self.rowAliasColumns = rowAliasColumns
        self.onDuplicateKeyUpdate = onDuplicateKeyUpdate
    }
}

/// Single- and multi-table UPDATE.
public struct UpdateStatement: Hashable, Sendable {
    public var with: WithClause?
    public var lowPriority: Bool
    public var ignore: Bool
    /// One `.table` for the single-table form; joins or several for the multi-table form.
    public var tables: [TableReference]
    public var assignments: [Assignment]
    public var whereClause: Expr?
    /// Single-table form only.
    public var orderBy: [OrderItem]
    /// Single-table form only: a row count.
    public var limit: Expr?

    public init(with: WithClause? = nil, lowPriority: Bool = false, ignore: Bool = false, tables: [TableReference],
                assignments: [Assignment], whereClause: Expr? = nil, orderBy: [OrderItem] = [], limit: Expr? = nil) {
        self.with = with
        self.lowPriority = lowPriority
        self.ignore = ignore
        self.tables = tables
        self.assignments = assignments
        self.whereClause = whereClause
        self.orderBy = orderBy
        self.limit = limit
    }

    /// True unless this is `UPDATE one_table SET ...`.
    public var isMultiTable: Bool {
        guard tables.count == 1, case .table = tables[0] else { return true }
        return false
    }
}

/// Single- and multi-table DELETE.
///
/// - `DELETE FROM t [AS a] WHERE ... ORDER BY ... LIMIT n`: `targets` empty, `from` one table.
/// - `DELETE a, b FROM t1 AS a JOIN t2 AS b ...`: `targets` are the names or aliases.
/// - `DELETE FROM a, b USING t1 AS a JOIN t2 AS b ...`: the same with `usingForm`.
public struct DeleteStatement: Hashable, Sendable {
    public var with: WithClause?
    public var lowPriority: Bool
    public var quick: Bool
    public var ignore: Bool
    public var targets: [TableName]
    public var from: [TableReference]
    public var usingForm: Bool
    public var whereClause: Expr?
    public var orderBy: [OrderItem]
    public var limit: Expr?

    public init(with: WithClause? = nil, lowPriority: Bool = false, quick: Bool = false, ignore: Bool = false,
                targets: [TableName] = [], from: [TableReference], usingForm: Bool = false,
                whereClause: Expr? = nil, orderBy: [OrderItem] = [], limit: Expr? = nil) {
        self.with = with
        self.lowPriority = lowPriority
        self.quick = quick
        self.ignore = ignore
        self.targets = targets
        self.from = from
        self.usingForm = usingForm
        self.whereClause = whereClause
        self.orderBy = orderBy
        self.limit = limit
    }

    public var isMultiTable: Bool { !targets.isEmpty }
}
