/// SET, SHOW, DESCRIBE / EXPLAIN, transaction control, LOCK TABLES and XA.
extension Parser {
    // MARK: SET

    mutating func setStatement() throws(SQLError) -> Statement {
        try expect("SET")
        // SET [GLOBAL|SESSION] TRANSACTION ...
        let scopeWords = ["GLOBAL", "SESSION", "LOCAL"]
        if at("TRANSACTION") || (scopeWords.contains(current.upper) && peek().isWord("TRANSACTION")) {
            var scope: SystemVariable.Scope?
            if !at("TRANSACTION") { scope = advance().upper == "GLOBAL" ? .global : .session }
            advance()
            return .set(SetStatement(assignments: [try transactionCharacteristics(scope: scope)]))
        }
        var assignments: [SetAssignment] = []
        repeat { assignments.append(try setAssignment()) } while acceptSymbol(",")
        return .set(SetStatement(assignments: assignments))
    }

    private mutating func transactionCharacteristics(scope: SystemVariable.Scope?) throws(SQLError) -> SetAssignment {
        var isolation: IsolationLevel?
        var readOnly: Bool?
        repeat {
            if accept("ISOLATION") {
                try expect("LEVEL")
                if accept("READ", "UNCOMMITTED") {
                    isolation = .readUncommitted
                } else if accept("READ", "COMMITTED") {
                    isolation = .readCommitted
                } else if accept("REPEATABLE", "READ") {
                    isolation = .repeatableRead
                } else if accept("SERIALIZABLE") {
                    isolation = .serializable
                } else {
                    throw syntaxError()
                }
            } else if accept("READ", "ONLY") {
                readOnly = true
            } else if accept("READ", "WRITE") {
                readOnly = false
            } else {
                throw syntaxError()
            }
        } while acceptSymbol(",")
        return .transaction(scope: scope, isolation: isolation, readOnly: readOnly)
    }

    private mutating func setAssignment() throws(SQLError) -> SetAssignment {
        if accept("NAMES") {
            if accept("DEFAULT") { return .names(charset: nil, collation: nil) }
            let charset = try anyName()
            let collation: String? = accept("COLLATE") ? (accept("DEFAULT") ? nil : try anyName()) : nil
            return .names(charset: charset, collation: collation)
        }
        if accept("CHARACTER", "SET") || accept("CHARSET") {
            if accept("DEFAULT") { return .characterSet(nil) }
            return .characterSet(try anyName())
        }
        if accept("PASSWORD") {
            let user: AccountName? = accept("FOR") ? try accountName() : nil
            try expectSymbol("=")
            return .password(user: user, value: try expression())
        }
        let t = current
        if t.kind == .userVariable {
            advance()
            guard acceptSymbol("=") || acceptSymbol(":=") else { throw syntaxError() }
            return .userVariable(t.text, try setValue())
        }
        var variable: SystemVariable
        if t.kind == .systemVariable {
            advance()
            variable = Self.systemVariable(t.text)
        } else {
            var scope: SystemVariable.Scope?
            if t.kind == .word {
                switch t.upper {
                case "GLOBAL": scope = .global
                case "SESSION", "LOCAL": scope = .session
                case "PERSIST": scope = .persist
                case "PERSIST_ONLY": scope = .persistOnly
                default: break
                }
                // A scope word followed by `=` is a variable that happens to be named so.
                if scope != nil && !(peek().isSymbol("=") || peek().isSymbol(":=")) {
                    advance()
                } else {
                    scope = nil
                }
            }
            if current.kind == .systemVariable {
                variable = Self.systemVariable(advance().text)
                if scope != nil { variable.scope = scope }
            } else {
                var name = try anyName()
                // `SET x.y = ...` (component or structured variables).
                if acceptSymbol(".") { name += "." + (try identifierAfterDot()) }
                variable = SystemVariable(scope: scope, name: name)
            }
        }
        guard acceptSymbol("=") || acceptSymbol(":=") else { throw syntaxError() }
        return .systemVariable(variable, try setValue())
    }

    /// A SET value: `DEFAULT`, a bare word taken as a string (`SET x = ON`), or an expression.
    private mutating func setValue() throws(SQLError) -> Expr {
        let t = current
        if t.kind == .word {
            let next = peek()
            let ends = next.kind == .endOfInput || next.isSymbol(",") || next.isSymbol(";")
            if t.upper == "DEFAULT" && ends {
                advance()
                return .defaultValue(nil)
            }
            if ends && !["NULL", "TRUE", "FALSE"].contains(t.upper) && !Keywords.niladicFunctions.contains(t.upper) {
                advance()
                return .literal(.string(t.text))
            }
        }
        return try expression()
    }

    // MARK: SHOW

    mutating func showStatement() throws(SQLError) -> Statement {
        try expect("SHOW")
        var scope: SystemVariable.Scope?
        if accept("GLOBAL") { scope = .global } else if accept("SESSION") || accept("LOCAL") { scope = .session }
        if accept("VARIABLES") { return .show(.variables(scope: scope, try showFilter())) }
        if accept("STATUS") { return .show(.status(scope: scope, try showFilter())) }
        if scope != nil { throw syntaxError() }

        if accept("DATABASES") || accept("SCHEMAS") { return .show(.databases(try showFilter())) }
        let full = accept("FULL")
        let extended = !full && accept("EXTENDED")
        if accept("TABLES") {
            let database: String? = (accept("FROM") || accept("IN")) ? try identifier() : nil
            return .show(.tables(full: full, database: database, try showFilter()))
        }
        if accept("COLUMNS") || accept("FIELDS") {
            let table = try showTableName()
            return .show(.columns(full: full, table: table, try showFilter()))
        }
        if accept("INDEX") || accept("INDEXES") || accept("KEYS") {
            let table = try showTableName()
            return .show(.indexes(table: table, try showFilter()))
        }
        if accept("PROCESSLIST") { return .show(.processlist(full: full)) }
        if full || extended { throw syntaxError() }
        if accept("TABLE", "STATUS") {
            let database: String? = (accept("FROM") || accept("IN")) ? try identifier() : nil
            return .show(.tableStatus(database: database, try showFilter()))
        }
        if accept("CREATE") {
            if accept("TABLE") { return .show(.createTable(try tableName())) }
            if accept("VIEW") { return .show(.createView(try tableName())) }
            if accept("DATABASE") || accept("SCHEMA") {
                let ifNotExists = accept("IF", "NOT", "EXISTS")
                return .show(.createDatabase(try identifier(), ifNotExists: ifNotExists))
            }
            if at("TRIGGER") || at("PROCEDURE") || at("FUNCTION") || at("EVENT") || at("USER") {
                throw notSupported("SHOW CREATE \(current.upper)")
            }
            throw syntaxError()
        }
        if accept("WARNINGS") { return .show(.warnings(limit: at("LIMIT") ? try limitClause() : nil)) }
        if accept("ERRORS") { return .show(.errors(limit: at("LIMIT") ? try limitClause() : nil)) }
        if at("COUNT") && peek().isSymbol("(") {
            advance()
            advance()
            try expectSymbol("*")
            try expectSymbol(")")
            if accept("WARNINGS") { return .show(.countDiagnostics(errors: false)) }
            try expect("ERRORS")
            return .show(.countDiagnostics(errors: true))
        }
        if accept("ENGINES") || accept("STORAGE", "ENGINES") { return .show(.engines) }
        if accept("COLLATION") { return .show(.collation(try showFilter())) }
        if accept("CHARACTER", "SET") || accept("CHARSET") { return .show(.characterSet(try showFilter())) }
        if accept("GRANTS") {
            if accept("FOR") {
                let account = try accountName()
                if accept("USING") {
                    repeat { _ = try accountName() } while acceptSymbol(",")
                }
                return .show(.grants(account))
            }
            return .show(.grants(nil))
        }
        if accept("PLUGINS") { return .show(.plugins) }
        if accept("PRIVILEGES") { return .show(.privileges) }
        if accept("TRIGGERS") {
            let database: String? = (accept("FROM") || accept("IN")) ? try identifier() : nil
            return .show(.triggers(database: database, try showFilter()))
        }
        if accept("PROCEDURE", "STATUS") { return .show(.procedureStatus(try showFilter())) }
        if accept("FUNCTION", "STATUS") { return .show(.functionStatus(try showFilter())) }
        if accept("OPEN", "TABLES") {
            let database: String? = (accept("FROM") || accept("IN")) ? try identifier() : nil
            return .show(.openTables(database: database, try showFilter()))
        }
        if accept("MASTER", "STATUS") || accept("BINARY", "LOG", "STATUS") { return .show(.masterStatus) }
        if accept("BINARY", "LOGS") || accept("MASTER", "LOGS") { return .show(.binaryLogs) }
        if accept("REPLICA", "STATUS") || accept("SLAVE", "STATUS") { return .show(.replicaStatus) }
        if current.kind == .word {
            throw notSupported("SHOW \(current.upper)")
        }
        throw syntaxError()
    }

    /// `{FROM|IN} t [{FROM|IN} db]` of SHOW COLUMNS / SHOW INDEX.
    private mutating func showTableName() throws(SQLError) -> TableName {
        guard accept("FROM") || accept("IN") else { throw syntaxError() }
        var table = try tableName()
        if accept("FROM") || accept("IN") { table.database = try identifier() }
        return table
    }

    private mutating func showFilter() throws(SQLError) -> ShowStatement.Filter? {
        if accept("LIKE") { return .like(try stringLiteral()) }
        if accept("WHERE") { return .whereClause(try expression()) }
        return nil
    }

    // MARK: DESCRIBE / EXPLAIN

    mutating func describeStatement() throws(SQLError) -> Statement {
        advance()
        if accept("FORMAT") {
            try expectSymbol("=")
            _ = try anyName()
        }
        _ = accept("EXTENDED") || accept("PARTITIONS") || accept("ANALYZE")
        if at("SELECT") || at("WITH") || at("INSERT") || at("REPLACE") || at("UPDATE") || at("DELETE") || at("TABLE") || atSymbol("(") {
            if at("TABLE") { throw notSupported("EXPLAIN TABLE") }
            return .explain(try statement())
        }
        if at("FOR") { throw notSupported("EXPLAIN FOR CONNECTION") }
        let table = try tableName()
        var column: String?
        if current.kind == .string { column = try stringLiteral() } else if atIdentifier { column = try identifier() }
        return .describe(DescribeStatement(table: table, column: column))
    }

    // MARK: transactions

    mutating func transactionStatement() throws(SQLError) -> TransactionStatement {
        let word = advance().upper
        switch word {
        case "BEGIN":
            _ = accept("WORK")
            return .begin(readOnly: nil, consistentSnapshot: false)
        case "START":
            try expect("TRANSACTION")
            var readOnly: Bool?
            var snapshot = false
            if current.kind == .word {
                repeat {
                    if accept("WITH", "CONSISTENT", "SNAPSHOT") {
                        snapshot = true
                    } else if accept("READ", "ONLY") {
                        readOnly = true
                    } else if accept("READ", "WRITE") {
                        readOnly = false
                    } else {
                        throw syntaxError()
                    }
                } while acceptSymbol(",")
            }
            return .begin(readOnly: readOnly, consistentSnapshot: snapshot)
        case "COMMIT":
            _ = accept("WORK")
            let (chain, release) = try chainAndRelease()
            return .commit(chain: chain, release: release)
        case "ROLLBACK":
            _ = accept("WORK")
            if accept("TO") {
                _ = accept("SAVEPOINT")
                return .rollbackToSavepoint(try identifier())
            }
            let (chain, release) = try chainAndRelease()
            return .rollback(chain: chain, release: release)
        case "SAVEPOINT":
            return .savepoint(try identifier())
        default:
            try expect("SAVEPOINT")
            return .releaseSavepoint(try identifier())
        }
    }

    private mutating func chainAndRelease() throws(SQLError) -> (Bool?, Bool?) {
        var chain: Bool?
        var release: Bool?
        if accept("AND") {
            chain = !accept("NO")
            try expect("CHAIN")
        }
        if accept("NO", "RELEASE") {
            release = false
        } else if accept("RELEASE") {
            release = true
        }
        return (chain, release)
    }

    // MARK: LOCK TABLES

    mutating func lockTablesStatement() throws(SQLError) -> Statement {
        try expect("LOCK")
        if at("INSTANCE") { throw notSupported("LOCK INSTANCE") }
        guard accept("TABLES") || accept("TABLE") else { throw syntaxError() }
        var locks: [TableLock] = []
        repeat {
            let table = try tableName()
            let alias: String? = (at("READ") || at("WRITE") || at("LOW_PRIORITY")) ? nil : try optionalAlias(allowString: false)
            let mode: TableLock.Mode
            if accept("READ") {
                mode = accept("LOCAL") ? .readLocal : .read
            } else if accept("LOW_PRIORITY") {
                try expect("WRITE")
                mode = .lowPriorityWrite
            } else {
                try expect("WRITE")
                mode = .write
            }
            locks.append(TableLock(table: table, alias: alias, mode: mode))
        } while acceptSymbol(",")
        return .lockTables(locks)
    }

    // MARK: XA

    mutating func xaStatement() throws(SQLError) -> XAStatement {
        try expect("XA")
        guard current.kind == .word else { throw syntaxError() }
        let word = advance().upper
        switch word {
        case "START", "BEGIN":
            var statement = XAStatement(action: .start, xid: try xid())
            if accept("JOIN") || accept("RESUME") { statement.options.append(previous.upper) }
            return statement
        case "END":
            var statement = XAStatement(action: .end, xid: try xid())
            if accept("SUSPEND") {
                statement.options.append(accept("FOR", "MIGRATE") ? "SUSPEND FOR MIGRATE" : "SUSPEND")
            }
            return statement
        case "PREPARE":
            return XAStatement(action: .prepare, xid: try xid())
        case "COMMIT":
            var statement = XAStatement(action: .commit, xid: try xid())
            if accept("ONE", "PHASE") { statement.options.append("ONE PHASE") }
            return statement
        case "ROLLBACK":
            return XAStatement(action: .rollback, xid: try xid())
        case "RECOVER":
            var statement = XAStatement(action: .recover)
            if accept("CONVERT", "XID") { statement.options.append("CONVERT XID") }
            return statement
        default:
            pos -= 1
            throw syntaxError()
        }
    }

    /// gtrid [, bqual [, formatID]].
    private mutating func xid() throws(SQLError) -> [String] {
        var parts: [String] = []
        repeat {
            let t = current
            switch t.kind {
            case .string: parts.append(try stringLiteral())
            case .hex, .integer, .bit:
                advance()
                parts.append(t.text)
            default: throw syntaxError()
            }
        } while acceptSymbol(",") && parts.count < 3
        return parts
    }

    // MARK: maintenance

    mutating func tableMaintenanceStatement() throws(SQLError) -> TableMaintenanceStatement {
        let kind = TableMaintenanceStatement.Kind(rawValue: advance().upper)!
        var options: [String] = []
        if accept("NO_WRITE_TO_BINLOG") || accept("LOCAL") { options.append(previous.upper) }
        guard accept("TABLE") || accept("TABLES") else { throw syntaxError() }
        let tables = try tableNameList()
        if kind == .analyze && (at("UPDATE") || at("DROP")) { throw notSupported("ANALYZE TABLE ... HISTOGRAM") }
        while current.kind == .word {
            let w = current.upper
            guard ["QUICK", "FAST", "MEDIUM", "EXTENDED", "CHANGED", "USE_FRM", "FOR", "UPGRADE"].contains(w) else { break }
            options.append(advance().upper)
        }
        return TableMaintenanceStatement(kind: kind, tables: tables, options: options)
    }
}
