import MySQLWire
import Node
import Protocol

extension MySQLSession {
    typealias StatementDone = (StatementResult) -> Void

    /// Runs one statement. `parameters`: the values bound to its `?` (prepared statements).
    /// `dryRun`: learning a prepared statement's columns, outside any transaction.
    func run(_ statement: MySQLStatementText, parameters: [MySQLValue]?, dryRun: Bool = false,
             done: @escaping StatementDone) {
        let kind = MySQLSessionStatementParser.parse(statement)
        if case .showWarnings = kind {} else if !dryRun { warnings = [] }
        let ok: () -> Void = { [self] in done(.ok(OKResult(status: status))) }
        switch kind {
        case .use(let name):
            useDatabase(name, done: done)
        case .set(let assignments):
            applySet(assignments, in: statement, parameters: parameters ?? [], index: 0, done: done)
        case .setTransaction, .tableLocks:
            ok()
        case .begin:
            let consistency = consistency(for: statement)
            send("BEGIN", consistency: consistency) { [self] result in
                switch result {
                case .success:
                    inTransaction = true
                    ok()
                case .failure(let e): done(.error(e))
                }
            }
        case .commit(let chain), .rollback(let chain):
            let isCommit = if case .commit = kind { true } else { false }
            endTransaction(commit: isCommit, consistency: consistency(for: statement)) { [self] error in
                if let error { return done(.error(error)) }
                guard chain else { return ok() }
                send("BEGIN") { [self] result in
                    if case .failure(let e) = result { return done(.error(e)) }
                    inTransaction = true
                    ok()
                }
            }
        case .savepoint(let name):
            // Outside a transaction a savepoint is a no-op in autocommit mode.
            if !inTransaction && variables.autocommit { return ok() }
            ensureTransaction { [self] error in
                if let error { return done(.error(error)) }
                forward("SAVEPOINT \(quoted(name))", statement: statement, done: done)
            }
        case .rollbackToSavepoint(let name), .releaseSavepoint(let name):
            guard inTransaction else {
                return done(.error(MySQLErrorMapper.error(1305, "SAVEPOINT \(name) does not exist")))
            }
            let verb = if case .releaseSavepoint = kind { "RELEASE SAVEPOINT" } else { "ROLLBACK TO SAVEPOINT" }
            forward("\(verb) \(quoted(name))", statement: statement, done: done)
        case .selectSession(let items, let limit):
            done(selectSession(items, limit: limit, in: statement, parameters: parameters ?? []))
        case .showDatabases(let filter):
            showDatabases(filter, done: done)
        case .showTables(let full, let db, let filter):
            showTables(full: full, database: db, filter: filter, statement: statement, parameters: parameters, done: done)
        case .showVariables(let filter):
            done(.rows(showVariables(filter)))
        case .showStatus(let filter):
            done(.rows(showStatus(filter)))
        case .showWarnings(let countOnly, let errorsOnly):
            done(.rows(showWarnings(countOnly: countOnly, errorsOnly: errorsOnly)))
        case .showColumns(let full, let table, let db, let filter):
            showColumns(full: full, table: table, database: db, filter: filter, statement: statement,
                        parameters: parameters, done: done)
        case .showCreateTable(let table, let db):
            showCreateTable(table: table, database: db, statement: statement, parameters: parameters, done: done)
        case .forward(let implicitCommit):
            let sql = rewrite(statement, parameters: parameters)
            if dryRun {
                return forward(sql, statement: statement, transactional: false, done: done)
            }
            if implicitCommit {
                // DDL commits an open transaction first, as in MySQL, and never starts one.
                guard inTransaction else { return forward(sql, statement: statement, done: done) }
                return endTransaction(commit: true, consistency: nil) { [self] error in
                    if let error { return done(.error(error)) }
                    forward(sql, statement: statement, done: done)
                }
            }
            ensureTransaction { [self] error in
                if let error { return done(.error(error)) }
                forward(sql, statement: statement, done: done)
            }
        }
    }

    /// The statement text for the node: parameters and variables substituted, and MySQL
    /// lexical forms made SQLite ones when the node speaks SQLite.
    func rewrite(_ statement: MySQLStatementText, parameters: [MySQLValue]?) -> String {
        let dialect = environment.dialect
        let escapes = backslashEscapes
        let literals = parameters?.map { MySQLLiteral.sql($0, dialect: dialect, backslashEscapes: escapes) }
        let variables = self.variables
        let rewriter = MySQLStatementRewriter(
            dialect: dialect, backslashEscapes: escapes, parameters: literals,
            userVariable: { variables.user[$0] },
            systemVariable: { _, name in variables.value(name) })
        return rewriter.rewrite(statement)
    }

    /// The consistency for a statement: its hint, else the session's variable, else the node's default.
    func consistency(for statement: MySQLStatementText) -> Consistency? {
        if let hint = statement.consistencyHint, let level = Consistency(name: hint) { return level }
        return variables.consistency.flatMap { Consistency(name: $0) }
    }

    /// Sends a statement to the node and turns the answer into a result.
    func forward(_ sql: String, statement: MySQLStatementText, transactional: Bool = true, done: @escaping StatementDone) {
        let isInsert = ["INSERT", "REPLACE"].contains(statement.keyword(0) ?? "")
        send(sql, consistency: consistency(for: statement), transactional: transactional) { [self] result in
            switch result {
            case .success(let outcome):
                if !outcome.columns.isEmpty {
                    rowCount = -1
                    foundRows = Int64(outcome.rows.count)
                    done(.rows(MySQLResultBuilder.resultSet(outcome, status: status)))
                } else {
                    forgetDroppedDatabase(statement)
                    rowCount = Int64(outcome.affectedRows)
                    var insertID: UInt64 = 0
                    if isInsert, outcome.affectedRows > 0, outcome.lastInsertID > 0 {
                        insertID = UInt64(outcome.lastInsertID)
                        lastInsertID = insertID
                    }
                    done(.ok(OKResult(affectedRows: UInt64(max(0, outcome.affectedRows)), lastInsertID: insertID, status: status)))
                }
            case .failure(let error):
                // A conflict or timeout ends the transaction, as MySQL rolls it back: a client
                // that retries from BEGIN (sysbench) must find nothing left over.
                guard transactional, inTransaction, error.code == 1213 || error.code == 1205 else {
                    return done(.error(error))
                }
                inTransaction = false
                send("ROLLBACK") { _ in done(.error(error)) }
            }
        }
    }

    /// After DROP DATABASE of the current database no database is selected, as in MySQL.
    private func forgetDroppedDatabase(_ s: MySQLStatementText) {
        guard s.keyword(0) == "DROP", s.keyword(1) == "DATABASE" || s.keyword(1) == "SCHEMA" else { return }
        let name = s.keyword(2) == "IF" ? s.identifier(4) : s.identifier(2)
        if let name, name == database { database = nil }
    }

    /// With autocommit off, the first statement outside a transaction opens one.
    func ensureTransaction(_ completion: @escaping (MySQLError?) -> Void) {
        guard !inTransaction, !variables.autocommit else { return completion(nil) }
        send("BEGIN") { [self] result in
            switch result {
            case .success:
                inTransaction = true
                completion(nil)
            case .failure(let e): completion(e)
            }
        }
    }

    /// COMMIT or ROLLBACK of the open transaction (nothing to do without one). Afterwards the
    /// session is outside any transaction whatever the outcome: a failed COMMIT is rolled back.
    func endTransaction(commit: Bool, consistency: Consistency?, _ completion: @escaping (MySQLError?) -> Void) {
        guard inTransaction else { return completion(nil) }
        send(commit ? "COMMIT" : "ROLLBACK", consistency: consistency) { [self] result in
            inTransaction = false
            switch result {
            case .success: completion(nil)
            case .failure(let e): completion(e)
            }
        }
    }

    /// USE db / COM_INIT_DB.
    func useDatabase(_ name: String, done: @escaping StatementDone) {
        probeDatabase(name) { [self] error in
            if let error { return done(.error(error.code == 1049 ? .unknownDatabase(name) : error)) }
            database = name
            done(.ok(OKResult(status: status)))
        }
    }

    /// An identifier quoted for the node.
    func quoted(_ name: String) -> String {
        switch environment.dialect {
        case .sqlite: return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
        case .mysql: return "`" + name.replacingAll("`", with: "``") + "`"
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
