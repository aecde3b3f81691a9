import Protocol
import XCTest
@testable import Storage

final class SystemStoreTests: XCTestCase {
    var dir: TempDir!

    override func setUp() { dir = TempDir("system") }
    override func tearDown() { dir.remove() }

    func testRoundTripsSurviveReopen() throws {
        var store = try SystemStore(directory: dir.path, options: .simulation)
        try store.setUInt64(SystemStore.Key.nodeID, UInt64.max - 3)
        try store.setInteger(SystemStore.Key.incarnation, 4)
        try store.set([(SystemStore.Key.hlcFloorWall, .integer(1_700_000)), (SystemStore.Key.hlcFloorLogical, .integer(3))])
        try store.setString("name", "node-a")
        try store.setBytes(SystemStore.Key.idGenerator, [1, 2, 3])

        let id1 = TransactionID(T.ts(20, 2))
        let id2 = TransactionID(T.ts(10, 5))
        let w1 = WriteSet(database: "app", changes: [T.kv(1, "a")])
        let w2 = WriteSet(database: "app", ddl: [T.kvDDL])
        try store.savePrepared(id: id1, writes: w1)
        try store.savePrepared(id: id2, writes: w2)
        try store.savePrepared(id: TransactionID(T.ts(30, 1)), writes: w1)
        try store.removePrepared(id: TransactionID(T.ts(30, 1)))

        try store.recordAbort(id: id1, reason: .conflict, atWall: 100)
        try store.recordAbort(id: id2, reason: .timeout, atWall: 200)

        let members = [MemberInfo(id: NodeID(3), address: "c:1", incarnation: 2, state: .suspect),
                       MemberInfo(id: NodeID(1), address: "a:1", incarnation: 7, state: .alive)]
        try store.saveMembers(members)
        store.close()

        store = try SystemStore(directory: dir.path, options: .simulation)
        defer { store.close() }
        XCTAssertEqual(try store.getUInt64(SystemStore.Key.nodeID), UInt64.max - 3)
        XCTAssertEqual(try store.integer(SystemStore.Key.incarnation), 4)
        XCTAssertEqual(try store.get(SystemStore.Key.hlcFloorWall), .integer(1_700_000))
        XCTAssertEqual(try store.getString("name"), "node-a")
        XCTAssertEqual(try store.getBytes(SystemStore.Key.idGenerator), [1, 2, 3])
        XCTAssertNil(try store.get("missing"))
        try store.remove("name")
        XCTAssertNil(try store.getString("name"))

        let prepared = try store.loadPrepared()
        XCTAssertEqual(prepared.map(\.id), [id2, id1])
        XCTAssertEqual(prepared.map(\.writes), [w2, w1])

        XCTAssertEqual(try store.abortReason(id: id1), .conflict)
        XCTAssertEqual(try store.abortReason(id: id2), .timeout)
        XCTAssertEqual(try store.pruneAborts(olderThanWall: 150), 1)
        XCTAssertNil(try store.abortReason(id: id1))
        XCTAssertEqual(try store.abortReason(id: id2), .timeout)

        XCTAssertEqual(try store.loadMembers(), members.sorted { $0.id < $1.id })
        try store.saveMembers([members[0]])
        XCTAssertEqual(try store.loadMembers(), [members[0]])
    }
}
