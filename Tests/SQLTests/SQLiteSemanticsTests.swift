import Protocol
import XCTest
@testable import SQL

/// Runs translated statements for real and checks MySQL's answers come back.
final class SQLiteSemanticsTests: XCTestCase {
    private var harness: SQLiteHarness!

    override func setUpWithError() throws {
        harness = try SQLiteHarness()
    }

    private func run(_ mysql: String) throws {
        guard let translation = try SQLitePrinter().translate(try Parser.parse(mysql).statement) else { return XCTFail("no SQLite for \(mysql)") }
        for s in translation.statements { try harness.execute(s) }
    }

    private func rows(_ mysql: String) throws -> [[SQLValue]] {
        let statements = try SQLitePrinter().print(try Parser.parse(mysql).statement)
        return try harness.connection.query(statements[0]).rows
    }

    private func value(_ mysqlExpression: String) throws -> SQLValue {
        try rows("SELECT " + mysqlExpression)[0][0]
    }

    func testArithmeticAndLogic() throws {
        XCTAssertEqual(try value("7 DIV 2"), .integer(3))
        XCTAssertEqual(try value("-7 DIV 2"), .integer(-3))
        XCTAssertEqual(try value("7.9 DIV 2"), .integer(3))
        XCTAssertEqual(try value("7 / 2"), .real(3.5))
        XCTAssertEqual(try value("1 / 0"), .null)
        XCTAssertEqual(try value("5 ^ 3"), .integer(6))
        XCTAssertEqual(try value("1 XOR 1"), .integer(0))
        XCTAssertEqual(try value("1 XOR 0"), .integer(1))
        XCTAssertEqual(try value("1 XOR NULL"), .null)
        XCTAssertEqual(try value("NULL <=> NULL"), .integer(1))
        XCTAssertEqual(try value("1 <=> NULL"), .integer(0))
        XCTAssertEqual(try value("0 || 2"), .integer(1))
        XCTAssertEqual(try value("1 && 0"), .integer(0))
        XCTAssertEqual(try value("b'1010' + 0"), .integer(10))
        XCTAssertEqual(try value("X'41'"), .blob([0x41]))
        XCTAssertEqual(try value("IF(2 > 1, 'yes', 'no')"), .text("yes"))
        XCTAssertEqual(try value("CAST('12abc' AS SIGNED)"), .integer(12))
        XCTAssertEqual(try value("CAST(1.5 AS DECIMAL)"), .integer(2))
        XCTAssertEqual(try value("CAST('3.14159' AS DECIMAL(5,2))"), .real(3.14))
        XCTAssertEqual(try value("CAST(12345 AS CHAR(3))"), .text("123"))
        XCTAssertEqual(try value("'a\\0b'"), .text("a\0b"))
        XCTAssertEqual(try value("'it''s \\'quoted\\''"), .text("it's 'quoted'"))
    }

    func testLikeWithMySQLEscapes() throws {
        XCTAssertEqual(try value("'_transient_x' LIKE '\\_transient\\_%'"), .integer(1))
        XCTAssertEqual(try value("'xtransient_x' LIKE '\\_transient\\_%'"), .integer(0))
        XCTAssertEqual(try value("'100%' LIKE '100\\%'"), .integer(1))
        XCTAssertEqual(try value("'1000' LIKE '100\\%'"), .integer(0))
        XCTAssertEqual(try value("'a|b' LIKE 'a||b' ESCAPE '|'"), .integer(1))
    }

    func testRowidAliasAndLimitOffset() throws {
        try run("CREATE TABLE t (id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT, v INT, PRIMARY KEY (id))")
        for v in 1...5 { try run("INSERT INTO t (v) VALUES (\(v * 10))") }
        XCTAssertEqual(try rows("SELECT id, v FROM t ORDER BY id LIMIT 1, 2"), [[.integer(2), .integer(20)], [.integer(3), .integer(30)]])
        XCTAssertEqual(try rows("SELECT rowid = id FROM t LIMIT 1"), [[.integer(1)]])
        try run("UPDATE t SET v = 0 ORDER BY id DESC LIMIT 2")
        XCTAssertEqual(try rows("SELECT id FROM t WHERE v = 0 ORDER BY id"), [[.integer(4)], [.integer(5)]])
        try run("DELETE FROM t WHERE v > 0 ORDER BY v DESC LIMIT 1")
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM t"), [[.integer(4)]])
    }

    func testUpsertIgnoreAndReplace() throws {
        try run("CREATE TABLE wp_options (option_id bigint(20) unsigned NOT NULL auto_increment, option_name varchar(191) NOT NULL default '', option_value longtext NOT NULL, autoload varchar(20) NOT NULL default 'yes', PRIMARY KEY (option_id), UNIQUE KEY option_name (option_name))")
        try run("INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('a', '1', 'yes')")
        try run("INSERT INTO `wp_options` (`option_name`, `option_value`, `autoload`) VALUES ('a', '2', 'no') ON DUPLICATE KEY UPDATE `option_name` = VALUES(`option_name`), `option_value` = VALUES(`option_value`), `autoload` = VALUES(`autoload`)")
        XCTAssertEqual(try rows("SELECT option_id, option_value, autoload FROM wp_options"), [[.integer(1), .text("2"), .text("no")]])
        try run("INSERT INTO wp_options (option_name, option_value) VALUES ('a', '5') AS new ON DUPLICATE KEY UPDATE option_value = option_value + new.option_value")
        XCTAssertEqual(try rows("SELECT option_value FROM wp_options"), [[.text("7")]])
        try run("INSERT IGNORE INTO wp_options (option_name, option_value) VALUES ('a', 'ignored'), ('b', 'new')")
        XCTAssertEqual(try rows("SELECT option_name, option_value FROM wp_options ORDER BY option_name"), [[.text("a"), .text("7")], [.text("b"), .text("new")]])
        try run("REPLACE INTO wp_options (option_name, option_value) VALUES ('b', 'replaced')")
        XCTAssertEqual(try rows("SELECT option_id, option_value FROM wp_options WHERE option_name = 'b'"), [[.integer(3), .text("replaced")]])
        try run("INSERT INTO wp_options (option_name, option_value) SELECT 'a', 'from select' FROM wp_options WHERE option_name = 'b' ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)")
        XCTAssertEqual(try rows("SELECT option_value FROM wp_options WHERE option_name = 'a'"), [[.text("from select")]])
    }

    func testMultiTableStatements() throws {
        try run("CREATE TABLE posts (id INT PRIMARY KEY, title TEXT, flag INT DEFAULT 0)")
        try run("CREATE TABLE meta (meta_id INT AUTO_INCREMENT PRIMARY KEY, post_id INT, k VARCHAR(20), v TEXT)")
        try run("INSERT INTO posts (id, title) VALUES (1, 'one'), (2, 'two'), (3, 'three')")
        try run("INSERT INTO meta (post_id, k, v) VALUES (1, 'x', 'uno'), (2, 'y', 'dos'), (9, 'x', 'orphan')")

        try run("UPDATE posts p JOIN meta m ON m.post_id = p.id SET p.flag = 1 WHERE m.k = 'x'")
        XCTAssertEqual(try rows("SELECT id FROM posts WHERE flag = 1"), [[.integer(1)]])
        try run("UPDATE posts p JOIN meta m ON m.post_id = p.id SET p.title = m.v")
        XCTAssertEqual(try rows("SELECT title FROM posts ORDER BY id"), [[.text("uno")], [.text("dos")], [.text("three")]])

        try run("DELETE m FROM meta m LEFT JOIN posts p ON p.id = m.post_id WHERE p.id IS NULL")
        XCTAssertEqual(try rows("SELECT COUNT(*) FROM meta"), [[.integer(2)]])
        // Both tables: MySQL decides every row before deleting any.
        try run("DELETE p, m FROM posts p JOIN meta m ON m.post_id = p.id WHERE p.id = 1")
        XCTAssertEqual(try rows("SELECT id FROM posts ORDER BY id"), [[.integer(2)], [.integer(3)]])
        XCTAssertEqual(try rows("SELECT post_id FROM meta"), [[.integer(2)]])
        // Self-join on one table (WordPress's transient cleanup).
        try run("CREATE TABLE wp_options (option_id INT AUTO_INCREMENT PRIMARY KEY, option_name VARCHAR(191), option_value TEXT)")
        try run("INSERT INTO wp_options (option_name, option_value) VALUES ('_transient_a', 'v'), ('_transient_timeout_a', '100'), ('_transient_b', 'w'), ('_transient_timeout_b', '999')")
        try run("""
            DELETE a, b FROM wp_options a, wp_options b
            WHERE a.option_name LIKE '\\_transient\\_%' AND a.option_name NOT LIKE '\\_transient\\_timeout\\_%'
            AND b.option_name = CONCAT('_transient_timeout_', SUBSTRING(a.option_name, 12)) AND b.option_value < 500
            """)
        XCTAssertEqual(try rows("SELECT option_name FROM wp_options ORDER BY option_name"), [[.text("_transient_b")], [.text("_transient_timeout_b")]])
    }

    func testDefaultsAndColumnNames() throws {
        try run("CREATE TABLE d (id INT AUTO_INCREMENT PRIMARY KEY, a INT NOT NULL DEFAULT 7, b VARCHAR(5) DEFAULT 'x', c DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00')")
        try run("INSERT INTO d (a, b) VALUES (DEFAULT, 'y'), (1, DEFAULT)")
        try run("INSERT INTO d () VALUES ()")
        XCTAssertEqual(try rows("SELECT a, b, c FROM d ORDER BY id"), [
            [.integer(7), .text("y"), .text("0000-00-00 00:00:00")],
            [.integer(1), .text("x"), .text("0000-00-00 00:00:00")],
            [.integer(7), .text("x"), .text("0000-00-00 00:00:00")],
        ])
        let statements = try SQLitePrinter().print(try Parser.parse("SELECT COUNT( * ), a AS x, d.b, 1+1 FROM d").statement)
        XCTAssertEqual(try harness.connection.query(statements[0]).columns, ["COUNT( * )", "x", "b", "1+1"])
    }
}
