import XCTest
@testable import SQL

final class StatementInfoTests: XCTestCase {
    private func info(_ sql: String) throws -> StatementInfo { try Parser.parse(sql).statement.info }

    func testClasses() throws {
        let expectations: [(String, StatementClass)] = [
            ("SELECT 1", .read),
            ("SELECT * FROM t FOR UPDATE", .read),
            ("SELECT * FROM information_schema.TABLES", .metadata),
            ("INSERT INTO t VALUES (1)", .write),
            ("REPLACE INTO t VALUES (1)", .write),
            ("UPDATE t SET a = 1", .write),
            ("DELETE FROM t", .write),
            ("CREATE TABLE t (a INT)", .ddl),
            ("ALTER TABLE t ADD b INT", .ddl),
            ("DROP TABLE t", .ddl),
            ("TRUNCATE t", .ddl),
            ("RENAME TABLE a TO b", .ddl),
            ("CREATE INDEX i ON t (a)", .ddl),
            ("DROP INDEX i ON t", .ddl),
            ("CREATE VIEW v AS SELECT 1", .ddl),
            ("DROP VIEW v", .ddl),
            ("CREATE DATABASE d", .ddl),
            ("ALTER DATABASE d CHARACTER SET utf8mb4", .ddl),
            ("DROP DATABASE d", .ddl),
            ("USE d", .session),
            ("SET autocommit = 0", .session),
            ("LOCK TABLES t WRITE", .session),
            ("UNLOCK TABLES", .session),
            ("BEGIN", .transactionControl),
            ("COMMIT", .transactionControl),
            ("ROLLBACK TO SAVEPOINT s", .transactionControl),
            ("XA START 'x'", .transactionControl),
            ("SHOW TABLES", .metadata),
            ("DESCRIBE t", .metadata),
            ("EXPLAIN SELECT * FROM t", .metadata),
            ("GRANT SELECT ON *.* TO u", .administration),
            ("CREATE USER u", .administration),
            ("REPAIR TABLE t", .administration),
        ]
        for (sql, expected) in expectations {
            XCTAssertEqual(try info(sql).statementClass, expected, sql)
        }
        XCTAssertTrue(try info("SELECT * FROM t LOCK IN SHARE MODE").isLockingRead)
        XCTAssertTrue(try info("SELECT * FROM mysql.user").readsSystemSchema)
    }

    func testTablesWithQualifiersAndModes() throws {
        XCTAssertEqual(try info("INSERT INTO blog.t (a) SELECT x FROM u JOIN blog.v ON u.id = v.id WHERE x IN (SELECT y FROM w)").tables, [
            TableAccess(table: TableName(database: "blog", name: "t"), mode: .write),
            TableAccess(table: TableName(name: "u"), mode: .read),
            TableAccess(table: TableName(database: "blog", name: "v"), mode: .read),
            TableAccess(table: TableName(name: "w"), mode: .read),
        ])
        XCTAssertEqual(try info("UPDATE a JOIN b ON a.id = b.id SET a.x = b.y").tables, [
            TableAccess(table: TableName(name: "a"), mode: .write),
            TableAccess(table: TableName(name: "b"), mode: .read),
        ])
        XCTAssertEqual(try info("DELETE p FROM posts p JOIN meta m ON m.pid = p.id").tables, [
            TableAccess(table: TableName(name: "posts"), mode: .write),
            TableAccess(table: TableName(name: "meta"), mode: .read),
        ])
        XCTAssertEqual(try info("WITH c AS (SELECT * FROM real_t) SELECT * FROM c").tables, [TableAccess(table: TableName(name: "real_t"), mode: .read)])
        XCTAssertEqual(try info("RENAME TABLE a TO db2.b").writtenTables, [TableName(name: "a"), TableName(database: "db2", name: "b")])
        XCTAssertEqual(try info("DROP DATABASE IF EXISTS blog").databases, ["blog"])
        XCTAssertEqual(try info("SHOW TABLES FROM blog").databases, ["blog"])
        XCTAssertEqual(try info("SHOW FULL COLUMNS FROM `wp_options`").tables, [TableAccess(table: TableName(name: "wp_options"), mode: .read)])
    }
}
