/// INSERT / REPLACE, UPDATE and DELETE.
///
/// - `REPLACE` → `INSERT OR REPLACE`; `INSERT IGNORE` → `INSERT OR IGNORE`; `UPDATE IGNORE`
///   → `UPDATE OR IGNORE`.
/// - `ON DUPLICATE KEY UPDATE c = VALUES(c)` → `ON CONFLICT DO UPDATE SET "c" = excluded."c"`
///   (target-less unless `Options.upsertConflictTarget`); an `INSERT ... SELECT` source is
///   wrapped as `SELECT * FROM (...) WHERE true` because SQLite would otherwise read the
///   `ON` of `ON CONFLICT` as a join constraint.
/// - `INSERT ... SET a = 1` → `INSERT ... (a) VALUES (1)`; `VALUES ()` → `DEFAULT VALUES`;
///   a `DEFAULT` in a VALUES row drops that column (rows with different DEFAULT positions
///   become separate statements).
/// - UPDATE / DELETE with ORDER BY / LIMIT → `WHERE rowid IN (SELECT rowid ... LIMIT n)`.
/// - Multi-table UPDATE → one UPDATE per updated table: `WHERE rowid IN (SELECT alias.rowid
///   FROM <joins> WHERE ...)` when the new values come from that table alone, else
///   `UPDATE ... FROM <other tables>` (inner joins only).
/// - Multi-table DELETE → `DELETE FROM t WHERE rowid IN (SELECT alias.rowid FROM <joins>
///   WHERE ...)`; several targets in different tables first snapshot the matching rowids
///   into `temp."marmot_multi_delete"` so deleting from one table cannot change which
///   rows of the next one match (MySQL decides all rows before deleting any).
extension SQLitePrinter {
    // MARK: INSERT

    func insert(_ s: InsertStatement) throws(SQLError) -> [String] {
        var verb = "INSERT"
        if s.verb == .replace { verb = "INSERT OR REPLACE" } else if s.ignore { verb = "INSERT OR IGNORE" }
        let head = verb + " INTO " + table(s.table)
        let upsertClause = try onDuplicateKeyUpdate(s)

        switch s.source {
        case .set(let assignments):
            var columns: [String] = []
            var values: [Expr] = []
            for a in assignments {
                columns.append(a.column.column)
                values.append(a.value)
            }
            return try valuesInserts(head: head, columns: columns, rows: [values], upsert: upsertClause)
        case .values(let rows):
            return try valuesInserts(head: head, columns: s.columns, rows: rows, upsert: upsertClause)
        case .select(let query):
            var text = head + columnList(s.columns) + " "
            if let upsertClause {
                text += "SELECT * FROM (" + (try select(query)) + ") WHERE true" + upsertClause
            } else {
                text += try select(query)
            }
            return [text]
        }
    }

    private func columnList(_ columns: [String]) -> String {
        columns.isEmpty ? "" : " (" + columns.map(quote).joined(separator: ", ") + ")"
    }

    /// VALUES rows, with MySQL's `DEFAULT` placeholders removed by dropping the column
    /// (SQLite then uses the column default). Rows needing different column lists become
    /// separate statements, in order.
    private func valuesInserts(head: String, columns: [String], rows: [[Expr]], upsert: String?) throws(SQLError) -> [String] {
        let hasDefault = rows.contains { $0.contains { if case .defaultValue(nil) = $0 { return true } else { return false } } }
        if rows.allSatisfy(\.isEmpty) {
            guard columns.isEmpty else { throw SQLError.notSupported("VALUES () with a column list") }
            return Array(repeating: head + " DEFAULT VALUES" + (upsert ?? ""), count: max(rows.count, 1))
        }
        if !hasDefault {
            return [head + columnList(columns) + " VALUES " + (try rowsText(rows)) + (upsert ?? "")]
        }
        guard !columns.isEmpty else { throw SQLError.notSupported("DEFAULT in VALUES without a column list") }
        // Group consecutive rows by which positions hold DEFAULT.
        var statements: [String] = []
        var groupMask: [Bool] = []
        var group: [[Expr]] = []
        func flush() throws(SQLError) {
            guard !group.isEmpty else { return }
            let kept = columns.indices.filter { !groupMask[$0] }
            let rowsKept = group.map { row in kept.map { row[$0] } }
            if kept.isEmpty {
                statements += Array(repeating: head + " DEFAULT VALUES" + (upsert ?? ""), count: group.count)
            } else {
                statements.append(head + columnList(kept.map { columns[$0] }) + " VALUES " + (try rowsText(rowsKept)) + (upsert ?? ""))
            }
            group = []
        }
        for row in rows {
            guard row.count == columns.count else { throw SQLError.notSupported("VALUES row with a different column count") }
            let mask = row.map { if case .defaultValue(nil) = $0 { return true } else { return false } }
            if mask != groupMask { try flush() }
            groupMask = mask
            group.append(row)
        }
        try flush()
        return statements
    }

    private func rowsText(_ rows: [[Expr]]) throws(SQLError) -> String {
        var out: [String] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            var values: [String] = []
            for v in row { values.append(try expression(v)) }
            out.append("(" + values.joined(separator: ", ") + ")")
        }
        return out.joined(separator: ", ")
    }

    /// ` ON CONFLICT [(target)] DO UPDATE SET ...`, or nil without ON DUPLICATE KEY UPDATE.
    private func onDuplicateKeyUpdate(_ s: InsertStatement) throws(SQLError) -> String? {
        guard !s.onDuplicateKeyUpdate.isEmpty else { return nil }
        var scoped = self
        var aliasColumns: [String: String] = [:]
        for (i, c) in s.rowAliasColumns.enumerated() where i < s.columns.count { aliasColumns[c] = s.columns[i] }
        scoped.upsert = UpsertScope(rowAlias: s.rowAlias, aliasColumns: aliasColumns)
        var sets: [String] = []
        for a in s.onDuplicateKeyUpdate {
            sets.append(quote(a.column.column) + " = " + (try scoped.expression(a.value)))
        }
        var clause = " ON CONFLICT"
        if let target = options.upsertConflictTarget, !target.isEmpty {
            clause += " (" + target.map(quote).joined(separator: ", ") + ")"
        }
        return clause + " DO UPDATE SET " + sets.joined(separator: ", ")
    }

    // MARK: UPDATE

    func update(_ s: UpdateStatement) throws(SQLError) -> [String] {
        let prefix = try s.with.map { w throws(SQLError) in try withClause(w) + " " } ?? ""
        let verb = s.ignore ? "UPDATE OR IGNORE " : "UPDATE "
        if !s.isMultiTable, case .table(let name, let alias, _) = s.tables[0] {
            var text = prefix + verb + table(name) + (alias.map { " AS " + quote($0) } ?? "")
            text += " SET " + (try assignmentList(s.assignments))
            if s.orderBy.isEmpty && s.limit == nil {
                if let w = s.whereClause { text += " WHERE " + (try expression(w)) }
            } else {
                text += " WHERE rowid IN (" + (try rowidSelect(name, alias, s.whereClause, s.orderBy, s.limit)) + ")"
            }
            return [text]
        }
        return try multiTableUpdate(s, prefix: prefix, verb: verb)
    }

    /// `SET "c" = v, ...` with unqualified target columns, as SQLite requires.
    private func assignmentList(_ assignments: [Assignment]) throws(SQLError) -> String {
        var parts: [String] = []
        for a in assignments { parts.append(quote(a.column.column) + " = " + (try expression(a.value))) }
        return parts.joined(separator: ", ")
    }

    /// `SELECT [alias.]rowid FROM t [AS alias] [WHERE] [ORDER BY] [LIMIT]`.
    private func rowidSelect(_ name: TableName, _ alias: String?, _ whereClause: Expr?, _ orderBy: [OrderItem], _ limit: Expr?) throws(SQLError) -> String {
        var text = "SELECT rowid FROM " + table(name) + (alias.map { " AS " + quote($0) } ?? "")
        if let w = whereClause { text += " WHERE " + (try expression(w)) }
        if !orderBy.isEmpty { text += " ORDER BY " + (try orderItems(orderBy)) }
        if let limit { text += " LIMIT " + (try expression(limit)) }
        return text
    }

    private func multiTableUpdate(_ s: UpdateStatement, prefix: String, verb: String) throws(SQLError) -> [String] {
        let tables = s.tables.flatMap(\.tables)
        // Which table each assignment targets, by alias (or bare name).
        var targets: [(key: String, name: TableName, alias: String?)] = []
        var byTarget: [String: [Assignment]] = [:]
        for a in s.assignments {
            let key: String
            if let t = a.column.table {
                key = t
            } else if tables.count == 1 {
                key = tables[0].alias ?? tables[0].name.name
            } else {
                throw SQLError.notSupported("multi-table UPDATE with an unqualified SET column")
            }
            guard let entry = tables.first(where: { ($0.alias ?? $0.name.name) == key }) else {
                throw SQLError.notSupported("multi-table UPDATE of \(key)")
            }
            if byTarget[key] == nil { targets.append((key, entry.name, entry.alias)) }
            byTarget[key, default: []].append(a)
        }
        var statements: [String] = []
        for target in targets {
            let assignments = byTarget[target.key] ?? []
            let otherAliases = Set(tables.map { $0.alias ?? $0.name.name }).subtracting([target.key])
            let usesOthers = assignments.contains { Self.references($0.value, anyOf: otherAliases) }
            let head = prefix + verb + table(target.name) + (target.alias.map { " AS " + quote($0) } ?? "")
            if !usesOthers {
                var sub = "SELECT " + quote(target.key) + ".rowid FROM "
                var refs: [String] = []
                for r in s.tables { refs.append(try reference(r)) }
                sub += refs.joined(separator: ", ")
                if let w = s.whereClause { sub += " WHERE " + (try expression(w)) }
                statements.append(head + " SET " + (try assignmentList(assignments)) + " WHERE rowid IN (" + sub + ")")
                continue
            }
            // UPDATE ... FROM: the other tables go to FROM, every join condition to WHERE.
            guard let (factors, conditions) = Self.innerJoinFactors(s.tables) else {
                throw SQLError.notSupported("multi-table UPDATE through outer joins with values from other tables")
            }
            let others = factors.filter { factor in
                if case .table(let n, let a, _) = factor { return (a ?? n.name) != target.key }
                return true
            }
            guard others.count == factors.count - 1 else { throw SQLError.notSupported("multi-table UPDATE of a table joined twice") }
            var from: [String] = []
            for f in others { from.append(try reference(f)) }
            var conjuncts: [String] = []
            for c in conditions { conjuncts.append(try operand(c)) }
            if let w = s.whereClause { conjuncts.append(try operand(w)) }
            var text = head + " SET " + (try assignmentList(assignments)) + " FROM " + from.joined(separator: ", ")
            if !conjuncts.isEmpty { text += " WHERE " + conjuncts.joined(separator: " AND ") }
            statements.append(text)
        }
        return statements
    }

    /// Flattens comma lists and inner / cross / straight joins into their table factors
    /// and ON conditions; nil when an outer, natural or USING join is involved.
    static func innerJoinFactors(_ refs: [TableReference]) -> ([TableReference], [Expr])? {
        var factors: [TableReference] = []
        var conditions: [Expr] = []
        func walk(_ r: TableReference) -> Bool {
            switch r {
            case .table, .derived:
                factors.append(r)
                return true
            case .parenthesized(let inner):
                return inner.allSatisfy(walk)
            case .join(let left, let join):
                switch join.kind {
                case .inner, .cross, .straight: break
                default: return false
                }
                guard walk(left), walk(join.table) else { return false }
                switch join.condition {
                case .on(let e)?: conditions.append(e)
                case nil: break
                case .using: return false
                }
                return true
            }
        }
        for r in refs where !walk(r) { return nil }
        return (factors, conditions)
    }

    /// True when `e` names a column qualified by one of `aliases`.
    static func references(_ e: Expr, anyOf aliases: Set<String>) -> Bool {
        var found = false
        func visit(_ e: Expr) {
            if found { return }
            switch e {
            case .column(let c):
                if let t = c.table, aliases.contains(t) { found = true }
            case .unary(_, let x), .isNull(let x, _), .isTruth(let x, _, _), .cast(let x, _), .convertUsing(let x, _),
                 .interval(let x, _), .collate(let x, _), .binaryString(let x), .assignVariable(_, let x), .extract(_, let x):
                visit(x)
            case .binary(_, let a, let b), .soundsLike(let a, let b), .regexp(let a, let b, _):
                visit(a)
                visit(b)
            case .like(let a, let b, let c, _):
                visit(a)
                visit(b)
                if let c { visit(c) }
            case .between(let a, let b, let c, _):
                visit(a)
                visit(b)
                visit(c)
            case .inList(let a, let list, _):
                visit(a)
                list.forEach(visit)
            case .row(let list):
                list.forEach(visit)
            case .function(let f):
                f.arguments.forEach(visit)
            case .caseWhen(let c):
                if let o = c.operand { visit(o) }
                c.whens.forEach {
                    visit($0.condition)
                    visit($0.result)
                }
                if let x = c.elseResult { visit(x) }
            case .trim(_, let r, let f):
                if let r { visit(r) }
                visit(f)
            case .inSubquery, .quantified, .exists, .subquery:
                // A correlated subquery may reach other tables: be conservative.
                found = true
            default:
                break
            }
        }
        visit(e)
        return found
    }

    // MARK: DELETE

    func delete(_ s: DeleteStatement) throws(SQLError) -> [String] {
        let prefix = try s.with.map { w throws(SQLError) in try withClause(w) + " " } ?? ""
        if !s.isMultiTable {
            guard s.from.count == 1, case .table(let name, let alias, _) = s.from[0] else { throw SQLError.notSupported("DELETE form") }
            var text = prefix + "DELETE FROM " + table(name) + (alias.map { " AS " + quote($0) } ?? "")
            if s.orderBy.isEmpty && s.limit == nil {
                if let w = s.whereClause { text += " WHERE " + (try expression(w)) }
            } else {
                text += " WHERE rowid IN (" + (try rowidSelect(name, alias, s.whereClause, s.orderBy, s.limit)) + ")"
            }
            return [text]
        }
        let tables = s.from.flatMap(\.tables)
        var resolved: [(key: String, name: TableName)] = []
        for target in s.targets {
            let key = target.name
            guard let entry = tables.first(where: { ($0.alias ?? $0.name.name) == key && (target.database == nil || $0.name.database == target.database) }) else {
                throw SQLError.notSupported("DELETE target \(target) not in FROM")
            }
            if !resolved.contains(where: { $0.key == key }) { resolved.append((key, entry.name)) }
        }
        var refs: [String] = []
        for r in s.from { refs.append(try reference(r)) }
        var fromWhere = " FROM " + refs.joined(separator: ", ")
        if let w = s.whereClause { fromWhere += " WHERE " + (try expression(w)) }

        let distinctTables = Set(resolved.map(\.name))
        if distinctTables.count == 1, let only = resolved.first {
            let selects = resolved.map { "SELECT " + quote($0.key) + ".rowid" + fromWhere }
            return [prefix + "DELETE FROM " + table(only.name) + " WHERE rowid IN (" + selects.joined(separator: " UNION ALL ") + ")"]
        }
        // Several tables: decide every row first, as MySQL does, then delete.
        let snapshot = "temp." + quote("marmot_multi_delete")
        var statements = ["DROP TABLE IF EXISTS " + snapshot]
        let columns = resolved.enumerated().map { quote($0.element.key) + ".rowid AS " + quote("r\($0.offset)") }
        statements.append(prefix + "CREATE TEMP TABLE " + quote("marmot_multi_delete") + " AS SELECT " + columns.joined(separator: ", ") + fromWhere)
        for (i, target) in resolved.enumerated() {
            statements.append("DELETE FROM " + table(target.name) + " WHERE rowid IN (SELECT " + quote("r\(i)") + " FROM " + snapshot + ")")
        }
        statements.append("DROP TABLE " + snapshot)
        return statements
    }
}
