import MySQLWire
import Node
import Protocol
import XCTest
@testable import Runtime

/// The session at the statement level, over a real 1-node cluster, without sockets.
final class MySQLSessionTests: XCTestCase {
    var executor: MySQLTestExecutor!

    override func setUpWithError() throws {
        executor = try MySQLTestExecutor()
    }

    override func tearDown() {
        executor.shutdown()
    }

    func makeSession(_ id: UInt32 = 1, database: String? = nil) -> (MySQLSession, MySQLSyncRunner) {
        let runner = MySQLSyncRunner(executor)
        let session = MySQLSession(connectionID: id, environment: MySQLSessionEnvironment(), runner: runner)
        var answered = false
        session.start(SessionInfo(connectionID: id, user: "root", clientHost: "127.0.0.1", database: database,
                                  capabilities: [], characterSet: 45, authPlugin: NativePassword.pluginName)) { response in
            answered = true
            XCTAssertEqual(response, .ok(OKResult(status: .autocommit)))
        }
        XCTAssertTrue(answered)
        return (session, runner)
    }

    /// Runs a COM_QUERY (multi-statements allowed) and returns its results.
    @discardableResult
    func query(_ session: MySQLSession, _ sql: String, file: StaticString = #filePath, line: UInt = #line) -> [StatementResult] {
        var answer: CommandResponse?
        session.query(sql, multiStatements: true) { answer = $0 }
        switch answer {
        case .results(let list)?: return list
        case .error(let e)?: return [.error(e)]
        default:
            XCTFail("no answer to \(sql)", file: file, line: line)
            return []
        }
    }

    func rows(_ session: MySQLSession, _ sql: String, file: StaticString = #filePath, line: UInt = #line) -> [[MySQLValue]] {
        let results = query(session, sql, file: file, line: line)
        guard case .rows(let set)? = results.last else {
            XCTFail("no rows for \(sql): \(results)", file: file, line: line)
            return []
        }
        return set.rows
    }

    func resultSet(_ session: MySQLSession, _ sql: String, file: StaticString = #filePath, line: UInt = #line) -> ResultSet? {
        guard case .rows(let set)? = query(session, sql, file: file, line: line).last else {
            XCTFail("no rows for \(sql)", file: file, line: line)
            return nil
        }
        return set
    }

    func ok(_ session: MySQLSession, _ sql: String, file: StaticString = #filePath, line: UInt = #line) -> OKResult? {
        let results = query(session, sql, file: file, line: line)
        guard case .ok(let r)? = results.last, results.allSatisfy({ if case .error = $0 { false } else { true } }) else {
            XCTFail("not OK: \(sql): \(results)", file: file, line: line)
            return nil
        }
        return r
    }

    func error(_ session: MySQLSession, _ sql: String, file: StaticString = #filePath, line: UInt = #line) -> MySQLError? {
        guard case .error(let e)? = query(session, sql, file: file, line: line).last else {
            XCTFail("no error for \(sql)", file: file, line: line)
            return nil
        }
        return e
    }

    func errorCode(_ answer: CommandResponse?) -> UInt16? {
        switch answer {
        case .error(let e)?: return e.code
        case .results(let list)?: if case .error(let e)? = list.last { return e.code }
        default: break
        }
        return nil
    }

    func single(_ answer: CommandResponse?) -> StatementResult? {
        if case .results(let list)? = answer, list.count == 1 { return list[0] }
        return nil
    }

    // MARK: Answered by the session

    func testVersionCommentAndVariables() throws {
        let (session, runner) = makeSession()
        let set = try XCTUnwrap(resultSet(session, "select @@version_comment limit 1"))
        XCTAssertEqual(set.columns.map(\.name), ["@@version_comment"])
        XCTAssertEqual(set.columns.first?.type, .varString)
        XCTAssertEqual(set.rows.first?.first?.text?.hasPrefix("Marmot"), true)
        XCTAssertEqual(rows(session, "SELECT VERSION()"), [[.string("8.0.36-marmot")]])
        XCTAssertEqual(rows(session, "SELECT DATABASE()"), [[.null]])
        XCTAssertEqual(rows(session, "SELECT CONNECTION_ID()"), [[.uint(1)]])
        XCTAssertEqual(rows(session, "select @@character_set_client, @@character_set_connection, @@character_set_server, @@character_set_database limit 1"),
                       [[.string("utf8mb4"), .string("utf8mb4"), .string("utf8mb4"), .string("utf8mb4")]])
        let many = try XCTUnwrap(resultSet(session, "SELECT @@session.autocommit AS ac, @@GLOBAL.max_allowed_packet, @@tx_isolation, @@transaction_isolation, @@lower_case_table_names, @@time_zone, @@collation_connection"))
        XCTAssertEqual(many.columns.map(\.name), ["ac", "@@GLOBAL.max_allowed_packet", "@@tx_isolation", "@@transaction_isolation",
                                                  "@@lower_case_table_names", "@@time_zone", "@@collation_connection"])
        XCTAssertEqual(many.columns[0].type, .longlong)
        XCTAssertEqual(many.rows, [[.int(1), .int(64 << 20), .string("REPEATABLE-READ"), .string("REPEATABLE-READ"), .int(0),
                                    .string("SYSTEM"), .string("utf8mb4_general_ci")]])
        XCTAssertEqual(rows(session, "SELECT @@version_comment LIMIT 0"), [])
        XCTAssertEqual(error(session, "SELECT @@no_such_thing")?.code, 1193)
        XCTAssertTrue(runner.requests.isEmpty, "answered without the node: \(runner.requests)")
    }

    func testSetIsSessionLocal() throws {
        let (a, _) = makeSession(1)
        let (b, _) = makeSession(2)
        XCTAssertNotNil(ok(a, "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_ci'"))
        XCTAssertEqual(rows(a, "SELECT @@collation_connection"), [[.string("utf8mb4_unicode_ci")]])
        XCTAssertNotNil(ok(a, "SET sql_mode = 'NO_ENGINE_SUBSTITUTION,no_zero_date'"))
        XCTAssertEqual(rows(a, "SELECT @@SESSION.sql_mode"), [[.string("NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE")]])
        XCTAssertEqual(rows(b, "SELECT @@sql_mode").first?.first?.text?.contains("STRICT_TRANS_TABLES"), true)
        XCTAssertNotNil(ok(a, "SET @x = 5, @y := 'text', @@session.wait_timeout = 60, SESSION net_read_timeout = 10"))
        XCTAssertEqual(rows(a, "SELECT @x, @y, @@wait_timeout, @@net_read_timeout, @unset"),
                       [[.int(5), .string("text"), .int(60), .int(10), .null]])
        XCTAssertEqual(rows(b, "SELECT @x"), [[.null]])
        XCTAssertNotNil(ok(a, "SET @sum = 1 + 2 * 3"))
        XCTAssertEqual(rows(a, "SELECT @sum"), [[.int(7)]])
        XCTAssertNotNil(ok(a, "SET wait_timeout = DEFAULT"))
        XCTAssertEqual(rows(a, "SELECT @@wait_timeout"), [[.int(28_800)]])
        XCTAssertEqual(error(a, "SET autocommit = 'maybe'")?.code, 1231)
        XCTAssertEqual(error(a, "SET @@version = 'x'")?.code, 1238)
        XCTAssertNotNil(ok(a, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"))
        let vars = try XCTUnwrap(resultSet(a, "SHOW VARIABLES LIKE 'character\\_set\\_c%'"))
        XCTAssertEqual(vars.columns.map(\.name), ["Variable_name", "Value"])
        XCTAssertEqual(vars.rows.map { $0[0].text ?? "" }, ["character_set_client", "character_set_connection"])
        XCTAssertEqual(rows(a, "SHOW VARIABLES WHERE Variable_name = 'wait_timeout'"), [[.string("wait_timeout"), .string("28800")]])
        XCTAssertEqual(rows(a, "SHOW WARNINGS"), [])
        // A user variable inside a statement for the node becomes its value.
        XCTAssertEqual(rows(a, "SELECT @x + 1 AS n FROM (SELECT 1)"), [[.int(6)]])
    }

    func testSetGlobalLeavesANote() {
        let (session, _) = makeSession()
        XCTAssertEqual(ok(session, "SET GLOBAL max_connections = 10")?.warnings, 1)
        let warnings = rows(session, "SHOW WARNINGS")
        XCTAssertEqual(warnings.first?.first, .string("Note"))
        XCTAssertEqual(rows(session, "SHOW COUNT(*) WARNINGS"), [[.int(1)]])
        XCTAssertEqual(rows(session, "SELECT @@max_connections"), [[.int(10)]])
        XCTAssertEqual(rows(session, "SHOW WARNINGS"), [], "the next statement clears them")
    }

    func testMySQLDialectPassesStatementsThrough() {
        let runner = MySQLSyncRunner(executor)
        let session = MySQLSession(connectionID: 9, environment: MySQLSessionEnvironment(dialect: .mysql), runner: runner)
        var answer: CommandResponse?
        session.query("CREATE TABLE t (a)", multiStatements: false) { answer = $0 }
        session.prepare(id: 1, sql: "SELECT ? AS a, ? AS b FROM t -- comment") { answer = $0 }
        XCTAssertEqual(answer, .prepared(PreparedStatementInfo(parameterCount: 2, columns: [
            ColumnDefinition(name: "a", type: .varString), ColumnDefinition(name: "b", type: .varString)])))
        session.execute(ExecuteRequest(statementID: 1, sql: "", parameters: [.string("x\\y'z"), .bytes([1])],
                                       parameterTypes: [])) { answer = $0 }
        XCTAssertEqual(runner.requests.last?.sql, #"SELECT 'x\\y''z' AS a, X'01' AS b FROM t -- comment"#)
        _ = answer
        session.query(#"INSERT INTO t VALUES ("dq", 'a\'b')"#, multiStatements: false) { answer = $0 }
        XCTAssertEqual(runner.requests.last?.sql, #"INSERT INTO t VALUES ("dq", 'a\'b')"#)
    }

    func testAutocommitFlagFollowsSet() {
        let (session, _) = makeSession()
        XCTAssertTrue(session.status.contains(.autocommit))
        XCTAssertNotNil(ok(session, "SET @@session.autocommit = OFF"))
        XCTAssertFalse(session.status.contains(.autocommit))
        XCTAssertEqual(rows(session, "SELECT @@autocommit"), [[.int(0)]])
        XCTAssertNotNil(ok(session, "SET AUTOCOMMIT = 1"))
        XCTAssertTrue(session.status.contains(.autocommit))
    }

    // MARK: Databases and tables

    func testUseDatabaseAndShow() throws {
        let (session, runner) = makeSession()
        XCTAssertEqual(error(session, "USE nowhere")?.code, 1049)
        XCTAssertEqual(error(session, "USE nowhere")?.sqlState, "42000")
        XCTAssertNotNil(ok(session, "CREATE DATABASE shop"))
        XCTAssertEqual(error(session, "CREATE DATABASE shop")?.code, 1007)
        XCTAssertNotNil(ok(session, "USE shop"))
        XCTAssertEqual(rows(session, "SELECT DATABASE()"), [[.string("shop")]])
        XCTAssertEqual(runner.requests.last?.database, "shop")
        let databases = rows(session, "SHOW DATABASES").map { $0[0].text ?? "" }
        XCTAssertTrue(databases.contains("marmot") && databases.contains("shop"), "\(databases)")
        XCTAssertEqual(rows(session, "SHOW DATABASES LIKE 'sh%'"), [[.string("shop")]])

        XCTAssertNotNil(ok(session, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)"))
        XCTAssertNotNil(ok(session, "CREATE TABLE wp_users (id INTEGER PRIMARY KEY)"))
        XCTAssertNotNil(ok(session, "CREATE TABLE wpXusers (id INTEGER PRIMARY KEY)"))
        let tables = try XCTUnwrap(resultSet(session, "SHOW TABLES"))
        XCTAssertEqual(tables.columns.map(\.name), ["Tables_in_shop"])
        XCTAssertEqual(tables.rows, [[.string("items")], [.string("wpXusers")], [.string("wp_users")]].sorted { ($0[0].text ?? "") < ($1[0].text ?? "") })
        XCTAssertEqual(rows(session, "SHOW TABLES LIKE 'wp\\\\_users'"), [[.string("wp_users")]])
        XCTAssertEqual(rows(session, "SHOW FULL TABLES FROM shop LIKE 'items'"), [[.string("items"), .string("BASE TABLE")]])

        let columns = try XCTUnwrap(resultSet(session, "SHOW COLUMNS FROM items"))
        XCTAssertEqual(columns.columns.map(\.name), ["Field", "Type", "Null", "Key", "Default", "Extra"])
        XCTAssertEqual(columns.rows.map { $0[0].text ?? "" }, ["id", "name", "price"])
        XCTAssertEqual(columns.rows[0][3], .string("PRI"))
        XCTAssertEqual(columns.rows[1][2], .string("NO"))
        XCTAssertEqual(rows(session, "DESCRIBE items price").map { $0[0] }, [.string("price")])
        XCTAssertEqual(error(session, "DESCRIBE missing")?.code, 1146)
        XCTAssertEqual(rows(session, "SHOW CREATE TABLE items").first?[1].text?.hasPrefix("CREATE TABLE items"), true)

        var fields: CommandResponse?
        session.listFields(table: "items", wildcard: "") { fields = $0 }
        guard case .fields(let definitions)? = fields else { return XCTFail("no fields: \(String(describing: fields))") }
        XCTAssertEqual(definitions.map(\.name), ["id", "name", "price"])
        XCTAssertEqual(definitions.map(\.type), [.longlong, .blob, .double])
        XCTAssertTrue(definitions[0].flags.contains(.primaryKey))
        session.listFields(table: "missing", wildcard: "") { fields = $0 }
        XCTAssertEqual(fields, .error(MySQLError(code: 1146, sqlState: "42S02", message: "Table 'shop.missing' doesn't exist")))
    }

    // MARK: Statements through the node

    func testWritesReadsAndTypedResults() throws {
        let (session, _) = makeSession()
        XCTAssertNotNil(ok(session, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB, n INTEGER)"))
        let insert = try XCTUnwrap(ok(session, #"INSERT INTO t (name, score, data) VALUES ('o\'k', 1.5, _binary'\0x'), ("dq", NULL, NULL)"#))
        XCTAssertEqual(insert.affectedRows, 2)
        XCTAssertEqual(insert.lastInsertID, 2)
        XCTAssertEqual(rows(session, "SELECT LAST_INSERT_ID()"), [[.uint(2)]])
        let set = try XCTUnwrap(resultSet(session, "SELECT id, name, score, data, n FROM t ORDER BY id"))
        XCTAssertEqual(set.columns.map(\.type), [.longlong, .varString, .double, .blob, .varString])
        XCTAssertEqual(set.rows, [[.int(1), .string("o'k"), .double(1.5), .bytes([0, UInt8(ascii: "x")]), .null],
                                  [.int(2), .string("dq"), .null, .null, .null]])
        let update = try XCTUnwrap(ok(session, "UPDATE t SET n = 3"))
        XCTAssertEqual(update.affectedRows, 2)
        XCTAssertEqual(update.lastInsertID, 0)
        XCTAssertEqual(rows(session, "SELECT ROW_COUNT()"), [[.int(2)]])
    }

    func testErrorsCarrySQLStateAndLeaveTheSessionUsable() {
        let (session, _) = makeSession()
        XCTAssertNotNil(ok(session, "CREATE TABLE u (id INTEGER PRIMARY KEY)"))
        XCTAssertNotNil(ok(session, "INSERT INTO u VALUES (1)"))
        let duplicate = error(session, "INSERT INTO u VALUES (1)")
        XCTAssertEqual(duplicate?.code, 1062)
        XCTAssertEqual(duplicate?.sqlState, "23000")
        XCTAssertEqual(error(session, "SELECT * FROM nope")?.sqlState, "42S02")
        XCTAssertEqual(error(session, "SELEKT 1")?.sqlState, "42000")
        XCTAssertEqual(error(session, "SELECT nope FROM u")?.sqlState, "42S22")
        XCTAssertEqual(error(session, "CREATE TABLE u (id INTEGER)")?.code, 1050)
        XCTAssertEqual(error(session, "   ")?.code, 1065)
        XCTAssertEqual(rows(session, "SELECT COUNT(*) FROM u"), [[.int(1)]])
    }

    func testMultiStatementsRunInOrderAndStopAtTheFirstError() {
        let (session, _) = makeSession()
        let results = query(session, "CREATE TABLE m (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO m VALUES (1, 'a;b'); SELECT v FROM m; SELECT @@autocommit")
        XCTAssertEqual(results.count, 4)
        guard case .rows(let set) = results[2] else { return XCTFail("\(results)") }
        XCTAssertEqual(set.rows, [[.string("a;b")]])
        let failed = query(session, "INSERT INTO m VALUES (2, 'x'); INSERT INTO m VALUES (2, 'y'); INSERT INTO m VALUES (3, 'z')")
        XCTAssertEqual(failed.count, 2)
        XCTAssertEqual(rows(session, "SELECT id FROM m ORDER BY id"), [[.int(1)], [.int(2)]])
        var answer: CommandResponse?
        session.query("SELECT 1; SELECT 2", multiStatements: false) { answer = $0 }
        XCTAssertEqual(errorCode(answer), 1064)
    }

    func testConsistencyFromSessionVariableAndHint() {
        let (session, runner) = makeSession()
        XCTAssertNotNil(ok(session, "CREATE TABLE c (id INTEGER PRIMARY KEY)"))
        XCTAssertNotNil(ok(session, "INSERT INTO c VALUES (1)"))
        XCTAssertNil(runner.requests.last?.consistency)
        XCTAssertNotNil(ok(session, "SET marmot_consistency = 'ALL'"))
        XCTAssertEqual(rows(session, "SELECT @@marmot_consistency"), [[.string("ALL")]])
        XCTAssertNotNil(ok(session, "INSERT INTO c VALUES (2)"))
        XCTAssertEqual(runner.requests.last?.consistency, .all)
        XCTAssertNotNil(ok(session, "INSERT /*+ CONSISTENCY(ONE) */ INTO c VALUES (3)"))
        XCTAssertEqual(runner.requests.last?.consistency, .one)
        XCTAssertEqual(error(session, "SET marmot_consistency = 'SOME'")?.code, 1231)
        XCTAssertNotNil(ok(session, "SET marmot_consistency = DEFAULT"))
        XCTAssertNotNil(ok(session, "INSERT INTO c VALUES (4)"))
        XCTAssertNil(runner.requests.last?.consistency)
        XCTAssertEqual(runner.requests.last?.session, 1)
    }

    // MARK: Transactions

    func testExplicitTransactionCommitAndRollback() {
        let (a, _) = makeSession(1)
        let (b, _) = makeSession(2)
        XCTAssertNotNil(ok(a, "CREATE TABLE x (id INTEGER PRIMARY KEY, v TEXT)"))
        XCTAssertNotNil(ok(a, "BEGIN"))
        XCTAssertTrue(a.status.contains(.inTransaction))
        XCTAssertNotNil(ok(a, "INSERT INTO x VALUES (1, 'one')"))
        XCTAssertEqual(rows(a, "SELECT v FROM x"), [[.string("one")]], "a transaction reads its own writes")
        XCTAssertEqual(rows(b, "SELECT v FROM x"), [], "nothing visible before COMMIT")
        XCTAssertNotNil(ok(a, "ROLLBACK"))
        XCTAssertFalse(a.status.contains(.inTransaction))
        XCTAssertEqual(rows(a, "SELECT v FROM x"), [])

        XCTAssertNotNil(ok(a, "START TRANSACTION; INSERT INTO x VALUES (2, 'two'); SAVEPOINT s1; INSERT INTO x VALUES (3, 'three'); ROLLBACK TO SAVEPOINT s1; COMMIT"))
        XCTAssertEqual(rows(b, "SELECT id FROM x"), [[.int(2)]])
        XCTAssertEqual(error(a, "RELEASE SAVEPOINT s1")?.code, 1305)
        XCTAssertNotNil(ok(a, "SAVEPOINT outside"), "a savepoint outside a transaction is a no-op")
    }

    func testAutocommitOffOpensTransactionsImplicitly() {
        let (a, runner) = makeSession(1)
        let (b, _) = makeSession(2)
        XCTAssertNotNil(ok(a, "CREATE TABLE y (id INTEGER PRIMARY KEY)"))
        XCTAssertNotNil(ok(a, "SET AUTOCOMMIT = 0"))
        XCTAssertNotNil(ok(a, "INSERT INTO y VALUES (1)"))
        XCTAssertTrue(a.status.contains(.inTransaction))
        XCTAssertEqual(rows(b, "SELECT id FROM y"), [])
        XCTAssertNotNil(ok(a, "COMMIT"))
        XCTAssertFalse(a.status.contains(.inTransaction))
        XCTAssertEqual(rows(b, "SELECT id FROM y"), [[.int(1)]])
        // DDL commits the open transaction first.
        XCTAssertNotNil(ok(a, "INSERT INTO y VALUES (2)"))
        XCTAssertNotNil(ok(a, "CREATE TABLE z (id INTEGER PRIMARY KEY)"))
        XCTAssertFalse(a.status.contains(.inTransaction))
        XCTAssertEqual(rows(b, "SELECT id FROM y ORDER BY id"), [[.int(1)], [.int(2)]])
        // SET autocommit = 1 commits too.
        XCTAssertNotNil(ok(a, "INSERT INTO y VALUES (3)"))
        XCTAssertNotNil(ok(a, "SET autocommit = 1"))
        XCTAssertEqual(rows(b, "SELECT COUNT(*) FROM y"), [[.int(3)]])
        XCTAssertTrue(runner.requests.contains { $0.sql == "BEGIN" && $0.session == 1 })
    }

    func testClosingTheSessionRollsBack() {
        let (a, _) = makeSession(1)
        let (b, _) = makeSession(2)
        XCTAssertNotNil(ok(a, "CREATE TABLE w (id INTEGER PRIMARY KEY)"))
        XCTAssertNotNil(ok(a, "BEGIN; INSERT INTO w VALUES (1)"))
        a.close()
        XCTAssertEqual(rows(b, "SELECT id FROM w"), [])
        XCTAssertNotNil(ok(b, "BEGIN; INSERT INTO w VALUES (5); COMMIT"))
        XCTAssertEqual(rows(b, "SELECT id FROM w"), [[.int(5)]])
    }

    // MARK: Prepared statements

    func testPreparedStatementsSubstituteParameters() throws {
        let (session, _) = makeSession()
        XCTAssertNotNil(ok(session, "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, data BLOB)"))
        var answer: CommandResponse?
        session.prepare(id: 1, sql: "INSERT INTO p VALUES (?, ?, ?)") { answer = $0 }
        XCTAssertEqual(answer, .prepared(PreparedStatementInfo(parameterCount: 3)))
        for (id, name, data) in [(1, "it's a \\ test", [UInt8]([0, 1, 2])), (2, "plain", [])] {
            session.execute(ExecuteRequest(statementID: 1, sql: "INSERT INTO p VALUES (?, ?, ?)",
                                           parameters: [.int(Int64(id)), .string(name), .bytes(data)],
                                           parameterTypes: [])) { answer = $0 }
            guard case .ok(let r)? = single(answer) else { return XCTFail("\(String(describing: answer))") }
            XCTAssertEqual(r.affectedRows, 1)
        }
        session.prepare(id: 2, sql: "SELECT name, data FROM p WHERE id = ?") { answer = $0 }
        guard case .prepared(let info)? = answer else { return XCTFail("\(String(describing: answer))") }
        XCTAssertEqual(info.parameters.count, 1)
        XCTAssertEqual(info.columns.map(\.name), ["name", "data"])
        session.execute(ExecuteRequest(statementID: 2, sql: "", parameters: [.int(1)], parameterTypes: [])) { answer = $0 }
        guard case .rows(let set)? = single(answer) else { return XCTFail("\(String(describing: answer))") }
        XCTAssertEqual(set.rows, [[.string("it's a \\ test"), .bytes([0, 1, 2])]])

        session.prepare(id: 3, sql: "SELECT * FROM missing WHERE id = ?") { answer = $0 }
        XCTAssertEqual(errorCode(answer), 1146)
        session.prepare(id: 4, sql: "BEGIN") { answer = $0 }
        XCTAssertEqual(answer, .prepared(PreparedStatementInfo(parameterCount: 0)))
        session.execute(ExecuteRequest(statementID: 4, sql: "BEGIN", parameters: [], parameterTypes: [])) { answer = $0 }
        XCTAssertTrue(session.status.contains(.inTransaction))
    }

    func testResetConnection() {
        let (session, _) = makeSession()
        XCTAssertNotNil(ok(session, "SET @a = 1, autocommit = 0, sql_mode = ''"))
        XCTAssertNotNil(ok(session, "USE marmot"))
        var answer: CommandResponse?
        session.reset { answer = $0 }
        XCTAssertEqual(answer, .ok(OKResult(status: .autocommit)))
        XCTAssertEqual(rows(session, "SELECT @a, @@autocommit, DATABASE()"), [[.null, .int(1), .string("marmot")]])
    }
}
