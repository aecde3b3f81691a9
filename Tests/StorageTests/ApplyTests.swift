import Protocol
import XCTest
@testable import Storage

final class ApplyTests: XCTestCase {
    var dir: TempDir!
    var opened: [DatabaseFile] = []

    override func setUp() { dir = TempDir("apply") }

    override func tearDown() {
        for db in opened { db.close() }
        dir.remove()
    }

    /// A fresh node's copy of database "app" with the given schema applied.
    func node(_ label: String, schema: String...) throws -> DatabaseFile {
        try FileManager.default.createDirectory(atPath: dir.file(label), withIntermediateDirectories: true)
        let db = try DatabaseFile(directory: dir.file(label), name: T.database, options: .simulation)
        opened.append(db)
        if !schema.isEmpty { try db.apply(T.txn(origin: 100, seq: 1, wall: 1, ddl: schema)) }
        return db
    }

    func testApplyIsIdempotent() throws {
        let db = try node("a", schema: T.kvDDL)
        let t = T.txn(origin: 1, seq: 1, wall: 10, [T.kv(1, "a"), T.kv(2, "b")])
        let first = try db.apply(t)
        XCTAssertEqual(first.applied, 2)
        XCTAssertTrue(first.wasApplied)
        let digest = try db.digest()
        let second = try db.apply(t)
        XCTAssertTrue(second.duplicate)
        XCTAssertEqual(try db.digest(), digest)
        XCTAssertEqual(try db.logEntryCount, 2) // schema + t
        XCTAssertEqual(try db.rows("kv"), [[.integer(1), .text("a")], [.integer(2), .text("b")]])
    }

    func testBothOrdersGiveTheSameDigest() throws {
        let t1 = T.txn(origin: 1, seq: 1, wall: 10, [T.kv(1, "from1"), T.kv(2, "from1")])
        let t2 = T.txn(origin: 2, seq: 1, wall: 20, [T.kvUpdate(2, "from2"), T.kv(3, "from2"), T.kvDelete(1)])
        let a = try node("a", schema: T.kvDDL)
        let b = try node("b", schema: T.kvDDL)
        try a.apply(t1); try a.apply(t2)
        try b.apply(t2); try b.apply(t1)
        XCTAssertEqual(try a.digest(), try b.digest())
        XCTAssertEqual(try a.rows("kv"), [[.integer(2), .text("from2")], [.integer(3), .text("from2")]])
        XCTAssertEqual(try b.rows("kv"), try a.rows("kv"))
        XCTAssertNotEqual(try a.digest(), try node("c", schema: T.kvDDL).digest())
    }

    func testTombstoneBeatsOlderInsertButNotNewer() throws {
        let db = try node("a", schema: T.kvDDL)
        try db.apply(T.txn(origin: 1, seq: 1, wall: 50, [T.kvDelete(7)]))
        XCTAssertEqual(try db.rowVersion(T.key("kv", .integer(7)))?.deleted, true)
        // An older insert arriving late cannot resurrect the row.
        let older = try db.apply(T.txn(origin: 2, seq: 1, wall: 40, [T.kv(7, "old")]))
        XCTAssertEqual(older.skipped, 1)
        XCTAssertNil(try db.row(T.key("kv", .integer(7))))
        // A newer one can.
        try db.apply(T.txn(origin: 2, seq: 2, wall: 60, [T.kv(7, "new")]))
        XCTAssertEqual(try db.row(T.key("kv", .integer(7))), ["k": .integer(7), "v": .text("new")])
        let v = try XCTUnwrap(try db.rowVersion(T.key("kv", .integer(7))))
        XCTAssertEqual(v.version, T.ts(60, 2))
        XCTAssertFalse(v.deleted)
    }

    func testEqualWallAndLogicalTieBrokenByNode() throws {
        let low = T.txn(origin: 3, seq: 1, wall: 10, [T.kv(1, "node3")])
        let high = T.txn(origin: 4, seq: 1, wall: 10, [T.kv(1, "node4")])
        let a = try node("a", schema: T.kvDDL)
        let b = try node("b", schema: T.kvDDL)
        try a.apply(low); try a.apply(high)
        try b.apply(high); try b.apply(low)
        XCTAssertEqual(try a.row(T.key("kv", .integer(1)))?["v"], .text("node4"))
        XCTAssertEqual(try b.row(T.key("kv", .integer(1)))?["v"], .text("node4"))
        XCTAssertEqual(try a.digest(), try b.digest())
    }

    func testUniqueConflictResolvesByLWWInEveryOrder() throws {
        // Two nodes insert different ids with the same email; the later write keeps it.
        let t1 = T.txn(origin: 1, seq: 1, wall: 10, [T.user(1, "x@example", "first")])
        let t2 = T.txn(origin: 2, seq: 1, wall: 20, [T.user(2, "x@example", "second")])
        // A write to row 1, newer than t1 but older than t2, moving it to a free email.
        let t3 = T.txn(origin: 1, seq: 2, wall: 15, [T.userUpdate(1, "y@example", "late")])
        let orders: [[CommittedTransaction]] = [[t1, t2, t3], [t2, t1, t3], [t1, t3, t2], [t3, t2, t1], [t2, t3, t1]]
        var nodes: [DatabaseFile] = []
        for (i, order) in orders.enumerated() {
            let db = try node("n\(i)", schema: T.usersDDL)
            for t in order { try db.apply(t) }
            nodes.append(db)
        }
        for db in nodes {
            XCTAssertEqual(try db.rows("users"), [[.integer(1), .text("y@example"), .text("late")],
                                                  [.integer(2), .text("x@example"), .text("second")]])
            XCTAssertEqual(try db.digest(), try nodes[0].digest())
            XCTAssertEqual(try db.rowVersion(T.key("users", .integer(1)))?.version, T.ts(15, 1))
        }
        // Without t3, the loser is gone in both orders, tombstoned at its own version.
        let a = try node("a", schema: T.usersDDL)
        let b = try node("b", schema: T.usersDDL)
        try a.apply(t1); try a.apply(t2)
        try b.apply(t2); try b.apply(t1)
        XCTAssertEqual(try a.rows("users"), [[.integer(2), .text("x@example"), .text("second")]])
        XCTAssertEqual(try a.digest(), try b.digest())
        for db in [a, b] {
            let v = try db.rowVersion(T.key("users", .integer(1)))
            XCTAssertEqual(v?.version, T.ts(10, 1))
            XCTAssertEqual(v?.deleted, true)
        }
        // A newer write that takes the email back pushes row 2 out, everywhere.
        let t5 = T.txn(origin: 1, seq: 4, wall: 40, [T.userUpdate(1, "x@example", "wins")])
        for db in nodes + [a, b] { try db.apply(t5) }
        for db in nodes + [a, b] {
            XCTAssertEqual(try db.rows("users"), [[.integer(1), .text("x@example"), .text("wins")]])
            XCTAssertEqual(try db.rowVersion(T.key("users", .integer(2)))?.deleted, true)
            XCTAssertEqual(try db.digest(), try a.digest())
        }
    }

    func testUniqueConflictLoserLosesItsOlderRowToo() throws {
        // Row 1 exists; t1 moves it onto an email that t2 (newer) gives row 2.
        let t0 = T.txn(origin: 1, seq: 1, wall: 5, [T.user(1, "z@example")])
        let t1 = T.txn(origin: 1, seq: 2, wall: 10, [T.userUpdate(1, "x@example")])
        let t2 = T.txn(origin: 2, seq: 1, wall: 20, [T.user(2, "x@example")])
        let a = try node("a", schema: T.usersDDL)
        let b = try node("b", schema: T.usersDDL)
        try a.apply(t0); try a.apply(t1); try a.apply(t2)
        try b.apply(t0); try b.apply(t2); try b.apply(t1)
        XCTAssertEqual(try a.rows("users"), [[.integer(2), .text("x@example"), .text("n")]])
        XCTAssertEqual(try a.digest(), try b.digest())
    }

    func testUniqueValuesMovingWithinOneTransaction() throws {
        let db = try node("a", schema: T.usersDDL)
        try db.apply(T.txn(origin: 1, seq: 1, wall: 10, [T.user(1, "a"), T.user(2, "b")]))
        // Row 1 takes row 2's value while row 2 moves on (row 1 listed first: must wait).
        try db.apply(T.txn(origin: 1, seq: 2, wall: 20, [T.userUpdate(1, "b"), T.userUpdate(2, "c")]))
        XCTAssertEqual(try db.rows("users").map { $0[1] }, [.text("b"), .text("c")])
        // A swap: each row waits on the other.
        try db.apply(T.txn(origin: 1, seq: 3, wall: 30, [T.userUpdate(1, "c"), T.userUpdate(2, "b")]))
        XCTAssertEqual(try db.rows("users").map { $0[1] }, [.text("c"), .text("b")])
        XCTAssertEqual(try db.rowVersion(T.key("users", .integer(1)))?.deleted, false)
        XCTAssertEqual(try db.rowVersion(T.key("users", .integer(2)))?.deleted, false)
    }

    func testSchemaMissingLeavesNothingBehind() throws {
        let db = try node("a", schema: T.kvDDL)
        let digest = try db.digest()
        let streams = try db.streamStates()
        let bad = T.txn(origin: 1, seq: 1, wall: 10, [T.kv(1, "a"), T.insert("later", [.integer(1)], ["id"], [.integer(1)])])
        XCTAssertThrowsError(try db.apply(bad)) { e in
            XCTAssertEqual(e as? StorageError, .schemaMissing(table: "later"))
        }
        XCTAssertEqual(try db.digest(), digest)
        XCTAssertEqual(try db.streamStates(), streams)
        XCTAssertNil(try db.rowVersion(T.key("kv", .integer(1))))
        XCTAssertEqual(try db.logEntryCount, 1)
        // Once the DDL arrives the same transaction applies.
        try db.apply(T.txn(origin: 100, seq: 2, wall: 5, ddl: ["CREATE TABLE IF NOT EXISTS later(id INTEGER PRIMARY KEY)"]))
        XCTAssertEqual(try db.apply(bad).applied, 2)
    }

    func testDDLBumpsSchemaVersionAndDropForgetsVersions() throws {
        let db = try node("a")
        XCTAssertEqual(try db.schemaVersion(), 0)
        try db.apply(T.txn(origin: 1, seq: 1, wall: 1, ddl: [T.kvDDL, "CREATE INDEX IF NOT EXISTS kv_v ON kv(v)"]))
        XCTAssertEqual(try db.schemaVersion(), 1)
        try db.apply(T.txn(origin: 1, seq: 2, wall: 2, [T.kv(1, "a")]))
        XCTAssertEqual(try db.schemaVersion(), 1)
        XCTAssertNotNil(try db.rowVersion(T.key("kv", .integer(1))))
        try db.apply(T.txn(origin: 1, seq: 3, wall: 3, ddl: ["DROP TABLE IF EXISTS kv"]))
        XCTAssertEqual(try db.schemaVersion(), 2)
        XCTAssertEqual(try db.userTables(), [])
        XCTAssertNil(try db.rowVersion(T.key("kv", .integer(1))))
        // A write to the dropped table that arrives late is skipped, not stuck.
        let late = try db.apply(T.txn(origin: 2, seq: 1, wall: 2, [T.kv(9, "late")]))
        XCTAssertEqual(late.skipped, 1)
    }

    func testRowidTablesAndCompositeKeys() throws {
        let db = try node("a", schema: "CREATE TABLE IF NOT EXISTS logs(msg TEXT)",
                          "CREATE TABLE IF NOT EXISTS pairs(a TEXT, b INTEGER, v TEXT, PRIMARY KEY(b, a)) WITHOUT ROWID")
        try db.apply(T.txn(origin: 1, seq: 1, wall: 10, [
            T.insert("logs", [.integer(42)], ["msg"], [.text("hello")]),
            T.insert("pairs", [.integer(7), .text("x")], ["a", "b", "v"], [.text("x"), .integer(7), .text("v1")]),
        ]))
        XCTAssertEqual(try db.query("SELECT rowid, msg FROM logs").rows, [[.integer(42), .text("hello")]])
        try db.apply(T.txn(origin: 1, seq: 2, wall: 11, [
            T.update("logs", [.integer(42)], ["msg"], [.text("bye")]),
            T.update("pairs", [.integer(7), .text("x")], ["a", "b", "v"], [.text("x"), .integer(7), .text("v2")]),
        ]))
        XCTAssertEqual(try db.query("SELECT rowid, msg FROM logs").rows, [[.integer(42), .text("bye")]])
        XCTAssertEqual(try db.row(T.key("pairs", .integer(7), .text("x")))?["v"], .text("v2"))
        try db.apply(T.txn(origin: 1, seq: 3, wall: 12, [T.delete("logs", [.integer(42)])]))
        XCTAssertEqual(try db.query("SELECT COUNT(*) FROM logs").rows, [[.integer(0)]])
    }

    func testImageColumnsUnknownLocallyAreIgnored() throws {
        let db = try node("a", schema: T.kvDDL)
        try db.apply(T.txn(origin: 1, seq: 1, wall: 10, [
            T.insert("kv", [.integer(1)], ["k", "v", "future"], [.integer(1), .text("a"), .integer(5)]),
        ]))
        XCTAssertEqual(try db.rows("kv"), [[.integer(1), .text("a")]])
    }

    func testWrongDatabaseAndBadKeysAreRejected() throws {
        let db = try node("a", schema: T.kvDDL)
        XCTAssertThrowsError(try db.apply(T.txn(origin: 1, seq: 1, wall: 10, database: "other", [T.kv(1, "a")])))
        XCTAssertThrowsError(try db.apply(T.txn(origin: 1, seq: 1, wall: 10, [T.insert("kv", [.integer(1), .integer(2)], ["k"], [.integer(1)])])))
        XCTAssertEqual(try db.streamState(origin: NodeID(1)).applied, 0)
    }
}
