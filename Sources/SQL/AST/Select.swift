/// A query: `[WITH ...] body [ORDER BY ...] [LIMIT ...] [FOR UPDATE ...]`. The body is
/// one SELECT or a UNION / INTERSECT / EXCEPT of bodies; ORDER BY and LIMIT at this level
/// apply to the whole compound, as in MySQL.
public struct SelectStatement: Hashable, Sendable {
    public var with: WithClause?
    public var body: QueryBody
    public var orderBy: [OrderItem]
    public var limit: Limit?
    public var locking: LockingClause?

    public init(with: WithClause? = nil, body: QueryBody, orderBy: [OrderItem] = [], limit: Limit? = nil, locking: LockingClause? = nil) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.locking = locking
    }

    /// The single SELECT of a non-compound query.
    public var core: SelectCore? {
        if case .select(let core) = body { return core }
        return nil
    }
}

public indirect enum QueryBody: Hashable, Sendable {
    case select(SelectCore)
    case compound(QueryBody, SetOperation, QueryBody)
    /// A parenthesized query used as a compound member, with its own ORDER BY / LIMIT.
    case nested(SelectStatement)
}

public struct SetOperation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case union = "UNION"
        case intersect = "INTERSECT"
        case except = "EXCEPT"
    }

    public var kind: Kind
    /// `UNION ALL`; `UNION DISTINCT` and plain `UNION` are false.
    public var all: Bool

    public init(kind: Kind, all: Bool) {
        self.kind = kind
        self.all = all
    }
}

/// One `SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ...` block.
public struct SelectCore: Hashable, Sendable {
    public var distinct: Bool
    /// `SQL_CALC_FOUND_ROWS`: the session must remember the row count without LIMIT.
    public var calcFoundRows: Bool
    /// `STRAIGHT_JOIN`, `HIGH_PRIORITY`, `SQL_NO_CACHE`, ... as written; no SQLite meaning.
    public var modifiers: [String]
    public var items: [SelectItem]
    /// The comma-separated FROM list; empty for `SELECT 1` (and `FROM DUAL`).
    public var from: [TableReference]
    public var whereClause: Expr?
    public var groupBy: [Expr]
    public var withRollup: Bool
    public var having: Expr?
    /// `WINDOW w AS (...)` definitions.
    public var windows: [NamedWindow]

    public init(distinct: Bool = false, calcFoundRows: Bool = false, modifiers: [String] = [], items: [SelectItem],
                from: [TableReference] = [], whereClause: Expr? = nil, groupBy: [Expr] = [],
                withRollup: Bool = false, having: Expr? = nil, windows: [NamedWindow] = []) {
        self.distinct = distinct
        self.calcFoundRows = calcFoundRows
        self.modifiers = modifiers
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.withRollup = withRollup
        self.having = having
        self.windows = windows
    }
}

public struct SelectItem: Hashable, Sendable {
    public var expression: Expr
    public var alias: String?
    /// The expression exactly as the client wrote it: MySQL names an unaliased result
    /// column after this text (`COUNT( * )`), so printers alias with it.
    public var sourceText: String?

    public init(expression: Expr, alias: String? = nil, sourceText: String? = nil) {
        self.expression = expression
        self.alias = alias
        self.sourceText = sourceText
    }
}

public struct NamedWindow: Hashable, Sendable {
    public var name: String
    public var spec: WindowSpec

    public init(name: String, spec: WindowSpec) {
        self.name = name
        self.spec = spec
    }
}

public struct OrderItem: Hashable, Sendable {
    public var expression: Expr
    public var descending: Bool

    public init(expression: Expr, descending: Bool = false) {
        self.expression = expression
        self.descending = descending
    }
}

/// `LIMIT count`, `LIMIT offset, count` and `LIMIT count OFFSET offset`.
public struct Limit: Hashable, Sendable {
    public var count: Expr
    public var offset: Expr?

    public init(count: Expr, offset: Expr? = nil) {
        self.count = count
        self.offset = offset
    }
}

/// `FOR UPDATE`, `FOR SHARE`, `LOCK IN SHARE MODE`; SQLite has no row locks, so printers
/// drop it, but the node may treat a locking read like a write.
public struct LockingClause: Hashable, Sendable {
    public enum Strength: String, Hashable, Sendable {
        case update = "UPDATE"
        case share = "SHARE"
    }

    public enum Wait: String, Hashable, Sendable {
        case noWait = "NOWAIT"
        case skipLocked = "SKIP LOCKED"
    }

    public var strength: Strength
    public var tables: [String]
    public var wait: Wait?
    /// Written as the old `LOCK IN SHARE MODE`.
    public var legacyShareMode: Bool

    public init(strength: Strength, tables: [String] = [], wait: Wait? = nil, legacyShareMode: Bool = false) {
        self.strength = strength
        self.tables = tables
        self.wait = wait
        self.legacyShareMode = legacyShareMode
    }
}

public struct WithClause: Hashable, Sendable {
    public var recursive: Bool
    public var tables: [CommonTableExpression]

    public init(recursive: Bool, tables: [CommonTableExpression]) {
        self.recursive = recursive
        self.tables = tables
    }
}

public struct CommonTableExpression: Hashable, Sendable {
    public var name: String
    public var columns: [String]
    public var query: SelectStatement

    public init(name: String, columns: [String] = [], query: SelectStatement) {
        self.name = name
        self.columns = columns
        self.query = query
    }
}

/// An element of a FROM list.
public indirect enum TableReference: Hashable, Sendable {
    case table(TableName, alias: String?, indexHints: [IndexHint])
    /// `(SELECT ...) [AS] alias [(columns)]`; MySQL requires the alias.
    case derived(SelectStatement, alias: String, columns: [String])
    case join(TableReference, Join)
    /// `( a, b JOIN c ... )`.
    case parenthesized([TableReference])

    /// Every named table below this reference, in order (derived tables excluded).
    public var tables: [(name: TableName, alias: String?)] {
        switch self {
        case .table(let name, let alias, _): return [(name, alias)]
        case .derived: return []
        case .join(let left, let join): return left.tables + join.table.tables
        case .parenthesized(let refs): return refs.flatMap(\.tables)
        }
    }
}

public struct Join: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case inner = "JOIN"
        case cross = "CROSS JOIN"
        case straight = "STRAIGHT_JOIN"
        case left = "LEFT JOIN"
        case right = "RIGHT JOIN"
        case naturalInner = "NATURAL JOIN"
        case naturalLeft = "NATURAL LEFT JOIN"
        case naturalRight = "NATURAL RIGHT JOIN"
    }

    public var kind: Kind
    public var table: TableReference
    public var condition: JoinCondition?

    public init(kind: Kind, table: TableReference, condition: JoinCondition? = nil) {
        self.kind = kind
        self.table = table
        self.condition = condition
    }
}

public enum JoinCondition: Hashable, Sendable {
    case on(Expr)
    case using([String])
}

/// `USE INDEX (...)`, `FORCE INDEX FOR JOIN (...)`, `IGNORE KEY (...)`: optimizer advice
/// only; kept in the tree, never printed for SQLite.
public struct IndexHint: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        case use = "USE"
        case force = "FORCE"
        case ignore = "IGNORE"
    }

    public enum Scope: String, Hashable, Sendable {
        case join = "JOIN"
        case orderBy = "ORDER BY"
        case groupBy = "GROUP BY"
    }

    public var action: Action
    public var scope: Scope?
    public var indexes: [String]

    public init(action: Action, scope: Scope? = nil, indexes: [String]) {
        self.action = action
        self.scope = scope
        self.indexes = indexes
    }
}
