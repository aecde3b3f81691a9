import XCTest
@testable import Protocol

final class AntiEntropyTests: XCTestCase {
    let a = NodeID(1), b = NodeID(2)
    var config: ProtocolConfig = {
        var c = ProtocolConfig()
        c.deltaSyncThresholdTransactions = 100
        c.deltaSyncBatchSize = 10
        return c
    }()

    func stream(_ origin: NodeID, applied: UInt64, first: UInt64 = 1, wall: UInt64 = 1000) -> StreamState {
        StreamState(origin: origin, database: "db", applied: applied, firstAvailable: first, appliedWallMillis: wall)
    }

    func testSmallLagPullsDelta() {
        var ae = AntiEntropy(myself: a, config: config)
        let actions = ae.handle(.stateReceived(from: b, SyncState(streams: [stream(b, applied: 20)], schemaVersions: []),
                                               local: [stream(b, applied: 15)]), now: 0)
        XCTAssertTrue(actions.contains(.send(to: b, .changesRequest(ChangesRequest(origin: b, database: "db", after: 15, limit: 10)))))
    }

    func testGapFallsBackToSnapshot() {
        var ae = AntiEntropy(myself: a, config: config)
        let actions = ae.handle(.stateReceived(from: b, SyncState(streams: [stream(b, applied: 20, first: 18)], schemaVersions: []),
                                               local: [stream(b, applied: 15)]), now: 0)
        XCTAssertTrue(actions.contains(.send(to: b, .snapshotRequest(SnapshotRequest(database: "db")))))
    }

    func testLargeLagTakesSnapshot() {
        var ae = AntiEntropy(myself: a, config: config)
        let actions = ae.handle(.stateReceived(from: b, SyncState(streams: [stream(b, applied: 500)], schemaVersions: []), local: []), now: 0)
        XCTAssertTrue(actions.contains(.send(to: b, .snapshotRequest(SnapshotRequest(database: "db")))))
    }

    func testGapReportedInBatchSwitchesToSnapshotAndFullBatchContinues() {
        var ae = AntiEntropy(myself: a, config: config)
        _ = ae.handle(.stateReceived(from: b, SyncState(streams: [stream(b, applied: 30)], schemaVersions: []), local: [stream(b, applied: 5)]), now: 0)
        let cont = ae.handle(.batchApplied(from: b, origin: b, database: "db", local: stream(b, applied: 15), batchWasFull: true, complete: true), now: 1)
        XCTAssertEqual(cont, [.send(to: b, .changesRequest(ChangesRequest(origin: b, database: "db", after: 15, limit: 10)))])
        let gap = ae.handle(.changesReceived(from: b, ChangesBatch(origin: b, database: "db", after: 15, transactions: [], gap: true)), now: 2)
        XCTAssertTrue(gap.contains(.send(to: b, .snapshotRequest(SnapshotRequest(database: "db")))))
    }

    func testSnapshotChunksAssembleInOrder() {
        var ae = AntiEntropy(myself: a, config: config)
        _ = ae.handle(.stateReceived(from: b, SyncState(streams: [stream(b, applied: 500)], schemaVersions: []), local: []), now: 0)
        XCTAssertEqual(ae.handle(.snapshotChunkReceived(from: b, SnapshotChunk(database: "db", snapshotID: 7, offset: 0, bytes: [1, 2], isLast: false, covers: [])), now: 1), [])
        let done = ae.handle(.snapshotChunkReceived(from: b, SnapshotChunk(database: "db", snapshotID: 7, offset: 2, bytes: [3], isLast: true, covers: [stream(b, applied: 500)])), now: 2)
        XCTAssertEqual(done, [.installSnapshot(database: "db", bytes: [1, 2, 3], covers: [stream(b, applied: 500)])])
    }

    func testGCKeepsWhatALivePeerLacksUntilMaxRetention() {
        var ae = AntiEntropy(myself: a, config: config)
        _ = ae.handle(.stateReceived(from: b, SyncState(streams: [stream(a, applied: 40)], schemaVersions: []), local: [stream(a, applied: 90)]), now: 0)
        // Entries up to 80 are past min retention, b has 40: only 40 may go.
        XCTAssertEqual(ae.gcLimit(origin: a, database: "db", livePeers: [b], olderThanMin: 80, olderThanMax: 10), 40)
        // Past max retention wins regardless.
        XCTAssertEqual(ae.gcLimit(origin: a, database: "db", livePeers: [b], olderThanMin: 80, olderThanMax: 60), 60)
        // A dead peer does not hold GC back.
        XCTAssertEqual(ae.gcLimit(origin: a, database: "db", livePeers: [], olderThanMin: 80, olderThanMax: 0), 80)
    }
}

final class AntiEntropyBehindTests: XCTestCase {
    func testBehindBringsTheNextRoundForwardOnce() {
        var config = ProtocolConfig()
        config.antiEntropyIntervalMillis = 60_000
        var ae = AntiEntropy(myself: NodeID(1), config: config)
        _ = ae.handle(.peersChanged([NodeID(2)]), now: 0)
        _ = ae.handle(.start, now: 0)
        let early = ae.handle(.behind, now: 1000)
        guard case let .setTimer(timer, at)? = early.first else { return XCTFail("\(early)") }
        XCTAssertEqual(at, 1000 + AntiEntropy.behindDelayMillis)
        // A burst of missed commits shares the early round.
        XCTAssertEqual(ae.handle(.behind, now: 1010), [])
        let round = ae.handle(.timerFired(timer), now: at)
        XCTAssertTrue(round.contains(.send(to: NodeID(2), .syncStateRequest(SyncStateRequest()))))
    }
}
