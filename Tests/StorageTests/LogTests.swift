import Protocol
import XCTest
@testable import Storage

final class LogTests: XCTestCase {
    var dir: TempDir!
    var db: DatabaseFile!
    let origin = NodeID(1)

    override func setUpWithError() throws {
        dir = TempDir("log")
        db = try DatabaseFile(directory: dir.path, name: T.database, options: .simulation)
        try db.apply(T.schema(T.kvDDL))
    }

    override func tearDown() {
        db.close()
        dir.remove()
    }

    func t(_ seq: UInt64) -> CommittedTransaction {
        T.txn(origin: 1, seq: seq, wall: 100 + seq, [T.kv(Int64(seq), "v\(seq)")])
    }

    func testAppliedIsTheHighestContiguousSequence() throws {
        try db.apply(t(1))
        try db.apply(t(3))
        try db.apply(t(4))
        var s = try db.streamState(origin: origin)
        XCTAssertEqual(s.applied, 1)
        XCTAssertEqual(s.appliedWallMillis, 101)
        XCTAssertEqual(try db.nextSequence(origin: origin), 5)
        XCTAssertTrue(try db.apply(t(3)).duplicate)
        try db.apply(t(2))
        s = try db.streamState(origin: origin)
        XCTAssertEqual(s.applied, 4)
        XCTAssertEqual(s.appliedWallMillis, 104)
        XCTAssertEqual(s.firstAvailable, 1)
        XCTAssertEqual(try db.streamStates().map(\.origin), [NodeID(1), NodeID(100)])
        XCTAssertEqual(try db.streamStates().map(\.database), [T.database, T.database])
    }

    func testTransactionsAreConsecutive() throws {
        for s: UInt64 in [1, 2, 3, 5] { try db.apply(t(s)) }
        XCTAssertEqual(try db.transactions(origin: origin, after: 0, limit: 10).map(\.sequence), [1, 2, 3])
        XCTAssertEqual(try db.transactions(origin: origin, after: 1, limit: 1).map(\.sequence), [2])
        XCTAssertEqual(try db.transactions(origin: origin, after: 3, limit: 10), [])
        XCTAssertEqual(try db.transactions(origin: origin, after: 4, limit: 10).map(\.sequence), [5])
        XCTAssertEqual(try db.transactions(origin: origin, after: 0, limit: 10).first, t(1))
        XCTAssertEqual(try db.committedTransaction(id: t(2).id), t(2))
        XCTAssertNil(try db.committedTransaction(id: t(9).id))
    }

    func testGarbageCollectionRaisesFirstAvailable() throws {
        for s: UInt64 in 1...5 { try db.apply(t(s)) }
        try db.apply(t(7))
        XCTAssertEqual(try db.logEntryCount, 7)
        XCTAssertEqual(try db.garbageCollect(origin: origin, through: 3), 3)
        var s = try db.streamState(origin: origin)
        XCTAssertEqual(s.firstAvailable, 4)
        XCTAssertEqual(s.applied, 5)
        // The gap: asking for something below first_available yields nothing.
        XCTAssertEqual(try db.transactions(origin: origin, after: 2, limit: 10), [])
        XCTAssertEqual(try db.transactions(origin: origin, after: 3, limit: 10).map(\.sequence), [4, 5])
        // Collected sequences still count as applied.
        XCTAssertTrue(try db.apply(t(2)).duplicate)
        // Clamped to the contiguous mark: 7 (out of order) stays.
        try db.garbageCollect(origin: origin, through: 100)
        s = try db.streamState(origin: origin)
        XCTAssertEqual(s.firstAvailable, 6)
        XCTAssertEqual(try db.logEntryCount, 2) // schema + seq 7
        XCTAssertTrue(try db.apply(t(7)).duplicate)
        XCTAssertEqual(try db.nextSequence(origin: origin), 8)
        XCTAssertEqual(try db.highestSequences(committedBeforeWall: 1_000), [NodeID(100): 1])
    }

    func testLogEntriesOlderThanWall() throws {
        for s: UInt64 in 1...4 { try db.apply(t(s)) }
        let old = try db.logEntries(olderThanWall: 103)
        XCTAssertEqual(old.map(\.origin), [NodeID(1), NodeID(100)])
        XCTAssertEqual(old.map(\.maxSequence), [2, 1])
    }

    func testStateSurvivesReopen() throws {
        try db.apply(t(1))
        try db.apply(t(3))
        let digest = try db.digest()
        db.close()
        db = try DatabaseFile(directory: dir.path, name: T.database, options: .simulation)
        XCTAssertEqual(try db.digest(), digest)
        XCTAssertEqual(try db.streamState(origin: origin).applied, 1)
        try db.apply(t(2))
        XCTAssertEqual(try db.streamState(origin: origin).applied, 3)
    }
}
