/// SELECT: `[WITH] body [ORDER BY] [LIMIT] [locking]`, where a body is a SELECT block or a
/// UNION / INTERSECT / EXCEPT of blocks (possibly parenthesized).
extension Parser {
    mutating func selectStatement() throws(SQLError) -> SelectStatement {
        try descend()
        defer { depth -= 1 }
        let with: WithClause? = at("WITH") ? try withClause() : nil
        var statement = try queryExpressionTail(body: try queryBody())
        if let with {
            if statement.with != nil { throw syntaxError() }
            statement.with = with
        }
        return statement
    }

    /// ORDER BY / LIMIT / locking after a body.
    private mutating func queryExpressionTail(body: QueryBody) throws(SQLError) -> SelectStatement {
        // A lone parenthesized query keeps its own clauses: `(SELECT ... LIMIT 1)`.
        var statement: SelectStatement
        if case .nested(let inner) = body, !(at("ORDER") || at("LIMIT")) {
            statement = inner
        } else {
            statement = SelectStatement(body: body)
        }
        if accept("ORDER") {
            try expect("BY")
            statement.orderBy = try orderItems()
        }
        if at("LIMIT") { statement.limit = try limitClause() }
        if let locking = try lockingClause() { statement.locking = locking }
        if at("INTO") { throw notSupported("SELECT ... INTO") }
        return statement
    }

    mutating func withClause() throws(SQLError) -> WithClause {
        try expect("WITH")
        let recursive = accept("RECURSIVE")
        var tables: [CommonTableExpression] = []
        repeat {
            let name = try identifier()
            let columns = atSymbol("(") ? try parenthesizedIdentifiers() : []
            try expect("AS")
            try expectSymbol("(")
            let query = try selectStatement()
            try expectSymbol(")")
            tables.append(CommonTableExpression(name: name, columns: columns, query: query))
        } while acceptSymbol(",")
        return WithClause(recursive: recursive, tables: tables)
    }

    private mutating func queryBody() throws(SQLError) -> QueryBody {
        var left = try queryTerm()
        while true {
            let kind: SetOperation.Kind
            if at("UNION") { kind = .union } else if at("EXCEPT") { kind = .except } else if at("INTERSECT") { kind = .intersect } else { return left }
            advance()
            let all = accept("ALL")
            if !all { _ = accept("DISTINCT") }
            let right = try queryTerm()
            left = .compound(left, SetOperation(kind: kind, all: all), right)
        }
    }

    private mutating func queryTerm() throws(SQLError) -> QueryBody {
        if acceptSymbol("(") {
            let inner = try selectStatement()
            try expectSymbol(")")
            if inner.with == nil && inner.orderBy.isEmpty && inner.limit == nil && inner.locking == nil {
                return inner.body
            }
            return .nested(inner)
        }
        try expect("SELECT")
        return .select(try selectCore())
    }

    private static let selectModifiers: Set<String> = [
        "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT",
        "SQL_NO_CACHE", "SQL_CACHE",
    ]

    private mutating func selectCore() throws(SQLError) -> SelectCore {
        var core = SelectCore(items: [])
        while current.kind == .word {
            let w = current.upper
            if w == "ALL" {
                advance()
            } else if w == "DISTINCT" || w == "DISTINCTROW" {
                advance()
                core.distinct = true
            } else if w == "SQL_CALC_FOUND_ROWS" {
                advance()
                core.calcFoundRows = true
            } else if Self.selectModifiers.contains(w) {
                advance()
                core.modifiers.append(w)
            } else {
                break
            }
        }
        repeat { core.items.append(try selectItem()) } while acceptSymbol(",")
        if at("INTO") { throw notSupported("SELECT ... INTO") }
        if accept("FROM") {
            if !accept("DUAL") { core.from = try tableReferences() }
        }
        if accept("WHERE") { core.whereClause = try expression() }
        if accept("GROUP") {
            try expect("BY")
            repeat {
                core.groupBy.append(try expression())
                _ = accept("ASC") || accept("DESC")
            } while acceptSymbol(",")
            if accept("WITH", "ROLLUP") { core.withRollup = true }
        }
        if accept("HAVING") { core.having = try expression() }
        if accept("WINDOW") {
            repeat {
                let name = try identifier()
                try expect("AS")
                try expectSymbol("(")
                core.windows.append(NamedWindow(name: name, spec: try windowSpec()))
                try expectSymbol(")")
            } while acceptSymbol(",")
        }
        return core
    }

    private mutating func selectItem() throws(SQLError) -> SelectItem {
        if acceptSymbol("*") { return SelectItem(expression: .allColumns(table: nil)) }
        let start = current.offset
        let e = try expression()
        let text = sourceText(from: start)
        let alias = try optionalAlias(allowString: true)
        return SelectItem(expression: e, alias: alias, sourceText: text)
    }

    mutating func orderItems() throws(SQLError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            let e = try expression()
            var descending = false
            if accept("DESC") { descending = true } else { _ = accept("ASC") }
            items.append(OrderItem(expression: e, descending: descending))
        } while acceptSymbol(",")
        return items
    }

    /// `LIMIT n`, `LIMIT off, n`, `LIMIT n OFFSET off`.
    mutating func limitClause() throws(SQLError) -> Limit {
        try expect("LIMIT")
        let first = try limitValue()
        if acceptSymbol(",") { return Limit(count: try limitValue(), offset: first) }
        if accept("OFFSET") { return Limit(count: first, offset: try limitValue()) }
        return Limit(count: first)
    }

    /// LIMIT takes an integer literal or a placeholder (or a variable inside routines).
    mutating func limitValue() throws(SQLError) -> Expr {
        let t = current
        switch t.kind {
        case .integer:
            advance()
            return .literal(.integer(t.text))
        case .placeholder:
            advance()
            return .parameter(t.parameterIndex)
        case .userVariable:
            advance()
            return .userVariable(t.text)
        default:
            throw syntaxError()
        }
    }

    private mutating func lockingClause() throws(SQLError) -> LockingClause? {
        if accept("LOCK", "IN", "SHARE", "MODE") {
            return LockingClause(strength: .share, legacyShareMode: true)
        }
        guard at("FOR") && (peek().isWord("UPDATE") || peek().isWord("SHARE")) else { return nil }
        advance()
        var clause = LockingClause(strength: advance().upper == "UPDATE" ? .update : .share)
        if accept("OF") {
            repeat { clause.tables.append(try identifier()) } while acceptSymbol(",")
        }
        if accept("NOWAIT") { clause.wait = .noWait } else if accept("SKIP", "LOCKED") { clause.wait = .skipLocked }
        return clause
    }

    // MARK: FROM

    mutating func tableReferences() throws(SQLError) -> [TableReference] {
        var refs = [try tableReference()]
        while acceptSymbol(",") { refs.append(try tableReference()) }
        return refs
    }

    mutating func tableReference() throws(SQLError) -> TableReference {
        var left = try tableFactor()
        while let kind = try joinKind() {
            let right = try tableFactor()
            var condition: JoinCondition?
            switch kind {
            case .naturalInner, .naturalLeft, .naturalRight:
                break
            default:
                if accept("ON") {
                    condition = .on(try expression())
                } else if accept("USING") {
                    condition = .using(try parenthesizedIdentifiers())
                } else if kind == .left || kind == .right {
                    throw syntaxError()
                }
            }
            left = .join(left, Join(kind: kind, table: right, condition: condition))
        }
        return left
    }

    private mutating func joinKind() throws(SQLError) -> Join.Kind? {
        if accept("JOIN") || accept("INNER", "JOIN") { return .inner }
        if accept("CROSS", "JOIN") { return .cross }
        if accept("STRAIGHT_JOIN") { return .straight }
        if accept("LEFT") {
            _ = accept("OUTER")
            try expect("JOIN")
            return .left
        }
        if accept("RIGHT") {
            _ = accept("OUTER")
            try expect("JOIN")
            return .right
        }
        if accept("NATURAL") {
            if accept("LEFT") {
                _ = accept("OUTER")
                try expect("JOIN")
                return .naturalLeft
            }
            if accept("RIGHT") {
                _ = accept("OUTER")
                try expect("JOIN")
                return .naturalRight
            }
            _ = accept("INNER")
            try expect("JOIN")
            return .naturalInner
        }
        return nil
    }

    private mutating func tableFactor() throws(SQLError) -> TableReference {
        if atSymbol("(") {
            var k = 1
            while peek(k).isSymbol("(") { k += 1 }
            if peek(k).isWord("SELECT") || peek(k).isWord("WITH") {
                advance()
                let query = try selectStatement()
                try expectSymbol(")")
                guard let alias = try optionalAlias(allowString: false) else { throw syntaxError() }
                let columns = atSymbol("(") ? try parenthesizedIdentifiers() : []
                return .derived(query, alias: alias, columns: columns)
            }
            advance()
            let refs = try tableReferences()
            try expectSymbol(")")
            return .parenthesized(refs)
        }
        if at("LATERAL") { throw notSupported("LATERAL derived tables") }
        if at("JSON_TABLE") { throw notSupported("JSON_TABLE") }
        let name = try tableName()
        if at("PARTITION") { throw notSupported("PARTITION selection") }
        let alias = try optionalAlias(allowString: false)
        return .table(name, alias: alias, indexHints: try indexHints())
    }

    private mutating func indexHints() throws(SQLError) -> [IndexHint] {
        var hints: [IndexHint] = []
        while (at("USE") || at("FORCE") || at("IGNORE")) && (peek().isWord("INDEX") || peek().isWord("KEY")) {
            let action = IndexHint.Action(rawValue: advance().upper)!
            advance()
            var scope: IndexHint.Scope?
            if accept("FOR") {
                if accept("JOIN") {
                    scope = .join
                } else if accept("ORDER", "BY") {
                    scope = .orderBy
                } else if accept("GROUP", "BY") {
                    scope = .groupBy
                } else {
                    throw syntaxError()
                }
            }
            try expectSymbol("(")
            var names: [String] = []
            if !atSymbol(")") {
                repeat { names.append(accept("PRIMARY") ? "PRIMARY" : try identifier()) } while acceptSymbol(",")
            }
            try expectSymbol(")")
            hints.append(IndexHint(action: action, scope: scope, indexes: names))
        }
        return hints
    }
}
