import Protocol
import XCTest
@testable import Storage

final class SQLiteConnectionTests: XCTestCase {
    var dir: TempDir!
    var c: SQLiteConnection!

    override func setUpWithError() throws {
        dir = TempDir("conn")
        c = try SQLiteConnection(path: dir.file("c.db"))
    }

    override func tearDown() {
        c.close()
        dir.remove()
    }

    func testValuesRoundTrip() throws {
        try c.execute("CREATE TABLE t(a, b, c, d, e)")
        let values: [SQLValue] = [.null, .integer(-42), .real(1.5), .text("héllo 'x'"), .blob([0, 1, 255])]
        let r = try c.run("INSERT INTO t VALUES(?, ?, ?, ?, ?)", values)
        XCTAssertEqual(r.changes, 1)
        XCTAssertEqual(r.lastInsertRowID, 1)
        let q = try c.query("SELECT a, b, c, d, e FROM t")
        XCTAssertEqual(q.columns, ["a", "b", "c", "d", "e"])
        XCTAssertEqual(q.rows, [values])
    }

    func testEmptyTextAndBlobAreNotNull() throws {
        try c.execute("CREATE TABLE t(a, b)")
        try c.run("INSERT INTO t VALUES(?, ?)", [.text(""), .blob([])])
        XCTAssertEqual(try c.query("SELECT a, b, a IS NULL, b IS NULL FROM t").rows,
                       [[.text(""), .blob([]), .integer(0), .integer(0)]])
    }

    func testMultiStatementAndParameterCounting() throws {
        let r = try c.perform("CREATE TABLE t(x); INSERT INTO t VALUES(?); INSERT INTO t VALUES(?); SELECT x FROM t ORDER BY x",
                              [.integer(2), .integer(1)])
        XCTAssertEqual(r.rows, [[.integer(1)], [.integer(2)]])
        XCTAssertThrowsError(try c.run("INSERT INTO t VALUES(?)", [])) { e in
            XCTAssertEqual((e as? SQLiteError)?.code, 25) // SQLITE_RANGE
        }
    }

    func testErrorsAreTyped() throws {
        try c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL)")
        try c.run("INSERT INTO t VALUES(1, 'a', 'x')")
        XCTAssertThrowsError(try c.run("INSERT INTO t VALUES(2, 'a', 'x')")) { e in
            let e = e as! SQLiteError
            XCTAssertTrue(e.isConstraintUnique, "\(e)")
            XCTAssertEqual(e.code, 2067)
        }
        XCTAssertThrowsError(try c.run("INSERT INTO t VALUES(1, 'b', 'x')")) { e in
            XCTAssertTrue((e as! SQLiteError).isConstraintPrimaryKey)
        }
        XCTAssertThrowsError(try c.run("INSERT INTO t VALUES(3, 'c', NULL)")) { e in
            XCTAssertTrue((e as! SQLiteError).isConstraintNotNull)
        }
        XCTAssertThrowsError(try c.query("SELECT * FROM missing")) { e in
            let e = e as! SQLiteError
            XCTAssertTrue(e.isNoSuchTable)
            XCTAssertEqual(e.missingTableName, "missing")
            XCTAssertEqual(e.sql, "SELECT * FROM missing")
        }
    }

    func testStatementCacheIsBoundedAndReentrant() throws {
        let small = try SQLiteConnection(path: dir.file("small.db"), cacheCapacity: 3)
        defer { small.close() }
        try small.execute("CREATE TABLE t(x)")
        for i in 0..<10 { try small.run("INSERT INTO t VALUES(\(i))") }
        XCTAssertLessThanOrEqual(small.cachedStatementCount, 3)
        // The same SQL used inside its own row loop gets a second statement.
        var inner = 0
        try small.forEachRow("SELECT x FROM t WHERE x < 3") { _ in
            try small.forEachRow("SELECT x FROM t WHERE x < 3") { _ in inner += 1; return true }
            return true
        }
        XCTAssertEqual(inner, 9)
    }

    func testTransactionStateAndChanges() throws {
        try c.execute("CREATE TABLE t(x)")
        XCTAssertFalse(c.inTransaction)
        try c.execute("BEGIN")
        XCTAssertTrue(c.inTransaction)
        let r = try c.perform("INSERT INTO t VALUES(1), (2)")
        XCTAssertEqual(r.changes, 2)
        XCTAssertEqual(c.changes, 2)
        // A query afterwards reports no changes even though sqlite3_changes still says 2.
        XCTAssertEqual(try c.perform("SELECT * FROM t").changes, 0)
        try c.execute("ROLLBACK")
        XCTAssertFalse(c.inTransaction)
        XCTAssertEqual(try c.scalar("SELECT COUNT(*) FROM t"), .integer(0))
    }
}
