/// Expressions. Compound operands are parenthesized, so SQLite's precedence table (which
/// differs from MySQL's: `NOT`, `||`, `&`/`|` ordering) never changes the meaning.
///
/// MySQL-specific forms and what they become:
/// - `a || b`, `a && b` → OR / AND (default sql_mode); `a XOR b` → `(NOT a) <> (NOT b)`;
/// - `a <=> b` → `a IS b`; `a ^ b` → `(a | b) - (a & b)`;
/// - `a / b` → `CAST(a AS REAL) / b` (MySQL divides exactly); `a DIV b` → `CAST(a / b AS INTEGER)`;
/// - `LIKE p` → `LIKE p ESCAPE '\'` (MySQL's default escape character);
/// - `x + INTERVAL n unit`, `DATE_ADD(x, INTERVAL n unit)`, `ADDDATE(x, n)`,
///   `TIMESTAMPADD(unit, n, x)` → `DATE_ADD(x, n, 'UNIT')` (`DATE_SUB` likewise): the
///   three-argument form the MySQL function layer implements, UNIT being MySQL's unit
///   keyword (`DAY`, `HOUR_MINUTE`, ...) and n the interval value as written;
/// - `TIMESTAMPDIFF(unit, a, b)` → `TIMESTAMPDIFF('UNIT', a, b)`; `EXTRACT(unit FROM x)` →
///   `EXTRACT('UNIT', x)`;
/// - `@v` → `MYSQL_USER_VARIABLE('v')`, `@v := x` → `MYSQL_SET_USER_VARIABLE('v', x)`,
///   `@@scope.v` → `MYSQL_SYSTEM_VARIABLE('SCOPE', 'v')` (scope `''` when not written);
/// - `IF(a, b, c)` → `IIF(a, b, c)`; CURRENT_TIMESTAMP / LOCALTIME(STAMP) → `NOW()`,
///   CURRENT_DATE → `CURDATE()`, CURRENT_TIME → `CURTIME()`;
/// - `CAST(x AS SIGNED|UNSIGNED|YEAR)` → `CAST(x AS INTEGER)`, `CHAR[(n)]` → TEXT (cut to n),
///   `BINARY` → BLOB, `DATE|DATETIME|TIME` → `DATE(x)` / `DATETIME(x)` / `TIME(x)`,
///   `DECIMAL(m,d)` → `ROUND(CAST(x AS REAL), d)` (d = 0: an INTEGER), `DOUBLE|FLOAT|REAL` → REAL;
/// - `COLLATE *_bin` → `COLLATE BINARY`, `COLLATE *_ci` → `COLLATE NOCASE`; `BINARY x` → `x COLLATE BINARY`;
/// - `MATCH (c1, c2) AGAINST (q [mode])` → `MATCH_AGAINST(q, 'mode', c1, c2)`.
extension SQLitePrinter {
    public func expression(_ e: Expr) throws(SQLError) -> String {
        switch e {
        case .literal(let l):
            return literal(l)
        case .column(let c):
            return column(c)
        case .allColumns(let t):
            return t.map { table($0) + ".*" } ?? "*"
        case .parameter(let i):
            return "?\(i + 1)"
        case .userVariable(let name):
            return "MYSQL_USER_VARIABLE(" + SQLiteSyntax.quoteString(name) + ")"
        case .systemVariable(let v):
            return "MYSQL_SYSTEM_VARIABLE(" + SQLiteSyntax.quoteString(v.scope?.rawValue ?? "") + ", " + SQLiteSyntax.quoteString(v.name) + ")"
        case .assignVariable(let name, let value):
            return "MYSQL_SET_USER_VARIABLE(" + SQLiteSyntax.quoteString(name) + ", " + (try expression(value)) + ")"
        case .unary(let op, let x):
            switch op {
            case .not: return "NOT " + (try operand(x))
            case .negate: return "-" + (try operand(x))
            case .plus: return try operand(x)
            case .bitInvert: return "~" + (try operand(x))
            }
        case .binary(let op, let a, let b):
            return try binary(op, a, b)
        case .isNull(let x, let negated):
            return try operand(x) + (negated ? " IS NOT NULL" : " IS NULL")
        case .isTruth(let x, let value, let negated):
            let target = value == .unknown ? "NULL" : value.rawValue
            return try operand(x) + (negated ? " IS NOT " : " IS ") + target
        case .like(let x, let pattern, let escape, let negated):
            var s = try operand(x) + (negated ? " NOT LIKE " : " LIKE ") + (try operand(pattern))
            if let escape {
                if case .literal(.string("", _)) = escape { return s }
                s += " ESCAPE " + (try operand(escape))
            } else {
                s += " ESCAPE '\\'"
            }
            return s
        case .regexp(let x, let pattern, let negated):
            return try operand(x) + (negated ? " NOT REGEXP " : " REGEXP ") + (try operand(pattern))
        case .soundsLike(let a, let b):
            return "SOUNDEX(" + (try expression(a)) + ") = SOUNDEX(" + (try expression(b)) + ")"
        case .between(let x, let low, let high, let negated):
            return try operand(x) + (negated ? " NOT BETWEEN " : " BETWEEN ") + (try operand(low)) + " AND " + (try operand(high))
        case .inList(let x, let list, let negated):
            var items: [String] = []
            for item in list { items.append(try expression(item)) }
            let keyword = negated ? " NOT IN " : " IN "
            if case .row = x {
                // SQLite compares row values against a VALUES list, not a list of rows.
                return try operand(x) + keyword + "(VALUES " + items.joined(separator: ", ") + ")"
            }
            return try operand(x) + keyword + "(" + items.joined(separator: ", ") + ")"
        case .inSubquery(let x, let query, let negated):
            return try operand(x) + (negated ? " NOT IN (" : " IN (") + (try select(query)) + ")"
        case .quantified(let x, let op, let quantifier, let query):
            if op == .equal && quantifier == .any { return try operand(x) + " IN (" + (try select(query)) + ")" }
            if op == .notEqual && quantifier == .all { return try operand(x) + " NOT IN (" + (try select(query)) + ")" }
            throw SQLError.notSupported("\(op.rawValue) \(quantifier.rawValue) (subquery)")
        case .exists(let query):
            return "EXISTS (" + (try select(query)) + ")"
        case .subquery(let query):
            return "(" + (try select(query)) + ")"
        case .row(let list):
            var items: [String] = []
            for item in list { items.append(try expression(item)) }
            return "(" + items.joined(separator: ", ") + ")"
        case .function(let call):
            return try function(call)
        case .cast(let x, let type):
            return try cast(x, type)
        case .convertUsing(let x, let charset):
            if charset.lowercased() == "binary" { return "CAST(" + (try expression(x)) + " AS BLOB)" }
            return try expression(x)
        case .caseWhen(let c):
            var s = "CASE"
            if let operand = c.operand { s += " " + (try expression(operand)) }
            for w in c.whens { s += " WHEN " + (try expression(w.condition)) + " THEN " + (try expression(w.result)) }
            if let x = c.elseResult { s += " ELSE " + (try expression(x)) }
            return s + " END"
        case .interval:
            throw SQLError.notSupported("INTERVAL outside date arithmetic")
        case .intervalUnit(let unit):
            return SQLiteSyntax.quoteString(unit.rawValue)
        case .collate(let x, let collation):
            return try operand(x) + " COLLATE " + Self.sqliteCollation(collation)
        case .binaryString(let x):
            return try operand(x) + " COLLATE BINARY"
        case .insertedValue(let c):
            // VALUES(col) means "the value this row would have inserted"; outside ON
            // DUPLICATE KEY UPDATE MySQL returns NULL.
            guard upsert != nil else { return "NULL" }
            return "excluded." + quote(c.column)
        case .match(let m):
            var args = [try expression(m.against), SQLiteSyntax.quoteString(m.modifier ?? "")]
            for c in m.columns { args.append(column(c)) }
            return "MATCH_AGAINST(" + args.joined(separator: ", ") + ")"
        case .defaultValue:
            throw SQLError.notSupported("DEFAULT outside INSERT ... VALUES")
        case .extract(let unit, let x):
            return "EXTRACT(" + SQLiteSyntax.quoteString(unit.rawValue) + ", " + (try expression(x)) + ")"
        case .trim(let side, let remove, let from):
            let name = side == .leading ? "LTRIM" : side == .trailing ? "RTRIM" : "TRIM"
            var s = name + "(" + (try expression(from))
            if let remove { s += ", " + (try expression(remove)) }
            return s + ")"
        }
    }

    /// An operand: parenthesized unless it prints as one token-like unit.
    func operand(_ e: Expr) throws(SQLError) -> String {
        let s = try expression(e)
        return Self.isAtomic(e) ? s : "(" + s + ")"
    }

    static func isAtomic(_ e: Expr) -> Bool {
        switch e {
        case .literal, .column, .allColumns, .parameter, .userVariable, .systemVariable, .assignVariable,
             .function, .cast, .caseWhen, .subquery, .exists, .row, .intervalUnit, .insertedValue, .match,
             .extract, .trim, .soundsLike:
            return true
        case .convertUsing(let x, _):
            return isAtomic(x)
        case .unary(.plus, let x):
            return isAtomic(x)
        default:
            return false
        }
    }

    func literal(_ l: Literal) -> String {
        switch l {
        case .null: return "NULL"
        case .boolean(let b): return b ? "1" : "0"
        case .integer(let digits): return digits
        case .decimal(let text), .float(let text): return SQLiteSyntax.number(text)
        case .string(let value, _): return SQLiteSyntax.quoteString(value)
        case .hex(let digits): return SQLiteSyntax.blobLiteral(SQLiteSyntax.bytes(fromHex: digits))
        case .bit(let digits):
            let significant = digits.drop { $0 == "0" }
            if significant.count <= 63 {
                var v: Int64 = 0
                for c in significant { v = v << 1 | (c == "1" ? 1 : 0) }
                return String(v)
            }
            // Wider than an integer: the bytes, as MySQL would hold them.
            var bytes: [UInt8] = []
            var padded = String(repeating: "0", count: (8 - digits.count % 8) % 8) + digits
            while !padded.isEmpty {
                var b: UInt8 = 0
                for c in padded.prefix(8) { b = b << 1 | (c == "1" ? 1 : 0) }
                bytes.append(b)
                padded = String(padded.dropFirst(8))
            }
            return SQLiteSyntax.blobLiteral(bytes)
        case .temporal(_, let value): return SQLiteSyntax.quoteString(value)
        }
    }

    /// A column reference; inside ON DUPLICATE KEY UPDATE, `alias.col` of `VALUES (...) AS
    /// alias` means the would-be-inserted value (`excluded.col`).
    func column(_ c: ColumnRef) -> String {
        if let scope = upsert, let t = c.table, c.database == nil, t == scope.rowAlias {
            return "excluded." + quote(scope.aliasColumns[c.column] ?? c.column)
        }
        var parts: [String] = []
        if upsert == nil, let db = qualifier(c.database) { parts.append(quote(db)) }
        if let t = c.table { parts.append(quote(t)) }
        parts.append(quote(c.column))
        return parts.joined(separator: ".")
    }

    static func sqliteCollation(_ mysql: String) -> String {
        let name = mysql.lowercased()
        if name.hasSuffix("_ci") { return "NOCASE" }
        return "BINARY"
    }

    private func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr) throws(SQLError) -> String {
        switch op {
        case .and, .or:
            // Flatten chains of the same operator: `(a) AND (b) AND (c)`.
            var operands: [Expr] = []
            Self.flatten(op, .binary(op, a, b), into: &operands)
            var parts: [String] = []
            for x in operands { parts.append(try operand(x)) }
            return parts.joined(separator: " " + op.rawValue + " ")
        case .xor:
            return "(NOT " + (try operand(a)) + ") <> (NOT " + (try operand(b)) + ")"
        case .nullSafeEqual:
            return try operand(a) + " IS " + (try operand(b))
        case .divide:
            return "CAST(" + (try expression(a)) + " AS REAL) / " + (try operand(b))
        case .integerDivide:
            return "CAST(" + (try operand(a)) + " / " + (try operand(b)) + " AS INTEGER)"
        case .bitXor:
            let x = try operand(a)
            let y = try operand(b)
            return "(" + x + " | " + y + ") - (" + x + " & " + y + ")"
        case .jsonExtract:
            return "JSON_EXTRACT(" + (try expression(a)) + ", " + (try expression(b)) + ")"
        case .jsonUnquoteExtract:
            return "JSON_UNQUOTE(JSON_EXTRACT(" + (try expression(a)) + ", " + (try expression(b)) + "))"
        case .add, .subtract:
            if case .interval(let n, let unit) = b {
                return try dateArithmetic(subtract: op == .subtract, a, n, unit)
            }
            if op == .add, case .interval(let n, let unit) = a {
                return try dateArithmetic(subtract: false, b, n, unit)
            }
            return try operand(a) + " " + op.rawValue + " " + (try operand(b))
        default:
            return try operand(a) + " " + op.rawValue + " " + (try operand(b))
        }
    }

    private static func flatten(_ op: BinaryOperator, _ e: Expr, into out: inout [Expr]) {
        if case .binary(let o, let a, let b) = e, o == op {
            flatten(op, a, into: &out)
            flatten(op, b, into: &out)
        } else {
            out.append(e)
        }
    }

    /// `DATE_ADD(x, n, 'UNIT')` / `DATE_SUB(x, n, 'UNIT')`.
    private func dateArithmetic(subtract: Bool, _ base: Expr, _ amount: Expr, _ unit: IntervalUnit) throws(SQLError) -> String {
        (subtract ? "DATE_SUB(" : "DATE_ADD(") + (try expression(base)) + ", " + (try expression(amount)) + ", "
            + SQLiteSyntax.quoteString(unit.rawValue) + ")"
    }

    private func cast(_ x: Expr, _ type: CastType) throws(SQLError) -> String {
        let value = try expression(x)
        switch type.kind {
        case .signed, .unsigned, .year:
            return "CAST(" + value + " AS INTEGER)"
        case .char:
            let text = "CAST(" + value + " AS TEXT)"
            return type.length.map { "SUBSTR(" + text + ", 1, \($0))" } ?? text
        case .binary:
            return "CAST(" + value + " AS BLOB)"
        case .date: return "DATE(" + value + ")"
        case .datetime: return "DATETIME(" + value + ")"
        case .time: return "TIME(" + value + ")"
        case .decimal:
            let scale = type.scale ?? 0
            if scale == 0 { return "CAST(ROUND(" + value + ") AS INTEGER)" }
            return "ROUND(CAST(" + value + " AS REAL), \(scale))"
        case .double, .float, .real:
            return "CAST(" + value + " AS REAL)"
        case .json:
            return value
        }
    }

    private func function(_ f: FunctionCall) throws(SQLError) -> String {
        if f.database != nil { throw SQLError.notSupported("stored functions") }
        let upper = f.upperName
        var name = upper
        var args = f.arguments
        switch upper {
        case "IF":
            name = "IIF"
        case "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP":
            name = "NOW"
        case "CURRENT_DATE":
            name = "CURDATE"
        case "CURRENT_TIME":
            name = "CURTIME"
        case "DATE_ADD", "ADDDATE", "DATE_SUB", "SUBDATE":
            guard args.count == 2 else { break }
            let subtract = upper == "DATE_SUB" || upper == "SUBDATE"
            if case .interval(let n, let unit) = args[1] { return try dateArithmetic(subtract: subtract, args[0], n, unit) }
            return try dateArithmetic(subtract: subtract, args[0], args[1], .day)
        case "TIMESTAMPADD":
            guard args.count == 3, case .intervalUnit(let unit) = args[0] else { break }
            return try dateArithmetic(subtract: false, args[2], args[1], unit)
        case "GROUP_CONCAT":
            return try groupConcat(f)
        case "COUNT" where f.distinct && args.count > 1:
            throw SQLError.notSupported("COUNT(DISTINCT with several expressions)")
        case "POSITION":
            name = "LOCATE"
        default:
            break
        }
        if upper == "CHAR", f.usingCharset != nil { args = f.arguments }
        var printed: [String] = []
        for a in args { printed.append(try expression(a)) }
        var s = SQLiteSyntax.functionName(name) + "(" + (f.distinct ? "DISTINCT " : "") + printed.joined(separator: ", ") + ")"
        if let over = f.over { s += " OVER " + (try windowReference(over)) }
        return s
    }

    /// MySQL `GROUP_CONCAT([DISTINCT] a [, b ...] [ORDER BY ...] [SEPARATOR s])` → SQLite
    /// `GROUP_CONCAT(x, s)`, where several expressions are first joined with CONCAT.
    private func groupConcat(_ f: FunctionCall) throws(SQLError) -> String {
        if !f.orderBy.isEmpty { throw SQLError.notSupported("GROUP_CONCAT(... ORDER BY ...)") }
        var parts: [String] = []
        for a in f.arguments { parts.append(try expression(a)) }
        let value = parts.count == 1 ? parts[0] : "CONCAT(" + parts.joined(separator: ", ") + ")"
        let separator = f.separator ?? ","
        var s = "GROUP_CONCAT("
        if f.distinct {
            // SQLite 3.40 allows DISTINCT only with a single argument (default separator ",").
            guard separator == "," else { throw SQLError.notSupported("GROUP_CONCAT(DISTINCT ... SEPARATOR ...)") }
            s += "DISTINCT " + value + ")"
        } else {
            s += value + ", " + SQLiteSyntax.quoteString(separator) + ")"
        }
        if let over = f.over { s += " OVER " + (try windowReference(over)) }
        return s
    }

    private func windowReference(_ w: WindowSpec) throws(SQLError) -> String {
        if let name = w.name, w.partitionBy.isEmpty, w.orderBy.isEmpty, w.frame == nil { return quote(name) }
        return "(" + (try windowSpec(w)) + ")"
    }

    func windowSpec(_ w: WindowSpec) throws(SQLError) -> String {
        var parts: [String] = []
        if let name = w.name { parts.append(quote(name)) }
        if !w.partitionBy.isEmpty {
            var items: [String] = []
            for p in w.partitionBy { items.append(try expression(p)) }
            parts.append("PARTITION BY " + items.joined(separator: ", "))
        }
        if !w.orderBy.isEmpty { parts.append("ORDER BY " + (try orderItems(w.orderBy))) }
        if let frame = w.frame {
            var s = frame.unit.rawValue + " "
            if let end = frame.end {
                s += "BETWEEN " + (try frameBound(frame.start)) + " AND " + (try frameBound(end))
            } else {
                s += try frameBound(frame.start)
            }
            parts.append(s)
        }
        return parts.joined(separator: " ")
    }

    private func frameBound(_ b: WindowFrame.Bound) throws(SQLError) -> String {
        switch b {
        case .unboundedPreceding: return "UNBOUNDED PRECEDING"
        case .preceding(let e): return try operand(e) + " PRECEDING"
        case .currentRow: return "CURRENT ROW"
        case .following(let e): return try operand(e) + " FOLLOWING"
        case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
        }
    }
}
