/// Walks a statement tree and records every real table it names, skipping aliases and
/// CTE names, keeping the strongest access mode per table (schema > write > read).
struct TableCollector {
    private(set) var accesses: [TableAccess] = []
    /// CTE names in scope (unqualified references to these are not tables).
    private var cteNames: [Set<String>] = []

    mutating func add(_ table: TableName, _ mode: TableAccess.Mode) {
        if table.database == nil && cteNames.contains(where: { $0.contains(table.name) }) { return }
        if let i = accesses.firstIndex(where: { $0.table == table }) {
            if Self.rank(mode) > Self.rank(accesses[i].mode) { accesses[i].mode = mode }
            return
        }
        accesses.append(TableAccess(table: table, mode: mode))
    }

    private static func rank(_ m: TableAccess.Mode) -> Int {
        switch m {
        case .read: return 0
        case .write: return 1
        case .schema: return 2
        }
    }

    /// alias (or bare table name) → table, for resolving multi-table targets.
    static func aliasMap(_ refs: [TableReference]) -> [String: TableName] {
        var map: [String: TableName] = [:]
        for (name, alias) in refs.flatMap(\.tables) {
            map[alias ?? name.name] = name
        }
        return map
    }

    mutating func with(_ with: WithClause?) {
        guard let with else { return }
        cteNames.append(Set(with.tables.map(\.name)))
        for cte in with.tables { query(cte.query) }
    }

    mutating func query(_ q: SelectStatement) {
        let pushed = q.with != nil
        with(q.with)
        body(q.body)
        q.orderBy.forEach { expression($0.expression) }
        if pushed { cteNames.removeLast() }
    }

    private mutating func body(_ b: QueryBody) {
        switch b {
        case .select(let core):
            core.from.forEach { reference($0) }
            core.items.forEach { expression($0.expression) }
            if let w = core.whereClause { expression(w) }
            core.groupBy.forEach { expression($0) }
            if let h = core.having { expression(h) }
        case .compound(let l, _, let r):
            body(l)
            body(r)
        case .nested(let q):
            query(q)
        }
    }

    mutating func reference(_ r: TableReference) {
        switch r {
        case .table(let name, _, _): add(name, .read)
        case .derived(let q, _, _): query(q)
        case .join(let left, let join):
            reference(left)
            reference(join.table)
            if case .on(let e) = join.condition { expression(e) }
        case .parenthesized(let refs): refs.forEach { reference($0) }
        }
    }

    /// Marks the tables a (multi-table) UPDATE assigns to as written.
    mutating func updateTargets(_ s: UpdateStatement) {
        let all = s.tables.flatMap(\.tables)
        if !s.isMultiTable || all.count == 1 {
            all.forEach { add($0.name, .write) }
            return
        }
        let aliases = Self.aliasMap(s.tables)
        var unresolved = false
        for a in s.assignments {
            if let t = a.column.table, let name = aliases[t] {
                add(a.column.database == nil ? name : TableName(database: a.column.database, name: t), .write)
            } else {
                unresolved = true
            }
        }
        // An unqualified SET column could belong to any of the tables.
        if unresolved { all.forEach { add($0.name, .write) } }
    }

    mutating func expression(_ e: Expr) {
        switch e {
        case .literal, .column, .allColumns, .parameter, .userVariable, .systemVariable, .intervalUnit,
             .insertedValue, .defaultValue:
            return
        case .unary(_, let x), .isNull(let x, _), .isTruth(let x, _, _), .cast(let x, _), .convertUsing(let x, _),
             .interval(let x, _), .collate(let x, _), .binaryString(let x), .assignVariable(_, let x), .extract(_, let x):
            expression(x)
        case .binary(_, let a, let b), .soundsLike(let a, let b), .regexp(let a, let b, _):
            expression(a)
            expression(b)
        case .like(let a, let p, let esc, _):
            expression(a)
            expression(p)
            if let esc { expression(esc) }
        case .between(let a, let lo, let hi, _):
            expression(a)
            expression(lo)
            expression(hi)
        case .inList(let a, let list, _):
            expression(a)
            list.forEach { expression($0) }
        case .inSubquery(let a, let q, _), .quantified(let a, _, _, let q):
            expression(a)
            query(q)
        case .exists(let q), .subquery(let q):
            query(q)
        case .row(let list):
            list.forEach { expression($0) }
        case .function(let f):
            f.arguments.forEach { expression($0) }
            f.orderBy.forEach { expression($0.expression) }
        case .caseWhen(let c):
            if let o = c.operand { expression(o) }
            for w in c.whens {
                expression(w.condition)
                expression(w.result)
            }
            if let x = c.elseResult { expression(x) }
        case .match(let m):
            expression(m.against)
        case .trim(_, let remove, let from):
            if let remove { expression(remove) }
            expression(from)
        }
    }
}
