/// INSERT / REPLACE, UPDATE and DELETE, single- and multi-table.
extension Parser {
    mutating func insertStatement() throws(SQLError) -> InsertStatement {
        let verb: InsertStatement.Verb = advance().upper == "REPLACE" ? .replace : .insert
        var priority: String?
        if at("LOW_PRIORITY") || at("DELAYED") || (verb == .insert && at("HIGH_PRIORITY")) { priority = advance().upper }
        let ignore = verb == .insert && accept("IGNORE")
        _ = accept("INTO")
        let table = try tableName()
        if at("PARTITION") { throw notSupported("PARTITION selection") }
        var columns: [String] = []
        if atSymbol("(") && !(peek().isWord("SELECT") || peek().isWord("WITH") || peek().isSymbol("(")) {
            advance()
            if !acceptSymbol(")") {
                repeat { columns.append(try columnRef().column) } while acceptSymbol(",")
                try expectSymbol(")")
            }
        }
        let source: InsertStatement.Source
        if accept("VALUES") || accept("VALUE") {
            var rows: [[Expr]] = []
            repeat {
                _ = accept("ROW")
                try expectSymbol("(")
                if acceptSymbol(")") {
                    rows.append([])
                } else {
                    rows.append(try expressionList())
                    try expectSymbol(")")
                }
            } while acceptSymbol(",")
            source = .values(rows)
        } else if accept("SET") {
            guard columns.isEmpty else { throw syntaxError(at: previous) }
            source = .set(try assignments())
        } else if at("SELECT") || at("WITH") || atSymbol("(") {
            source = .select(try selectStatement())
        } else {
            throw syntaxError()
        }
        var statement = InsertStatement(verb: verb, priority: priority, ignore: ignore, table: table, columns: columns, source: source)
        if accept("AS") {
            statement.rowAlias = try identifier()
            if atSymbol("(") { statement.rowAliasColumns = try parenthesizedIdentifiers() }
        }
        if accept("ON") {
            try expect("DUPLICATE")
            try expect("KEY")
            try expect("UPDATE")
            statement.onDuplicateKeyUpdate = try assignments()
        }
        return statement
    }

    /// `col = expr, t.col = expr, ...`.
    mutating func assignments() throws(SQLError) -> [Assignment] {
        var list: [Assignment] = []
        repeat {
            let column = try columnRef()
            guard acceptSymbol("=") || acceptSymbol(":=") else { throw syntaxError() }
            list.append(Assignment(column: column, value: try expression()))
        } while acceptSymbol(",")
        return list
    }

    mutating func updateStatement(with: WithClause?) throws(SQLError) -> UpdateStatement {
        try expect("UPDATE")
        let lowPriority = accept("LOW_PRIORITY")
        let ignore = accept("IGNORE")
        let tables = try tableReferences()
        try expect("SET")
        var statement = UpdateStatement(with: with, lowPriority: lowPriority, ignore: ignore, tables: tables, assignments: try assignments())
        if accept("WHERE") { statement.whereClause = try expression() }
        if !statement.isMultiTable {
            if accept("ORDER") {
                try expect("BY")
                statement.orderBy = try orderItems()
            }
            if accept("LIMIT") { statement.limit = try limitValue() }
        }
        return statement
    }

    mutating func deleteStatement(with: WithClause?) throws(SQLError) -> DeleteStatement {
        try expect("DELETE")
        var statement = DeleteStatement(with: with, from: [])
        while true {
            if accept("LOW_PRIORITY") {
                statement.lowPriority = true
            } else if accept("QUICK") {
                statement.quick = true
            } else if accept("IGNORE") {
                statement.ignore = true
            } else {
                break
            }
        }
        if accept("FROM") {
            let first = try deleteTarget()
            if atSymbol(",") || at("USING") {
                // DELETE FROM t1, t2 USING <table references> WHERE ...
                var targets = [first]
                while acceptSymbol(",") { targets.append(try deleteTarget()) }
                try expect("USING")
                statement.targets = targets
                statement.usingForm = true
                statement.from = try tableReferences()
            } else {
                // Single table, optionally aliased (MySQL 8.0.16+).
                if at("PARTITION") { throw notSupported("PARTITION selection") }
                let alias = try optionalAlias(allowString: false)
                statement.from = [.table(first, alias: alias, indexHints: [])]
                if accept("WHERE") { statement.whereClause = try expression() }
                if accept("ORDER") {
                    try expect("BY")
                    statement.orderBy = try orderItems()
                }
                if accept("LIMIT") { statement.limit = try limitValue() }
                return statement
            }
        } else {
            // DELETE t1, t2 FROM <table references> WHERE ...
            var targets = [try deleteTarget()]
            while acceptSymbol(",") { targets.append(try deleteTarget()) }
            try expect("FROM")
            statement.targets = targets
            statement.from = try tableReferences()
        }
        if accept("WHERE") { statement.whereClause = try expression() }
        return statement
    }

    /// `t`, `db.t`, `t.*`, `db.t.*` in a multi-table DELETE's target list.
    private mutating func deleteTarget() throws(SQLError) -> TableName {
        let first = try identifier()
        guard acceptSymbol(".") else { return TableName(name: first) }
        if acceptSymbol("*") { return TableName(name: first) }
        let second = try identifierAfterDot()
        if acceptSymbol(".") { try expectSymbol("*") }
        return TableName(database: first, name: second)
    }
}
