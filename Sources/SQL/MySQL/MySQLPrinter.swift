/// Prints the AST back as canonical MySQL: backtick-quoted identifiers, upper-case
/// keywords, compound operands parenthesized. Parsing the output yields the same tree, which
/// the round-trip tests check; the catalog can use it for SHOW CREATE TABLE and the node
/// for logging a statement's normalized form.
public struct MySQLPrinter: Sendable {
    public init() {}

    public func print(_ statement: Statement) -> String {
        switch statement {
        case .select(let s): return select(s)
        case .insert(let s): return insert(s)
        case .update(let s): return update(s)
        case .delete(let s): return delete(s)
        case .createTable(let s): return createTable(s)
        case .alterTable(let s): return "ALTER TABLE " + table(s.name) + (s.actions.isEmpty ? "" : " " + s.actions.map(alterAction).joined(separator: ", "))
        case .dropTable(let s):
            return "DROP " + (s.temporary ? "TEMPORARY " : "") + "TABLE " + (s.ifExists ? "IF EXISTS " : "") + s.names.map(table).joined(separator: ", ")
        case .truncateTable(let t): return "TRUNCATE TABLE " + table(t)
        case .renameTable(let pairs): return "RENAME TABLE " + pairs.map { table($0.from) + " TO " + table($0.to) }.joined(separator: ", ")
        case .createIndex(let s):
            var kind = ""
            switch s.index.kind {
            case .unique: kind = "UNIQUE "
            case .fulltext: kind = "FULLTEXT "
            case .spatial: kind = "SPATIAL "
            default: break
            }
            return "CREATE " + kind + "INDEX " + (s.ifNotExists ? "IF NOT EXISTS " : "") + quote(s.index.name ?? "")
                + " ON " + table(s.table) + " " + keyParts(s.index.columns) + indexOptions(s.index)
        case .dropIndex(let s): return "DROP INDEX " + (s.ifExists ? "IF EXISTS " : "") + quote(s.name) + " ON " + table(s.table)
        case .createView(let s):
            var out = "CREATE " + (s.orReplace ? "OR REPLACE " : "")
            let trailing = s.options.filter { $0.hasPrefix("WITH") }
            let leading = s.options.filter { !$0.hasPrefix("WITH") }
            if !leading.isEmpty { out += leading.joined(separator: " ") + " " }
            out += "VIEW " + table(s.name)
            if !s.columns.isEmpty { out += " (" + s.columns.map(quote).joined(separator: ", ") + ")" }
            out += " AS " + select(s.query)
            if !trailing.isEmpty { out += " " + trailing.joined(separator: " ") }
            return out
        case .dropView(let s): return "DROP VIEW " + (s.ifExists ? "IF EXISTS " : "") + s.names.map(table).joined(separator: ", ")
        case .createDatabase(let s):
            return "CREATE DATABASE " + (s.ifNotExists ? "IF NOT EXISTS " : "") + quote(s.name ?? "") + databaseOptions(s.options)
        case .alterDatabase(let s):
            return "ALTER DATABASE" + (s.name.map { " " + quote($0) } ?? "") + databaseOptions(s.options)
        case .dropDatabase(let s): return "DROP DATABASE " + (s.ifExists ? "IF EXISTS " : "") + quote(s.name)
        case .use(let db): return "USE " + quote(db)
        case .set(let s): return setStatement(s)
        case .show(let s): return show(s)
        case .describe(let s): return "DESCRIBE " + table(s.table) + (s.column.map { " " + string($0) } ?? "")
        case .explain(let inner): return "EXPLAIN " + print(inner)
        case .transaction(let t): return transaction(t)
        case .lockTables(let locks):
            return "LOCK TABLES " + locks.map { table($0.table) + ($0.alias.map { " AS " + quote($0) } ?? "") + " " + $0.mode.rawValue }.joined(separator: ", ")
        case .unlockTables: return "UNLOCK TABLES"
        case .xa(let x):
            var out = "XA " + x.action.rawValue
            if !x.xid.isEmpty { out += " " + x.xid.map(string).joined(separator: ", ") }
            if !x.options.isEmpty { out += " " + x.options.joined(separator: " ") }
            return out
        case .account(let a): return account(a)
        case .tableMaintenance(let m):
            let leading = m.options.filter { $0 == "NO_WRITE_TO_BINLOG" || $0 == "LOCAL" }
            let trailing = m.options.filter { $0 != "NO_WRITE_TO_BINLOG" && $0 != "LOCAL" }
            return m.kind.rawValue + (leading.isEmpty ? "" : " " + leading.joined(separator: " ")) + " TABLE "
                + m.tables.map(table).joined(separator: ", ") + (trailing.isEmpty ? "" : " " + trailing.joined(separator: " "))
        }
    }

    // MARK: names and literals

    func quote(_ name: String) -> String { "`" + name.doubling("`") + "`" }

    func table(_ t: TableName) -> String { (t.database.map { quote($0) + "." } ?? "") + quote(t.name) }

    /// A MySQL string literal with backslash escapes for `\`, NUL and control characters.
    func string(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "''"
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{1A}": out += "\\Z"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    func literal(_ l: Literal) -> String {
        switch l {
        case .null: return "NULL"
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .integer(let t), .decimal(let t), .float(let t): return t
        case .string(let v, let introducer):
            if introducer == "N" { return "N" + string(v) }
            return (introducer.map { $0 + " " } ?? "") + string(v)
        case .hex(let digits): return "X'" + digits + "'"
        case .bit(let digits): return "b'" + digits + "'"
        case .temporal(let kind, let v): return kind.rawValue + " " + string(v)
        }
    }

    // MARK: expressions

    public func expression(_ e: Expr) -> String {
        switch e {
        case .literal(let l): return literal(l)
        case .column(let c): return [c.database, c.table, c.column].compactMap { $0 }.map(quote).joined(separator: ".")
        case .allColumns(let t): return t.map { table($0) + ".*" } ?? "*"
        case .parameter: return "?"
        case .userVariable(let name): return "@" + quote(name)
        case .systemVariable(let v): return "@@" + (v.scope.map { $0.rawValue + "." } ?? "") + quote(v.name)
        case .assignVariable(let name, let value): return "@" + quote(name) + " := " + operand(value)
        case .unary(let op, let x):
            switch op {
            case .not: return "NOT " + operand(x)
            case .negate: return "-" + operand(x)
            case .plus: return "+" + operand(x)
            case .bitInvert: return "~" + operand(x)
            }
        case .binary(let op, let a, let b):
            switch op {
            case .jsonExtract, .jsonUnquoteExtract: return operand(a) + op.rawValue + expression(b)
            case .concat: return operand(a) + " || " + operand(b)
            default: return operand(a) + " " + op.rawValue + " " + operand(b)
            }
        case .isNull(let x, let negated): return operand(x) + (negated ? " IS NOT NULL" : " IS NULL")
        case .isTruth(let x, let v, let negated): return operand(x) + (negated ? " IS NOT " : " IS ") + v.rawValue
        case .like(let x, let p, let esc, let negated):
            return operand(x) + (negated ? " NOT LIKE " : " LIKE ") + operand(p) + (esc.map { " ESCAPE " + operand($0) } ?? "")
        case .regexp(let x, let p, let negated): return operand(x) + (negated ? " NOT REGEXP " : " REGEXP ") + operand(p)
        case .soundsLike(let a, let b): return operand(a) + " SOUNDS LIKE " + operand(b)
        case .between(let x, let lo, let hi, let negated):
            return operand(x) + (negated ? " NOT BETWEEN " : " BETWEEN ") + operand(lo) + " AND " + operand(hi)
        case .inList(let x, let list, let negated):
            return operand(x) + (negated ? " NOT IN (" : " IN (") + list.map(expression).joined(separator: ", ") + ")"
        case .inSubquery(let x, let q, let negated): return operand(x) + (negated ? " NOT IN (" : " IN (") + select(q) + ")"
        case .quantified(let x, let op, let qt, let q): return operand(x) + " " + op.rawValue + " " + qt.rawValue + " (" + select(q) + ")"
        case .exists(let q): return "EXISTS (" + select(q) + ")"
        case .subquery(let q): return "(" + select(q) + ")"
        case .row(let list): return "(" + list.map(expression).joined(separator: ", ") + ")"
        case .function(let f): return function(f)
        case .cast(let x, let t): return "CAST(" + expression(x) + " AS " + castType(t) + ")"
        case .convertUsing(let x, let cs): return "CONVERT(" + expression(x) + " USING " + cs + ")"
        case .caseWhen(let c):
            var s = "CASE"
            if let o = c.operand { s += " " + expression(o) }
            for w in c.whens { s += " WHEN " + expression(w.condition) + " THEN " + expression(w.result) }
            if let x = c.elseResult { s += " ELSE " + expression(x) }
            return s + " END"
        case .interval(let x, let unit): return "INTERVAL " + operand(x) + " " + unit.rawValue
        case .intervalUnit(let unit): return unit.rawValue
        case .collate(let x, let c): return operand(x) + " COLLATE " + c
        case .binaryString(let x): return "BINARY " + operand(x)
        case .insertedValue(let c): return "VALUES(" + expression(.column(c)) + ")"
        case .match(let m):
            return "MATCH (" + m.columns.map { expression(.column($0)) }.joined(separator: ", ") + ") AGAINST (" + operand(m.against)
                + (m.modifier.map { " " + $0 } ?? "") + ")"
        case .defaultValue(let c): return c.map { "DEFAULT(" + expression(.column($0)) + ")" } ?? "DEFAULT"
        case .extract(let unit, let x): return "EXTRACT(" + unit.rawValue + " FROM " + expression(x) + ")"
        case .trim(let side, let remove, let from):
            return "TRIM(" + side.rawValue + (remove.map { " " + operand($0) } ?? "") + " FROM " + expression(from) + ")"
        }
    }

    private func operand(_ e: Expr) -> String {
        let s = expression(e)
        switch e {
        case .literal(.string(_, let introducer?)) where introducer != "N": return "(" + s + ")"
        case .literal, .column, .allColumns, .parameter, .userVariable, .systemVariable, .function, .cast, .convertUsing,
             .caseWhen, .subquery, .exists, .row, .intervalUnit, .insertedValue, .match, .defaultValue, .extract, .trim:
            return s
        default:
            return "(" + s + ")"
        }
    }

    private func castType(_ t: CastType) -> String {
        var s = t.kind.rawValue
        if t.kind == .decimal, let length = t.length {
            s += "(\(length)" + (t.scale.map { ",\($0)" } ?? "") + ")"
        } else if let length = t.length {
            s += "(\(length))"
        }
        if let cs = t.charset { s += " CHARACTER SET " + cs }
        return s
    }

    private func function(_ f: FunctionCall) -> String {
        var name = (f.database.map { quote($0) + "." } ?? "") + f.name
        if f.name.utf8.contains(where: { !(($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F) }) {
            name = (f.database.map { quote($0) + "." } ?? "") + quote(f.name)
        }
        var s = name + "(" + (f.distinct ? "DISTINCT " : "") + f.arguments.map(expression).joined(separator: ", ")
        if !f.orderBy.isEmpty { s += " ORDER BY " + orderItems(f.orderBy) }
        if let sep = f.separator { s += " SEPARATOR " + string(sep) }
        if let cs = f.usingCharset { s += " USING " + cs }
        s += ")"
        if let w = f.over {
            if let n = w.name, w.partitionBy.isEmpty, w.orderBy.isEmpty, w.frame == nil {
                s += " OVER " + quote(n)
            } else {
                s += " OVER (" + windowSpec(w) + ")"
            }
        }
        return s
    }

    private func windowSpec(_ w: WindowSpec) -> String {
        var parts: [String] = []
        if let n = w.name { parts.append(quote(n)) }
        if !w.partitionBy.isEmpty { parts.append("PARTITION BY " + w.partitionBy.map(expression).joined(separator: ", ")) }
        if !w.orderBy.isEmpty { parts.append("ORDER BY " + orderItems(w.orderBy)) }
        if let f = w.frame {
            func bound(_ b: WindowFrame.Bound) -> String {
                switch b {
                case .unboundedPreceding: return "UNBOUNDED PRECEDING"
                case .preceding(let e): return operand(e) + " PRECEDING"
                case .currentRow: return "CURRENT ROW"
                case .following(let e): return operand(e) + " FOLLOWING"
                case .unboundedFollowing: return "UNBOUNDED FOLLOWING"
                }
            }
            parts.append(f.unit.rawValue + " " + (f.end.map { "BETWEEN " + bound(f.start) + " AND " + bound($0) } ?? bound(f.start)))
        }
        return parts.joined(separator: " ")
    }

    private func orderItems(_ items: [OrderItem]) -> String {
        items.map { expression($0.expression) + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
    }

    // MARK: SELECT

    public func select(_ s: SelectStatement) -> String {
        var out = ""
        if let w = s.with { out += with(w) + " " }
        out += body(s.body, top: true)
        if !s.orderBy.isEmpty { out += " ORDER BY " + orderItems(s.orderBy) }
        if let l = s.limit { out += limit(l) }
        if let lock = s.locking {
            if lock.legacyShareMode {
                out += " LOCK IN SHARE MODE"
            } else {
                out += " FOR " + lock.strength.rawValue
                if !lock.tables.isEmpty { out += " OF " + lock.tables.map(quote).joined(separator: ", ") }
                if let w = lock.wait { out += " " + w.rawValue }
            }
        }
        return out
    }

    private func with(_ w: WithClause) -> String {
        "WITH " + (w.recursive ? "RECURSIVE " : "") + w.tables.map { cte in
            quote(cte.name) + (cte.columns.isEmpty ? "" : " (" + cte.columns.map(quote).joined(separator: ", ") + ")") + " AS (" + select(cte.query) + ")"
        }.joined(separator: ", ")
    }

    private func limit(_ l: Limit) -> String {
        " LIMIT " + expression(l.count) + (l.offset.map { " OFFSET " + expression($0) } ?? "")
    }

    private func body(_ b: QueryBody, top: Bool) -> String {
        switch b {
        case .select(let core): return selectCore(core)
        case .compound(let l, let op, let r):
            let right: String
            if case .compound = r { right = "(" + body(r, top: false) + ")" } else { right = body(r, top: false) }
            return body(l, top: false) + " " + op.kind.rawValue + (op.all ? " ALL" : "") + " " + right
        case .nested(let inner): return "(" + select(inner) + ")"
        }
    }

    private func selectCore(_ c: SelectCore) -> String {
        var out = "SELECT "
        if c.distinct { out += "DISTINCT " }
        if c.calcFoundRows { out += "SQL_CALC_FOUND_ROWS " }
        for m in c.modifiers { out += m + " " }
        out += c.items.map { item in
            expression(item.expression) + (item.alias.map { " AS " + quote($0) } ?? "")
        }.joined(separator: ", ")
        if !c.from.isEmpty { out += " FROM " + c.from.map(reference).joined(separator: ", ") }
        if let w = c.whereClause { out += " WHERE " + expression(w) }
        if !c.groupBy.isEmpty { out += " GROUP BY " + c.groupBy.map(expression).joined(separator: ", ") + (c.withRollup ? " WITH ROLLUP" : "") }
        if let h = c.having { out += " HAVING " + expression(h) }
        if !c.windows.isEmpty { out += " WINDOW " + c.windows.map { quote($0.name) + " AS (" + windowSpec($0.spec) + ")" }.joined(separator: ", ") }
        return out
    }

    private func reference(_ r: TableReference) -> String {
        switch r {
        case .table(let name, let alias, let hints):
            var s = table(name) + (alias.map { " AS " + quote($0) } ?? "")
            for h in hints {
                s += " " + h.action.rawValue + " INDEX" + (h.scope.map { " FOR " + $0.rawValue } ?? "") + " (" + h.indexes.map { $0 == "PRIMARY" ? $0 : quote($0) }.joined(separator: ", ") + ")"
            }
            return s
        case .derived(let q, let alias, let columns):
            return "(" + select(q) + ") AS " + quote(alias) + (columns.isEmpty ? "" : " (" + columns.map(quote).joined(separator: ", ") + ")")
        case .join(let left, let join):
            var s = reference(left) + " " + (join.kind == .inner ? "JOIN" : join.kind.rawValue) + " " + reference(join.table)
            switch join.condition {
            case .on(let e)?: s += " ON " + expression(e)
            case .using(let cols)?: s += " USING (" + cols.map(quote).joined(separator: ", ") + ")"
            case nil: break
            }
            return s
        case .parenthesized(let refs): return "(" + refs.map(reference).joined(separator: ", ") + ")"
        }
    }

    // MARK: DML

    private func assignments(_ list: [Assignment]) -> String {
        list.map { expression(.column($0.column)) + " = " + expression($0.value) }.joined(separator: ", ")
    }

    private func insert(_ s: InsertStatement) -> String {
        var out = s.verb.rawValue
        if let p = s.priority { out += " " + p }
        if s.ignore { out += " IGNORE" }
        out += " INTO " + table(s.table)
        switch s.source {
        case .values(let rows):
            if !s.columns.isEmpty { out += " (" + s.columns.map(quote).joined(separator: ", ") + ")" }
            out += " VALUES " + rows.map { "(" + $0.map(expression).joined(separator: ", ") + ")" }.joined(separator: ", ")
        case .select(let q):
            if !s.columns.isEmpty { out += " (" + s.columns.map(quote).joined(separator: ", ") + ")" }
            out += " " + select(q)
        case .set(let list):
            out += " SET " + assignments(list)
        }
        if let alias = s.rowAlias {
            out += " AS " + quote(alias)
            if !s.rowAliasColumns.isEmpty { out += " (" + s.rowAliasColumns.map(quote).joined(separator: ", ") + ")" }
        }
        if !s.onDuplicateKeyUpdate.isEmpty { out += " ON DUPLICATE KEY UPDATE " + assignments(s.onDuplicateKeyUpdate) }
        return out
    }

    private func update(_ s: UpdateStatement) -> String {
        var out = (s.with.map { with($0) + " " } ?? "") + "UPDATE "
        if s.lowPriority { out += "LOW_PRIORITY " }
        if s.ignore { out += "IGNORE " }
        out += s.tables.map(reference).joined(separator: ", ") + " SET " + assignments(s.assignments)
        if let w = s.whereClause { out += " WHERE " + expression(w) }
        if !s.orderBy.isEmpty { out += " ORDER BY " + orderItems(s.orderBy) }
        if let l = s.limit { out += " LIMIT " + expression(l) }
        return out
    }

    private func delete(_ s: DeleteStatement) -> String {
        var out = (s.with.map { with($0) + " " } ?? "") + "DELETE "
        if s.lowPriority { out += "LOW_PRIORITY " }
        if s.quick { out += "QUICK " }
        if s.ignore { out += "IGNORE " }
        if s.targets.isEmpty {
            out += "FROM " + s.from.map(reference).joined(separator: ", ")
        } else if s.usingForm {
            out += "FROM " + s.targets.map(table).joined(separator: ", ") + " USING " + s.from.map(reference).joined(separator: ", ")
        } else {
            out += s.targets.map(table).joined(separator: ", ") + " FROM " + s.from.map(reference).joined(separator: ", ")
        }
        if let w = s.whereClause { out += " WHERE " + expression(w) }
        if !s.orderBy.isEmpty { out += " ORDER BY " + orderItems(s.orderBy) }
        if let l = s.limit { out += " LIMIT " + expression(l) }
        return out
    }

    // MARK: DDL

    /// `CREATE TABLE` in MySQL syntax (SHOW CREATE TABLE material).
    public func createTable(_ s: CreateTableStatement) -> String {
        var out = "CREATE " + (s.temporary ? "TEMPORARY " : "") + "TABLE " + (s.ifNotExists ? "IF NOT EXISTS " : "") + table(s.name)
        if let like = s.like { return out + " LIKE " + table(like) }
        if !s.elements.isEmpty { out += " (" + s.elements.map(element).joined(separator: ", ") + ")" }
        if !s.options.isEmpty { out += " " + s.options.map(tableOption).joined(separator: " ") }
        if let q = s.asSelect { out += " AS " + select(q) }
        return out
    }

    private func element(_ e: TableElement) -> String {
        switch e {
        case .column(let c): return columnDefinition(c)
        case .index(let i): return indexDefinition(i)
        case .foreignKey(let fk):
            return (fk.constraintName.map { "CONSTRAINT " + quote($0) + " " } ?? "") + "FOREIGN KEY " + (fk.indexName.map { quote($0) + " " } ?? "")
                + "(" + fk.columns.map(quote).joined(separator: ", ") + ") " + reference(fk.reference)
        case .check(let c):
            return (c.name.map { "CONSTRAINT " + quote($0) + " " } ?? "") + "CHECK (" + expression(c.expression) + ")"
                + (c.enforced.map { $0 ? " ENFORCED" : " NOT ENFORCED" } ?? "")
        }
    }

    public func columnDefinition(_ c: ColumnDefinition) -> String {
        var s = quote(c.name) + " " + dataType(c.type)
        if let g = c.generated { s += " GENERATED ALWAYS AS (" + expression(g.expression) + ")" + (g.stored ? " STORED" : " VIRTUAL") }
        if let n = c.nullable { s += n ? " NULL" : " NOT NULL" }
        if let d = c.defaultValue {
            switch d {
            case .literal, .function, .unary(.negate, .literal): s += " DEFAULT " + expression(d)
            default: s += " DEFAULT (" + expression(d) + ")"
            }
        }
        if c.onUpdateCurrentTimestamp { s += " ON UPDATE CURRENT_TIMESTAMP" }
        if c.autoIncrement { s += " AUTO_INCREMENT" }
        if c.unique { s += " UNIQUE KEY" }
        if c.primaryKey { s += " PRIMARY KEY" }
        if let comment = c.comment { s += " COMMENT " + string(comment) }
        if let r = c.references { s += " " + reference(r) }
        if let check = c.check { s += " CHECK (" + expression(check) + ")" }
        for o in c.otherOptions { s += " " + o }
        return s
    }

    /// The type as declared, in upper case with its attributes.
    public func dataType(_ t: DataType) -> String {
        var s = t.name
        if !t.values.isEmpty {
            s += "(" + t.values.map(string).joined(separator: ",") + ")"
        } else if let length = t.length {
            s += "(\(length)" + (t.scale.map { ",\($0)" } ?? "") + ")"
        }
        if t.unsigned && !t.zerofill { s += " UNSIGNED" }
        if t.zerofill { s += " ZEROFILL" }
        if t.binaryCollation { s += " BINARY" }
        if let cs = t.charset { s += " CHARACTER SET " + cs }
        if let c = t.collation { s += " COLLATE " + c }
        return s
    }

    private func keyParts(_ parts: [IndexColumn]) -> String {
        "(" + parts.map { p in
            var s = p.column.map(quote) ?? "(" + (p.expression.map(expression) ?? "") + ")"
            if let n = p.prefixLength { s += "(\(n))" }
            if p.descending { s += " DESC" }
            return s
        }.joined(separator: ", ") + ")"
    }

    private func indexOptions(_ i: IndexDefinition) -> String {
        (i.using.map { " USING " + $0 } ?? "") + (i.comment.map { " COMMENT " + string($0) } ?? "")
    }

    private func indexDefinition(_ i: IndexDefinition) -> String {
        var s = i.constraintName.map { "CONSTRAINT " + quote($0) + " " } ?? ""
        switch i.kind {
        case .primaryKey: s += "PRIMARY KEY"
        case .unique: s += "UNIQUE KEY"
        case .index: s += "KEY"
        case .fulltext: s += "FULLTEXT KEY"
        case .spatial: s += "SPATIAL KEY"
        }
        if let n = i.name { s += " " + quote(n) }
        return s + " " + keyParts(i.columns) + indexOptions(i)
    }

    private func reference(_ r: ForeignKeyReference) -> String {
        var s = "REFERENCES " + table(r.table)
        if !r.columns.isEmpty { s += " (" + r.columns.map(quote).joined(separator: ", ") + ")" }
        if let m = r.match { s += " MATCH " + m }
        if let a = r.onDelete { s += " ON DELETE " + a.rawValue }
        if let a = r.onUpdate { s += " ON UPDATE " + a.rawValue }
        return s
    }

    private func tableOption(_ o: TableOption) -> String {
        let value: String
        switch o.name {
        case "COMMENT", "PASSWORD", "CONNECTION", "DATA DIRECTORY", "INDEX DIRECTORY", "COMPRESSION", "ENCRYPTION", "ENGINE_ATTRIBUTE":
            value = string(o.value)
        case "UNION":
            value = "(" + o.value.split(separator: ",").map { quote(String($0)) }.joined(separator: ", ") + ")"
        default:
            value = o.value
        }
        let name = o.name == "CHARSET" ? "DEFAULT CHARSET" : o.name
        return name + "=" + value
    }

    private func databaseOptions(_ options: [TableOption]) -> String {
        options.map { " " + ($0.name == "CHARSET" ? "CHARACTER SET" : $0.name) + " " + ($0.name == "ENCRYPTION" ? string($0.value) : $0.value) }.joined()
    }

    private func position(_ p: ColumnPosition?) -> String {
        switch p {
        case .first?: return " FIRST"
        case .after(let c)?: return " AFTER " + quote(c)
        case nil: return ""
        }
    }

    private func alterAction(_ a: AlterTableAction) -> String {
        switch a {
        case .addColumn(let c, let p): return "ADD COLUMN " + columnDefinition(c) + position(p)
        case .addColumns(let cols): return "ADD COLUMN (" + cols.map(columnDefinition).joined(separator: ", ") + ")"
        case .addIndex(let i): return "ADD " + indexDefinition(i)
        case .addForeignKey(let fk): return "ADD " + element(.foreignKey(fk))
        case .addCheck(let c): return "ADD " + element(.check(c))
        case .dropColumn(let c): return "DROP COLUMN " + quote(c)
        case .dropIndex(let i): return "DROP INDEX " + quote(i)
        case .dropPrimaryKey: return "DROP PRIMARY KEY"
        case .dropForeignKey(let n): return "DROP FOREIGN KEY " + quote(n)
        case .dropCheck(let n): return "DROP CHECK " + quote(n)
        case .modifyColumn(let c, let p): return "MODIFY COLUMN " + columnDefinition(c) + position(p)
        case .changeColumn(let old, let c, let p): return "CHANGE COLUMN " + quote(old) + " " + columnDefinition(c) + position(p)
        case .renameColumn(let from, let to): return "RENAME COLUMN " + quote(from) + " TO " + quote(to)
        case .renameIndex(let from, let to): return "RENAME INDEX " + quote(from) + " TO " + quote(to)
        case .renameTable(let to): return "RENAME TO " + table(to)
        case .alterColumnDefault(let c, let v):
            guard let v else { return "ALTER COLUMN " + quote(c) + " DROP DEFAULT" }
            switch v {
            case .literal, .function, .unary(.negate, .literal): return "ALTER COLUMN " + quote(c) + " SET DEFAULT " + expression(v)
            default: return "ALTER COLUMN " + quote(c) + " SET DEFAULT (" + expression(v) + ")"
            }
        case .options(let opts): return opts.map(tableOption).joined(separator: " ")
        case .convertCharset(let cs, let collation): return "CONVERT TO CHARACTER SET " + cs + (collation.map { " COLLATE " + $0 } ?? "")
        case .other(let text): return text
        }
    }

    // MARK: session

    private func setStatement(_ s: SetStatement) -> String {
        "SET " + s.assignments.map { a -> String in
            switch a {
            case .userVariable(let name, let v): return "@" + quote(name) + " = " + expression(v)
            case .systemVariable(let v, let value): return "@@" + (v.scope.map { $0.rawValue + "." } ?? "") + quote(v.name) + " = " + expression(value)
            case .names(let cs, let coll): return "NAMES " + (cs ?? "DEFAULT") + (coll.map { " COLLATE " + $0 } ?? "")
            case .characterSet(let cs): return "CHARACTER SET " + (cs ?? "DEFAULT")
            case .transaction(let scope, let iso, let ro):
                var parts: [String] = []
                if let iso { parts.append("ISOLATION LEVEL " + iso.rawValue) }
                if let ro { parts.append(ro ? "READ ONLY" : "READ WRITE") }
                return (scope.map { $0.rawValue + " " } ?? "") + "TRANSACTION " + parts.joined(separator: ", ")
            case .password(let user, let v): return "PASSWORD" + (user.map { " FOR " + account($0) } ?? "") + " = " + expression(v)
            }
        }.joined(separator: ", ")
    }

    private func filter(_ f: ShowStatement.Filter?) -> String {
        switch f {
        case .like(let p)?: return " LIKE " + string(p)
        case .whereClause(let e)?: return " WHERE " + expression(e)
        case nil: return ""
        }
    }

    private func scope(_ s: SystemVariable.Scope?) -> String { s.map { $0.rawValue + " " } ?? "" }

    private func show(_ s: ShowStatement) -> String {
        switch s {
        case .databases(let f): return "SHOW DATABASES" + filter(f)
        case .tables(let full, let db, let f): return "SHOW " + (full ? "FULL " : "") + "TABLES" + (db.map { " FROM " + quote($0) } ?? "") + filter(f)
        case .tableStatus(let db, let f): return "SHOW TABLE STATUS" + (db.map { " FROM " + quote($0) } ?? "") + filter(f)
        case .columns(let full, let t, let f): return "SHOW " + (full ? "FULL " : "") + "COLUMNS FROM " + table(t) + filter(f)
        case .indexes(let t, let f): return "SHOW INDEX FROM " + table(t) + filter(f)
        case .createTable(let t): return "SHOW CREATE TABLE " + table(t)
        case .createView(let t): return "SHOW CREATE VIEW " + table(t)
        case .createDatabase(let db, let ine): return "SHOW CREATE DATABASE " + (ine ? "IF NOT EXISTS " : "") + quote(db)
        case .variables(let sc, let f): return "SHOW " + scope(sc) + "VARIABLES" + filter(f)
        case .status(let sc, let f): return "SHOW " + scope(sc) + "STATUS" + filter(f)
        case .warnings(let l): return "SHOW WARNINGS" + (l.map(limit) ?? "")
        case .errors(let l): return "SHOW ERRORS" + (l.map(limit) ?? "")
        case .countDiagnostics(let errors): return "SHOW COUNT(*) " + (errors ? "ERRORS" : "WARNINGS")
        case .engines: return "SHOW ENGINES"
        case .collation(let f): return "SHOW COLLATION" + filter(f)
        case .characterSet(let f): return "SHOW CHARACTER SET" + filter(f)
        case .processlist(let full): return "SHOW " + (full ? "FULL " : "") + "PROCESSLIST"
        case .grants(let a): return "SHOW GRANTS" + (a.map { " FOR " + account($0) } ?? "")
        case .plugins: return "SHOW PLUGINS"
        case .privileges: return "SHOW PRIVILEGES"
        case .triggers(let db, let f): return "SHOW TRIGGERS" + (db.map { " FROM " + quote($0) } ?? "") + filter(f)
        case .procedureStatus(let f): return "SHOW PROCEDURE STATUS" + filter(f)
        case .functionStatus(let f): return "SHOW FUNCTION STATUS" + filter(f)
        case .openTables(let db, let f): return "SHOW OPEN TABLES" + (db.map { " FROM " + quote($0) } ?? "") + filter(f)
        case .masterStatus: return "SHOW MASTER STATUS"
        case .binaryLogs: return "SHOW BINARY LOGS"
        case .replicaStatus: return "SHOW REPLICA STATUS"
        }
    }

    private func transaction(_ t: TransactionStatement) -> String {
        func tail(_ chain: Bool?, _ release: Bool?) -> String {
            (chain.map { $0 ? " AND CHAIN" : " AND NO CHAIN" } ?? "") + (release.map { $0 ? " RELEASE" : " NO RELEASE" } ?? "")
        }
        switch t {
        case .begin(let ro, let snapshot):
            var parts: [String] = []
            if snapshot { parts.append("WITH CONSISTENT SNAPSHOT") }
            if let ro { parts.append(ro ? "READ ONLY" : "READ WRITE") }
            return parts.isEmpty ? "BEGIN" : "START TRANSACTION " + parts.joined(separator: ", ")
        case .commit(let c, let r): return "COMMIT" + tail(c, r)
        case .rollback(let c, let r): return "ROLLBACK" + tail(c, r)
        case .savepoint(let n): return "SAVEPOINT " + quote(n)
        case .rollbackToSavepoint(let n): return "ROLLBACK TO SAVEPOINT " + quote(n)
        case .releaseSavepoint(let n): return "RELEASE SAVEPOINT " + quote(n)
        }
    }

    // MARK: accounts

    private func account(_ a: AccountName) -> String {
        if a.user == "CURRENT_USER" && a.host == nil { return "CURRENT_USER" }
        return string(a.user) + (a.host.map { "@" + string($0) } ?? "")
    }

    private func spec(_ s: AccountSpec) -> String {
        var out = account(s.account)
        if let plugin = s.authPlugin {
            out += " IDENTIFIED WITH " + plugin
            if let p = s.password { out += " BY " + string(p) } else if let a = s.authString { out += " AS " + string(a) }
        } else if let p = s.password {
            out += " IDENTIFIED BY " + string(p)
        } else if let a = s.authString {
            out += " IDENTIFIED BY PASSWORD " + string(a)
        }
        return out
    }

    private func account(_ a: AccountStatement) -> String {
        switch a {
        case .createUser(let ine, let specs, let options):
            return "CREATE USER " + (ine ? "IF NOT EXISTS " : "") + specs.map(spec).joined(separator: ", ") + options.map { " " + $0 }.joined()
        case .alterUser(let ie, let specs, let options):
            return "ALTER USER " + (ie ? "IF EXISTS " : "") + specs.map(spec).joined(separator: ", ") + options.map { " " + $0 }.joined()
        case .dropUser(let ie, let accounts):
            return "DROP USER " + (ie ? "IF EXISTS " : "") + accounts.map(account).joined(separator: ", ")
        case .grant(let privileges, let level, let to, let option):
            return "GRANT " + privileges.joined(separator: ", ") + (level.isEmpty ? "" : " ON " + level) + " TO "
                + to.map(spec).joined(separator: ", ") + (option ? " WITH GRANT OPTION" : "")
        case .revoke(let privileges, let level, let from):
            return "REVOKE " + privileges.joined(separator: ", ") + (level.isEmpty ? "" : " ON " + level) + " FROM " + from.map(account).joined(separator: ", ")
        }
    }
}
