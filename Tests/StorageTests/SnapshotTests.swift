import Foundation
import Protocol
import XCTest
@testable import Storage

final class SnapshotTests: XCTestCase {
    var dir: TempDir!
    var opened: [DatabaseFile] = []

    override func setUp() { dir = TempDir("snapshot") }

    override func tearDown() {
        for db in opened { db.close() }
        dir.remove()
    }

    func node(_ label: String, schema: String...) throws -> DatabaseFile {
        try FileManager.default.createDirectory(atPath: dir.file(label), withIntermediateDirectories: true)
        let db = try DatabaseFile(directory: dir.file(label), name: T.database, options: .simulation)
        opened.append(db)
        if !schema.isEmpty { try db.apply(T.txn(origin: 100, seq: 1, wall: 1, ddl: schema)) }
        return db
    }

    /// Opens snapshot bytes as a database of their own.
    func open(_ snapshot: Snapshot, as label: String) throws -> DatabaseFile {
        try FileManager.default.createDirectory(atPath: dir.file(label), withIntermediateDirectories: true)
        let path = dir.file("\(label)/\(T.database).db")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(snapshot.bytes)))
        let db = try DatabaseFile(path: path, options: .simulation)
        opened.append(db)
        return db
    }

    final class ErrorBox: @unchecked Sendable { var error: Error? }

    func testSnapshotWhileAnotherConnectionWrites() throws {
        let source = try node("source", schema: T.kvDDL)
        let writer = try DatabaseFile(path: source.path, options: .simulation)
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let box = ErrorBox()
        let thread = Thread {
            do {
                for seq in 1...300 {
                    try writer.apply(T.txn(origin: 9, seq: UInt64(seq), wall: UInt64(1000 + seq),
                                           [T.kv(Int64(seq), "row \(seq)"), T.kvUpdate(0, "counter \(seq)")]))
                    if seq == 20 { started.signal() }
                }
            } catch {
                box.error = error
                started.signal()
            }
            done.signal()
        }
        thread.start()
        started.wait()
        var snapshots: [Snapshot] = []
        for _ in 0..<4 { snapshots.append(try source.makeSnapshot()) }
        done.wait()
        writer.close()
        XCTAssertNil(box.error)

        for (i, snapshot) in snapshots.enumerated() {
            let copy = try open(snapshot, as: "copy\(i)")
            let applied = try XCTUnwrap(snapshot.covers.first { $0.origin == NodeID(9) }).applied
            XCTAssertGreaterThanOrEqual(applied, 20)
            // The rows and the stream position come from the same moment.
            XCTAssertEqual(try copy.query("SELECT COUNT(*) FROM kv WHERE k > 0").rows, [[.integer(Int64(applied))]])
            XCTAssertEqual(try copy.query("SELECT v FROM kv WHERE k = 0").rows, [[.text("counter \(applied)")]])
            XCTAssertEqual(try copy.logEntryCount, 0, "the log is stripped")
            // Merged into an empty node, the content is the snapshot's.
            let fresh = try node("fresh\(i)")
            try fresh.mergeSnapshot(snapshot)
            XCTAssertEqual(try fresh.digest(), try copy.digest())
            XCTAssertEqual(try fresh.streamState(origin: NodeID(9)).applied, applied)
            XCTAssertEqual(try fresh.streamState(origin: NodeID(9)).firstAvailable, applied + 1)
            XCTAssertEqual(try fresh.schemaVersion(), 1)
            XCTAssertEqual(try fresh.userTables(), ["kv"])
            // Later transactions continue from there.
            XCTAssertTrue(try fresh.apply(T.txn(origin: 9, seq: applied, wall: 1, [T.kv(1, "dup")])).duplicate)
            try fresh.apply(T.txn(origin: 9, seq: applied + 1, wall: UInt64(1000 + applied + 1),
                                  [T.kv(Int64(applied + 1), "row \(applied + 1)")]))
            XCTAssertEqual(try fresh.streamState(origin: NodeID(9)).applied, applied + 1)
        }
    }

    func testMergeIntoDivergedNodeKeepsNewerRows() throws {
        let t1 = T.txn(origin: 1, seq: 1, wall: 10, [T.kv(1, "a"), T.kv(2, "a"), T.kv(3, "a")])
        let t2 = T.txn(origin: 1, seq: 2, wall: 30, [T.kvUpdate(2, "a-newer"), T.kvDelete(3), T.kvDelete(5)])
        let t3 = T.txn(origin: 2, seq: 1, wall: 20, [T.kvUpdate(2, "b-older"), T.kv(4, "b"), T.kv(5, "b-old")])
        let t4 = T.txn(origin: 2, seq: 2, wall: 40, [T.kvUpdate(1, "b-newest"), T.kv(3, "b-resurrected")])
        let a = try node("a", schema: T.kvDDL)
        let b = try node("b", schema: T.kvDDL)
        try a.apply(t1); try a.apply(t2)
        try b.apply(t1); try b.apply(t3); try b.apply(t4)
        try a.garbageCollect(origin: NodeID(1), through: 2)

        let snapshot = try a.makeSnapshot()
        XCTAssertEqual(snapshot.covers.map(\.origin), [NodeID(1), NodeID(100)])
        try b.mergeSnapshot(snapshot)

        XCTAssertEqual(try b.rows("kv"), [
            [.integer(1), .text("b-newest")],
            [.integer(2), .text("a-newer")],
            [.integer(3), .text("b-resurrected")],
            [.integer(4), .text("b")],
        ])
        XCTAssertEqual(try b.rowVersion(T.key("kv", .integer(5)))?.deleted, true)
        XCTAssertEqual(try b.rowVersion(T.key("kv", .integer(2)))?.version, T.ts(30, 1))
        let s1 = try b.streamState(origin: NodeID(1))
        XCTAssertEqual(s1.applied, 2)
        XCTAssertEqual(s1.firstAvailable, 3)
        XCTAssertEqual(try b.transactions(origin: NodeID(1), after: 0, limit: 10), [], "b's own copy of t1 was dropped")
        XCTAssertEqual(try b.transactions(origin: NodeID(2), after: 0, limit: 10).map(\.sequence), [1, 2])

        // a catches up through the log; both hold the same rows.
        try a.apply(t3); try a.apply(t4)
        XCTAssertEqual(try a.digest(), try b.digest())
        // Merging again changes nothing.
        let before = try b.digest()
        try b.mergeSnapshot(try a.makeSnapshot())
        XCTAssertEqual(try b.digest(), before)
    }

    func testMergeBringsMissingSchema() throws {
        let a = try node("a", schema: T.kvDDL, T.usersDDL)
        try a.apply(T.txn(origin: 1, seq: 1, wall: 5, ddl: ["ALTER TABLE kv ADD COLUMN extra INTEGER DEFAULT 7",
                                                          "CREATE INDEX IF NOT EXISTS kv_v ON kv(v)"]))
        try a.apply(T.txn(origin: 1, seq: 2, wall: 10, [T.kv(1, "x"), T.user(1, "e@x")]))
        let b = try node("b", schema: T.kvDDL)
        try b.mergeSnapshot(try a.makeSnapshot())
        XCTAssertEqual(try b.userTables(), ["kv", "users"])
        XCTAssertEqual(try b.query("SELECT k, v, extra FROM kv").rows, [[.integer(1), .text("x"), .integer(7)]])
        XCTAssertEqual(try b.query("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'kv_v'").rows.count, 1)
        XCTAssertEqual(try b.schemaVersion(), 2)
        XCTAssertEqual(try a.digest(), try b.digest())
    }

    func testGarbageIsRejectedAndChangesNothing() throws {
        let b = try node("b", schema: T.kvDDL)
        let digest = try b.digest()
        XCTAssertThrowsError(try b.mergeSnapshot(bytes: Array("not a database at all, clearly".utf8), covers: [])) { e in
            guard case StorageError.snapshotInvalid = e else { return XCTFail("\(e)") }
        }
        XCTAssertEqual(try b.digest(), digest)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("b")).filter { $0.contains("merge") }, [])
        // Still usable afterwards.
        try b.apply(T.txn(origin: 1, seq: 1, wall: 5, [T.kv(1, "a")]))
    }
}
