import Protocol
import XCTest
@testable import Storage

final class ChangeCaptureTests: XCTestCase {
    var dir: TempDir!
    var c: SQLiteConnection!
    var capture: ChangeCapture!

    override func setUpWithError() throws {
        dir = TempDir("capture")
        c = try SQLiteConnection(path: dir.file("c.db"))
        capture = ChangeCapture(connection: c)
        try c.execute("""
            CREATE TABLE kv(k INTEGER PRIMARY KEY, v TEXT);
            CREATE TABLE pairs(a TEXT, b INTEGER, v TEXT, PRIMARY KEY(b, a));
            CREATE TABLE logs(msg TEXT);
            CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT UNIQUE);
            CREATE TABLE wr(code TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
            CREATE TABLE __marmot_internal(x);
            """)
    }

    override func tearDown() {
        capture.stop()
        c.close()
        dir.remove()
    }

    /// Runs `sql` under capture and returns the net changes.
    func captured(_ sql: String) throws -> [RowChange] {
        try capture.start()
        try c.execute(sql)
        return try capture.finish()
    }

    func testInsertUpdateDelete() throws {
        let ins = try captured("INSERT INTO kv VALUES(1, 'a')")
        XCTAssertEqual(ins, [RowChange(kind: .insert, key: T.key("kv", .integer(1)), columns: ["k", "v"],
                                       before: nil, after: [.integer(1), .text("a")])])
        let upd = try captured("UPDATE kv SET v = 'b' WHERE k = 1")
        XCTAssertEqual(upd, [RowChange(kind: .update, key: T.key("kv", .integer(1)), columns: ["k", "v"],
                                       before: [.integer(1), .text("a")], after: [.integer(1), .text("b")])])
        let del = try captured("DELETE FROM kv WHERE k = 1")
        XCTAssertEqual(del, [RowChange(kind: .delete, key: T.key("kv", .integer(1)), columns: ["k", "v"],
                                       before: [.integer(1), .text("b")], after: nil)])
    }

    func testCompositeKeyInPrimaryKeyOrder() throws {
        let changes = try captured("INSERT INTO pairs VALUES('x', 7, 'v')")
        XCTAssertEqual(changes.count, 1)
        // PRIMARY KEY(b, a): key values follow the key's order, not the table's.
        XCTAssertEqual(changes[0].key, T.key("pairs", .integer(7), .text("x")))
        XCTAssertEqual(changes[0].columns, ["a", "b", "v"])
    }

    func testRowidTableKeyedByRowid() throws {
        try c.execute("INSERT INTO logs(rowid, msg) VALUES(41, 'old')")
        let changes = try captured("INSERT INTO logs VALUES('hello'); UPDATE logs SET msg = 'older' WHERE rowid = 41")
        XCTAssertEqual(changes.map(\.key), [T.key("logs", .integer(42)), T.key("logs", .integer(41))])
        XCTAssertEqual(changes.map(\.kind), [.insert, .update])
        XCTAssertEqual(changes[1].before, [.text("old")])
        XCTAssertEqual(changes[1].after, [.text("older")])
    }

    func testWithoutRowidTable() throws {
        try c.execute("INSERT INTO wr VALUES('a', 1)")
        let changes = try captured("UPDATE wr SET n = 2 WHERE code = 'a'; INSERT INTO wr VALUES('b', 5)")
        XCTAssertEqual(changes, [
            RowChange(kind: .update, key: T.key("wr", .text("a")), columns: ["code", "n"],
                      before: [.text("a"), .integer(1)], after: [.text("a"), .integer(2)]),
            RowChange(kind: .insert, key: T.key("wr", .text("b")), columns: ["code", "n"],
                      before: nil, after: [.text("b"), .integer(5)]),
        ])
    }

    func testNoOpUpdateYieldsNothing() throws {
        try c.execute("INSERT INTO kv VALUES(1, 'a')")
        XCTAssertEqual(try captured("UPDATE kv SET v = v"), [])
        XCTAssertEqual(try captured("UPDATE kv SET v = 'z' WHERE k = 1; UPDATE kv SET v = 'a' WHERE k = 1"), [])
    }

    func testKeyChangingUpdateIsDeletePlusInsert() throws {
        try c.execute("INSERT INTO kv VALUES(1, 'a')")
        let changes = try captured("UPDATE kv SET k = 2 WHERE k = 1")
        XCTAssertEqual(changes, [
            RowChange(kind: .delete, key: T.key("kv", .integer(1)), columns: ["k", "v"], before: [.integer(1), .text("a")], after: nil),
            RowChange(kind: .insert, key: T.key("kv", .integer(2)), columns: ["k", "v"], before: nil, after: [.integer(2), .text("a")]),
        ])
    }

    func testCoalescing() throws {
        try c.execute("INSERT INTO kv VALUES(10, 'ten'), (20, 'twenty')")
        let changes = try captured("""
            INSERT INTO kv VALUES(1, 'a'); UPDATE kv SET v = 'a2' WHERE k = 1;
            INSERT INTO kv VALUES(2, 'b'); DELETE FROM kv WHERE k = 2;
            UPDATE kv SET v = 'x' WHERE k = 10; DELETE FROM kv WHERE k = 10;
            DELETE FROM kv WHERE k = 20; INSERT INTO kv VALUES(20, 'new');
            """)
        XCTAssertEqual(changes, [
            // insert then update: the final image
            RowChange(kind: .insert, key: T.key("kv", .integer(1)), columns: ["k", "v"], before: nil, after: [.integer(1), .text("a2")]),
            // insert then delete: nothing; update then delete: delete with the original image
            RowChange(kind: .delete, key: T.key("kv", .integer(10)), columns: ["k", "v"], before: [.integer(10), .text("ten")], after: nil),
            // delete then insert: an update from the original
            RowChange(kind: .update, key: T.key("kv", .integer(20)), columns: ["k", "v"],
                      before: [.integer(20), .text("twenty")], after: [.integer(20), .text("new")]),
        ])
    }

    func testReplaceCapturesTheDeletedConflictingRows() throws {
        try c.execute("INSERT INTO users VALUES(1, 'x'), (2, 'y')")
        // UNIQUE conflict on email: row 1 is deleted by REPLACE.
        let unique = try captured("INSERT OR REPLACE INTO users VALUES(3, 'x')")
        XCTAssertEqual(unique, [
            RowChange(kind: .delete, key: T.key("users", .integer(1)), columns: ["id", "email"], before: [.integer(1), .text("x")], after: nil),
            RowChange(kind: .insert, key: T.key("users", .integer(3)), columns: ["id", "email"], before: nil, after: [.integer(3), .text("x")]),
        ])
        // Primary key conflict: delete + insert of the same key nets to an update.
        let pk = try captured("REPLACE INTO users VALUES(2, 'z')")
        XCTAssertEqual(pk, [
            RowChange(kind: .update, key: T.key("users", .integer(2)), columns: ["id", "email"],
                      before: [.integer(2), .text("y")], after: [.integer(2), .text("z")]),
        ])
        // WITHOUT ROWID primary key conflict.
        try c.execute("INSERT INTO wr VALUES('k', 1)")
        let wr = try captured("INSERT OR REPLACE INTO wr VALUES('k', 2)")
        XCTAssertEqual(wr, [
            RowChange(kind: .update, key: T.key("wr", .text("k")), columns: ["code", "n"],
                      before: [.text("k"), .integer(1)], after: [.text("k"), .integer(2)]),
        ])
    }

    func testInternalTablesAreIgnored() throws {
        XCTAssertEqual(try captured("INSERT INTO __marmot_internal VALUES(1)"), [])
    }

    func testRollbackToMarkDropsAFailedStatement() throws {
        try capture.start()
        try c.execute("INSERT INTO kv VALUES(1, 'a')")
        let mark = capture.mark
        XCTAssertThrowsError(try c.execute("INSERT INTO kv VALUES(2, 'b'), (1, 'dup')"))
        XCTAssertGreaterThan(capture.eventCount, mark) // the hook saw row 2 before the failure
        capture.rollback(to: mark)
        XCTAssertEqual(try capture.finish().map(\.key), [T.key("kv", .integer(1))])
    }

    func testSchemaChangeInsideCapture() throws {
        try c.execute("INSERT INTO kv VALUES(1, 'a')")
        try capture.start()
        try c.execute("UPDATE kv SET v = 'b' WHERE k = 1")
        try c.execute("ALTER TABLE kv ADD COLUMN extra INTEGER DEFAULT 5")
        try c.execute("UPDATE kv SET extra = 6 WHERE k = 1")
        let changes = try capture.finish()
        XCTAssertEqual(changes, [
            RowChange(kind: .update, key: T.key("kv", .integer(1)), columns: ["k", "v", "extra"],
                      before: [.integer(1), .text("a"), .null], after: [.integer(1), .text("b"), .integer(6)]),
        ])
    }

    func testTriggerEffectsAreCaptured() throws {
        try c.execute("CREATE TRIGGER kv_log AFTER INSERT ON kv BEGIN INSERT INTO logs VALUES('added ' || NEW.k); END")
        let changes = try captured("INSERT INTO kv VALUES(5, 'x')")
        XCTAssertEqual(changes.map(\.table), ["kv", "logs"])
    }
}
