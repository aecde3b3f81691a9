/// A MySQL expression. The tree keeps MySQL's meaning (`||` is OR, `/` is decimal
/// division, `DIV` integer division); the SQLite printer decides how to say it in SQLite.
public indirect enum Expr: Hashable, Sendable {
    case literal(Literal)
    case column(ColumnRef)
    /// `*` or `t.*`: in a select list or `COUNT(*)`.
    case allColumns(table: TableName?)
    /// A `?` placeholder, numbered from 0 in source order.
    case parameter(Int)
    /// `@name`.
    case userVariable(String)
    /// `@@name`, `@@session.name`, `@@global.name`.
    case systemVariable(SystemVariable)
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `x IS [NOT] NULL`.
    case isNull(Expr, negated: Bool)
    /// `x IS [NOT] TRUE | FALSE | UNKNOWN`.
    case isTruth(Expr, TruthValue, negated: Bool)
    /// `x [NOT] LIKE pattern [ESCAPE e]`; MySQL's default escape character is `\`.
    case like(Expr, pattern: Expr, escape: Expr?, negated: Bool)
    /// `x [NOT] REGEXP pattern` (also RLIKE).
    case regexp(Expr, pattern: Expr, negated: Bool)
    /// `x SOUNDS LIKE y`.
    case soundsLike(Expr, Expr)
    case between(Expr, low: Expr, high: Expr, negated: Bool)
    case inList(Expr, [Expr], negated: Bool)
    case inSubquery(Expr, SelectStatement, negated: Bool)
    /// `x op ANY|SOME|ALL (subquery)`.
    case quantified(Expr, BinaryOperator, Quantifier, SelectStatement)
    case exists(SelectStatement)
    case subquery(SelectStatement)
    /// `(a, b)` or `ROW(a, b)`.
    case row([Expr])
    case function(FunctionCall)
    /// `CAST(x AS type)` and `CONVERT(x, type)`.
    case cast(Expr, CastType)
    /// `CONVERT(x USING charset)`.
    case convertUsing(Expr, charset: String)
    case caseWhen(CaseExpression)
    /// `INTERVAL n unit`: only meaningful as an operand of `+`/`-` or of DATE_ADD-style calls.
    case interval(Expr, IntervalUnit)
    /// A bare unit keyword as a function argument (`TIMESTAMPDIFF(DAY, a, b)`).
    case intervalUnit(IntervalUnit)
    case collate(Expr, String)
    /// `BINARY x`: compare as a binary string.
    case binaryString(Expr)
    /// `VALUES(col)` inside ON DUPLICATE KEY UPDATE: the value the row would have inserted.
    case insertedValue(ColumnRef)
    /// `MATCH (cols) AGAINST (expr [modifier])`.
    case match(MatchAgainst)
    /// `DEFAULT` in VALUES or SET, or `DEFAULT(col)`.
    case defaultValue(ColumnRef?)
    /// `@name := expr`.
    case assignVariable(String, Expr)
    /// `EXTRACT(unit FROM x)`.
    case extract(IntervalUnit, Expr)
    /// `TRIM([BOTH|LEADING|TRAILING] [remove] FROM x)`; plain `TRIM(x)` is a function call.
    case trim(TrimSide, remove: Expr?, from: Expr)
}

public enum Literal: Hashable, Sendable {
    case null
    case boolean(Bool)
    /// Digits as written (may exceed 64 bits: `18446744073709551615`).
    case integer(String)
    /// `1.5`, `.5`, `1.`: MySQL's exact DECIMAL literal.
    case decimal(String)
    /// `1e3`, `1.5E-3`: MySQL's DOUBLE literal.
    case float(String)
    /// The decoded value; `introducer` is a charset introducer such as `_utf8mb4` or `N`.
    case string(String, introducer: String?)
    /// Hex digits of `X'..'` / `0x..` (even count).
    case hex(String)
    /// Binary digits of `b'..'` / `0b..`.
    case bit(String)
    /// `DATE '2024-01-01'`, `TIME '..'`, `TIMESTAMP '..'`.
    case temporal(TemporalKind, String)

    public static func string(_ value: String) -> Literal { .string(value, introducer: nil) }
}

public enum TemporalKind: String, Hashable, Sendable {
    case date = "DATE"
    case time = "TIME"
    case timestamp = "TIMESTAMP"
}

/// `@@[scope.]name`; `scope` nil means "session, falling back to global" as MySQL does.
public struct SystemVariable: Hashable, Sendable, CustomStringConvertible {
    public enum Scope: String, Hashable, Sendable {
        case global = "GLOBAL"
        case session = "SESSION"
        case persist = "PERSIST"
        case persistOnly = "PERSIST_ONLY"
    }

    public var scope: Scope?
    public var name: String

    public init(scope: Scope? = nil, name: String) {
        self.scope = scope
        self.name = name
    }

    public var description: String { "@@" + (scope.map { $0.rawValue + "." } ?? "") + name }
}

public enum UnaryOperator: String, Hashable, Sendable {
    /// `NOT x` and `!x`.
    case not = "NOT"
    case negate = "-"
    case plus = "+"
    case bitInvert = "~"
}

public enum BinaryOperator: String, Hashable, Sendable {
    case or = "OR"
    case xor = "XOR"
    case and = "AND"
    case equal = "="
    case nullSafeEqual = "<=>"
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case bitOr = "|"
    case bitAnd = "&"
    case shiftLeft = "<<"
    case shiftRight = ">>"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    /// `/`: MySQL returns a decimal even for integer operands.
    case divide = "/"
    /// `DIV`: integer division.
    case integerDivide = "DIV"
    /// `%` and `MOD`.
    case modulo = "%"
    case bitXor = "^"
    /// `col->'$.path'` = JSON_EXTRACT(col, path).
    case jsonExtract = "->"
    /// `col->>'$.path'` = JSON_UNQUOTE(JSON_EXTRACT(col, path)).
    case jsonUnquoteExtract = "->>"
    /// `||` only under sql_mode PIPES_AS_CONCAT (otherwise `||` parses as OR).
    case concat = "||"

    public var isComparison: Bool {
        switch self {
        case .equal, .nullSafeEqual, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}

public enum TruthValue: String, Hashable, Sendable {
    case `true` = "TRUE"
    case `false` = "FALSE"
    case unknown = "UNKNOWN"
}

public enum Quantifier: String, Hashable, Sendable {
    case any = "ANY"
    case all = "ALL"
}

public enum TrimSide: String, Hashable, Sendable {
    case both = "BOTH"
    case leading = "LEADING"
    case trailing = "TRAILING"
}

/// Units of INTERVAL, EXTRACT, TIMESTAMPADD and TIMESTAMPDIFF; the raw value is MySQL's
/// spelling, which is also what the SQLite printer passes to the DATE_ADD-style functions.
public enum IntervalUnit: String, Hashable, Sendable, CaseIterable {
    case microsecond = "MICROSECOND"
    case second = "SECOND"
    case minute = "MINUTE"
    case hour = "HOUR"
    case day = "DAY"
    case week = "WEEK"
    case month = "MONTH"
    case quarter = "QUARTER"
    case year = "YEAR"
    case secondMicrosecond = "SECOND_MICROSECOND"
    case minuteMicrosecond = "MINUTE_MICROSECOND"
    case minuteSecond = "MINUTE_SECOND"
    case hourMicrosecond = "HOUR_MICROSECOND"
    case hourSecond = "HOUR_SECOND"
    case hourMinute = "HOUR_MINUTE"
    case dayMicrosecond = "DAY_MICROSECOND"
    case daySecond = "DAY_SECOND"
    case dayMinute = "DAY_MINUTE"
    case dayHour = "DAY_HOUR"
    case yearMonth = "YEAR_MONTH"

    /// The unit spelled `word` (upper-cased), also accepting the legacy `SQL_TSI_` prefix.
    public init?(keyword word: String) {
        let w = word.hasPrefix("SQL_TSI_") ? String(word.dropFirst(8)) : word
        self.init(rawValue: w)
    }
}

public struct FunctionCall: Hashable, Sendable {
    /// The name as written (MySQL function names are case-insensitive).
    public var name: String
    /// A database qualifier for stored functions: `db.func(...)`.
    public var database: String?
    public var arguments: [Expr]
    /// `COUNT(DISTINCT x)`, `GROUP_CONCAT(DISTINCT x)`.
    public var distinct: Bool
    /// GROUP_CONCAT's `ORDER BY` inside the parentheses.
    public var orderBy: [OrderItem]
    /// GROUP_CONCAT's `SEPARATOR '...'`.
    public var separator: String?
    /// `CHAR(... USING charset)`.
    public var usingCharset: String?
    /// A window: `OVER (...)` or `OVER name`.
    public var over: WindowSpec?

    public init(name: String, database: String? = nil, arguments: [Expr] = [], distinct: Bool = false,
                orderBy: [OrderItem] = [], separator: String? = nil, usingCharset: String? = nil, over: WindowSpec? = nil) {
        self.name = name
        self.database = database
        self.arguments = arguments
        self.distinct = distinct
        self.orderBy = orderBy
        self.separator = separator
        self.usingCharset = usingCharset
        self.over = over
    }

    /// Upper-cased name, for matching known functions.
    public var upperName: String { name.uppercased() }
}

public struct WindowSpec: Hashable, Sendable {
    /// `OVER w` or `OVER (w ...)`: a named window this one builds on.
    public var name: String?
    public var partitionBy: [Expr]
    public var orderBy: [OrderItem]
    public var frame: WindowFrame?

    public init(name: String? = nil, partitionBy: [Expr] = [], orderBy: [OrderItem] = [], frame: WindowFrame? = nil) {
        self.name = name
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

public struct WindowFrame: Hashable, Sendable {
    public enum Unit: String, Hashable, Sendable {
        case rows = "ROWS"
        case range = "RANGE"
    }

    public indirect enum Bound: Hashable, Sendable {
        case unboundedPreceding
        case preceding(Expr)
        case currentRow
        case following(Expr)
        case unboundedFollowing
    }

    public var unit: Unit
    public var start: Bound
    /// Nil for the single-bound form (`ROWS 2 PRECEDING`).
    public var end: Bound?

    public init(unit: Unit, start: Bound, end: Bound? = nil) {
        self.unit = unit
        self.start = start
        self.end = end
    }
}

/// The target type of CAST / CONVERT.
public struct CastType: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case signed = "SIGNED"
        case unsigned = "UNSIGNED"
        case char = "CHAR"
        case binary = "BINARY"
        case date = "DATE"
        case datetime = "DATETIME"
        case time = "TIME"
        case decimal = "DECIMAL"
        case double = "DOUBLE"
        case float = "FLOAT"
        case real = "REAL"
        case json = "JSON"
        case year = "YEAR"
    }

    public var kind: Kind
    /// CHAR(n), BINARY(n), DECIMAL(m[,d]) precision, DATETIME(fsp).
    public var length: Int?
    public var scale: Int?
    public var charset: String?

    public init(kind: Kind, length: Int? = nil, scale: Int? = nil, charset: String? = nil) {
        self.kind = kind
        self.length = length
        self.scale = scale
        self.charset = charset
    }
}

public struct CaseExpression: Hashable, Sendable {
    public struct When: Hashable, Sendable {
        public var condition: Expr
        public var result: Expr
        public init(condition: Expr, result: Expr) {
            self.condition = condition
            self.result = result
        }
    }

    /// `CASE operand WHEN value ...` (simple form) when set; searched form otherwise.
    public var operand: Expr?
    public var whens: [When]
    public var elseResult: Expr?

    public init(operand: Expr? = nil, whens: [When], elseResult: Expr? = nil) {
        self.operand = operand
        self.whens = whens
        self.elseResult = elseResult
    }
}

public struct MatchAgainst: Hashable, Sendable {
    public var columns: [ColumnRef]
    public var against: Expr
    /// `IN NATURAL LANGUAGE MODE`, `IN BOOLEAN MODE`, `WITH QUERY EXPANSION`, ... as written.
    public var modifier: String?

    public init(columns: [ColumnRef], against: Expr, modifier: String? = nil) {
        self.columns = columns
        self.against = against
        self.modifier = modifier
    }
}
