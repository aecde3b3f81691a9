import MySQLWire
import XCTest
@testable import Runtime

final class MySQLLexerTests: XCTestCase {
    func testSplitsAtTopLevelSemicolonsOnly() {
        let sql = "SELECT 'a;b' ; SELECT \"c;\" -- x;y\n; /* ; */ SELECT `we;ird`; # tail; \n ;"
        let statements = MySQLStatementText.split(sql)
        XCTAssertEqual(statements.map(\.text), ["SELECT 'a;b'", "SELECT \"c;\" -- x;y", "/* ; */ SELECT `we;ird`"])
    }

    func testBackslashEscapesAndDoubledQuotes() {
        let tokens = MySQLLexer.tokenize(#"SELECT 'o\'k', 'it''s', 'a\\b', 'x\_y', 'nl\n'"#)
        let strings = tokens.compactMap { token -> String? in
            if case .string(let value, _, _) = token.kind { return String(decoding: value, as: UTF8.self) }
            return nil
        }
        XCTAssertEqual(strings, ["o'k", "it's", "a\\b", "x\\_y", "nl\n"])
        let plain = MySQLLexer.tokenize(#"SELECT 'a\'"#, backslashEscapes: false)
        if case .string(let value, _, _) = plain.last?.kind {
            XCTAssertEqual(String(decoding: value, as: UTF8.self), "a\\")
        } else {
            XCTFail("no string")
        }
    }

    func testPlaceholdersVariablesAndHints() {
        let s = MySQLStatementText("INSERT /*+ CONSISTENCY(all) */ INTO t VALUES (?, '?', @a, @@session.sql_mode, ?) -- ?")
        XCTAssertEqual(s.placeholderCount, 2)
        XCTAssertEqual(s.consistencyHint, "ALL")
        XCTAssertTrue(s.significant.contains { $0.kind == .userVariable("a") })
        XCTAssertTrue(s.significant.contains { $0.kind == .systemVariable(scope: "session", name: "sql_mode") })
        XCTAssertNil(MySQLStatementText("SELECT /* CONSISTENCY(ALL) */ 1").consistencyHint)
    }

    func testVersionedCommentsRunTheirContent() {
        let statements = MySQLStatementText.split("/*!40101 SET NAMES utf8mb4 */; /*!40014 SET FOREIGN_KEY_CHECKS=0 */")
        XCTAssertEqual(statements.count, 2)
        if case .set(let assignments) = MySQLSessionStatementParser.parse(statements[0]) {
            XCTAssertEqual(assignments.first?.target, .names(charset: "utf8mb4", collation: nil))
        } else {
            XCTFail("not a SET")
        }
    }

    func testRewriterForSQLite() {
        func rewrite(_ sql: String, _ parameters: [MySQLValue]? = nil) -> String {
            let rewriter = MySQLStatementRewriter(
                dialect: .sqlite, backslashEscapes: true,
                parameters: parameters?.map { MySQLLiteral.sql($0, dialect: .sqlite, backslashEscapes: true) },
                userVariable: { $0 == "a" ? .int(7) : nil },
                systemVariable: { _, name in name == "sql_mode" ? .string("") : nil })
            return rewriter.rewrite(MySQLStatementText(sql))
        }
        XCTAssertEqual(rewrite("SELECT * FROM t WHERE a = 1"), "SELECT * FROM t WHERE a = 1")
        XCTAssertEqual(rewrite(#"INSERT INTO t VALUES ('o\'k', "dq", _binary'ab', _utf8mb4'x') # c"#),
                       "INSERT INTO t VALUES ('o''k', 'dq', X'6162', 'x')  ")
        XCTAssertEqual(rewrite("SELECT ?, ?, ?, ? FROM t WHERE x = @a AND m = @@sql_mode",
                               [.int(-3), .string("it's \\"), .bytes([0, 255]), .null]),
                       "SELECT -3, 'it''s \\', X'00FF', NULL FROM t WHERE x = 7 AND m = ''")
        XCTAssertEqual(rewrite("/*!40101 SET x = 1 */"), "  SET x = 1  ")
    }

    func testMySQLDialectLiterals() {
        XCTAssertEqual(MySQLLiteral.sql(.string("a'b\\c"), dialect: .mysql, backslashEscapes: true), #"'a''b\\c'"#)
        XCTAssertEqual(MySQLLiteral.sql(.string("a'b\\c"), dialect: .mysql, backslashEscapes: false), #"'a''b\c'"#)
        XCTAssertEqual(MySQLLiteral.sql(.string("n\u{0}ul"), dialect: .sqlite, backslashEscapes: true), "CAST(X'6E00756C' AS TEXT)")
        XCTAssertEqual(MySQLLiteral.sql(.decimal("12.50"), dialect: .sqlite, backslashEscapes: true), "12.50")
        XCTAssertEqual(MySQLLiteral.sql(.double(.infinity), dialect: .sqlite, backslashEscapes: true), "NULL")
    }

    func testLikePatterns() {
        XCTAssertTrue(MySQLLikePattern("wp\\_users").matches("wp_users"))
        XCTAssertFalse(MySQLLikePattern("wp\\_users").matches("wpXusers"))
        XCTAssertTrue(MySQLLikePattern("wp_users").matches("wpXusers"))
        XCTAssertTrue(MySQLLikePattern("%char%").matches("CHARACTER_SET_CLIENT"))
        XCTAssertTrue(MySQLLikePattern("a%b%c").matches("aXXbYYc"))
        XCTAssertFalse(MySQLLikePattern("a%b%c").matches("aXXbYY"))
        XCTAssertTrue(MySQLLikePattern("%").matches(""))
    }

    func testRecognisesSessionStatements() {
        func parse(_ sql: String) -> MySQLSessionStatement { MySQLSessionStatementParser.parse(MySQLStatementText(sql)) }
        XCTAssertEqual(parse("use `my db`"), .use("my db"))
        XCTAssertEqual(parse("START TRANSACTION READ WRITE"), .begin)
        XCTAssertEqual(parse("commit work"), .commit(chain: false))
        XCTAssertEqual(parse("ROLLBACK AND CHAIN"), .rollback(chain: true))
        XCTAssertEqual(parse("ROLLBACK TO SAVEPOINT s1"), .rollbackToSavepoint("s1"))
        XCTAssertEqual(parse("SHOW TABLES LIKE 'wp\\_users'"), .showTables(full: false, database: nil, filter: .like("wp\\_users")))
        XCTAssertEqual(parse("SHOW FULL COLUMNS FROM `wp_posts`"), .showColumns(full: true, table: "wp_posts", database: nil, filter: nil))
        XCTAssertEqual(parse("DESCRIBE db.t"), .showColumns(full: false, table: "t", database: "db", filter: nil))
        XCTAssertEqual(parse("SHOW SESSION VARIABLES LIKE 'sql_mode'"), .showVariables(.like("sql_mode")))
        XCTAssertEqual(parse("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"), .setTransaction)
        XCTAssertEqual(parse("CREATE TABLE t (a INT)"), .forward(implicitCommit: true))
        XCTAssertEqual(parse("CREATE TEMPORARY TABLE t (a INT)"), .forward(implicitCommit: false))
        XCTAssertEqual(parse("SELECT 1"), .forward(implicitCommit: false))
        XCTAssertEqual(parse("SELECT @@version, a FROM t"), .forward(implicitCommit: false))
        if case .selectSession(let items, let limit) = parse("select DATABASE(), USER() limit 1") {
            XCTAssertEqual(items.map(\.name), ["DATABASE()", "USER()"])
            XCTAssertEqual(limit, 1)
        } else {
            XCTFail("not answered by the session")
        }
        if case .selectSession(let items, _) = parse("SELECT @@session.auto_increment_increment AS auto_increment_increment, @@tx_isolation iso") {
            XCTAssertEqual(items.map(\.name), ["auto_increment_increment", "iso"])
        } else {
            XCTFail("not answered by the session")
        }
    }
}
