import Protocol
import XCTest
@testable import Storage

final class DatabaseCaptureTests: XCTestCase {
    var dir: TempDir!
    var db: DatabaseFile!

    override func setUpWithError() throws {
        dir = TempDir("dbcapture")
        db = try DatabaseFile(directory: dir.path, name: "app", options: .simulation)
        try db.apply(T.schema(T.kvDDL))
    }

    override func tearDown() {
        db.close()
        dir.remove()
    }

    func testCaptureIsRolledBackAndReturnsChanges() throws {
        try db.beginCapture()
        let r = try db.execute("INSERT INTO kv VALUES(?, ?), (?, ?)", params: [.integer(1), .text("a"), .integer(2), .text("b")])
        XCTAssertEqual(r.changes, 2)
        XCTAssertEqual(r.lastInsertRowID, 2)
        let q = try db.execute("SELECT v FROM kv ORDER BY k")
        XCTAssertEqual(q.rows, [[.text("a")], [.text("b")]])
        XCTAssertEqual(q.changes, 0)
        // Reads inside the capture see its own writes.
        XCTAssertEqual(try db.query("SELECT COUNT(*) FROM kv").rows, [[.integer(2)]])
        let changes = try db.endCapture()
        XCTAssertEqual(changes, [T.kv(1, "a"), T.kv(2, "b")])
        XCTAssertFalse(db.isCapturing)
        XCTAssertEqual(try db.query("SELECT COUNT(*) FROM kv").rows, [[.integer(0)]])
    }

    func testDDLIsValidatedThenRolledBack() throws {
        try db.beginCapture()
        try db.execute("CREATE TABLE extra(id INTEGER PRIMARY KEY, name TEXT)")
        try db.execute("INSERT INTO extra VALUES(1, 'x')")
        XCTAssertThrowsError(try db.execute("CREATE TABLE extra(id)"))
        let changes = try db.endCapture()
        XCTAssertEqual(changes.map(\.key), [T.key("extra", .integer(1))])
        XCTAssertEqual(try db.userTables(), ["kv"])
    }

    func testFailedStatementLeavesNoChanges() throws {
        try db.beginCapture()
        try db.execute("INSERT INTO kv VALUES(1, 'a')")
        XCTAssertThrowsError(try db.execute("INSERT INTO kv VALUES(2, 'b'), (1, 'dup')"))
        XCTAssertEqual(try db.endCapture(), [T.kv(1, "a")])
    }

    func testTransactionControlAndInternalWritesAreRefused() throws {
        try db.beginCapture()
        for sql in ["COMMIT", "ROLLBACK", "BEGIN", "SAVEPOINT s", "INSERT INTO __marmot_meta VALUES('x', 1)",
                    "DROP TABLE __marmot_log", "PRAGMA journal_mode=DELETE", "ATTACH DATABASE ':memory:' AS x"] {
            XCTAssertThrowsError(try db.execute(sql), sql) { e in
                guard case StorageError.statementNotAllowed = e else { return XCTFail("\(sql): \(e)") }
            }
        }
        XCTAssertTrue(db.isCapturing)
        XCTAssertNoThrow(try db.execute("PRAGMA table_info(kv)"))
        XCTAssertEqual(try db.endCapture(), [])
        // Outside a capture, only reads.
        XCTAssertThrowsError(try db.execute("INSERT INTO kv VALUES(1, 'a')")) { e in
            XCTAssertEqual(e as? StorageError, .noCaptureInProgress)
        }
        XCTAssertThrowsError(try db.query("DELETE FROM kv")) { e in
            guard case StorageError.statementNotAllowed = e else { return XCTFail("\(e)") }
        }
    }

    func testApplyRefusedDuringCapture() throws {
        try db.beginCapture()
        XCTAssertThrowsError(try db.apply(T.txn(origin: 1, seq: 1, wall: 5, [T.kv(1, "a")]))) { e in
            XCTAssertEqual(e as? StorageError, .captureInProgress)
        }
        db.captureRollback()
        XCTAssertNoThrow(try db.apply(T.txn(origin: 1, seq: 1, wall: 5, [T.kv(1, "a")])))
    }

    func testCapturedChangesApplyOnAnotherNode() throws {
        try db.apply(T.txn(origin: 1, seq: 1, wall: 5, [T.kv(1, "a"), T.kv(2, "b")]))
        try db.beginCapture()
        try db.execute("UPDATE kv SET v = 'A' WHERE k = 1; DELETE FROM kv WHERE k = 2; INSERT INTO kv VALUES(3, 'c')")
        let changes = try db.endCapture()
        XCTAssertEqual(changes.map(\.kind), [.update, .delete, .insert])
        try db.apply(T.txn(origin: 2, seq: 1, wall: 6, changes))
        XCTAssertEqual(try db.rows("kv"), [[.integer(1), .text("A")], [.integer(3), .text("c")]])
    }

    func testWholeTransactionRollbackEndsTheCapture() throws {
        try db.beginCapture()
        try db.execute("INSERT INTO kv VALUES(1, 'a')", [])
        XCTAssertThrowsError(try db.execute("INSERT OR ROLLBACK INTO kv VALUES(1, 'b')")) { e in
            guard case StorageError.captureAborted = e else { return XCTFail("\(e)") }
        }
        XCTAssertFalse(db.isCapturing)
        XCTAssertThrowsError(try db.endCapture())
        try db.beginCapture()
        try db.execute("INSERT INTO kv VALUES(2, 'b')")
        XCTAssertEqual(try db.endCapture(), [T.kv(2, "b")])
    }
}
