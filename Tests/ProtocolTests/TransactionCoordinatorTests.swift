import XCTest
@testable import Protocol

/// Transcripts of the coordinator: event in, actions out.
final class TransactionCoordinatorTests: XCTestCase {
    let a = NodeID(1), b = NodeID(2), c = NodeID(3)
    var config = ProtocolConfig()

    func txid(_ wall: UInt64 = 100) -> TransactionID { TransactionID(HLCTimestamp(wall: wall, logical: 0, node: a)) }
    let writes = WriteSet(database: "db", changes: [RowChange(kind: .insert, key: RowKey(table: "t", values: [.integer(1)]),
                                                              columns: ["k"], before: nil, after: [.integer(1)])])

    func testQuorumCommitsAfterMajorityAndDurableLocalCommit() {
        var co = TransactionCoordinator(myself: a, config: config)
        let id = txid()
        let begin = co.handle(.begin(id: id, writes: writes, consistency: .quorum, members: [a, b, c], reachable: [a, b, c]), now: 0)
        XCTAssertEqual(begin.filter { if case .send(_, .prepare) = $0 { return true } else { return false } }.count, 2)
        XCTAssertFalse(begin.contains(.commitLocally(id, writes)))
        XCTAssertEqual(co.decision(for: id), .pending)
        // One yes plus the coordinator itself is a majority of three: commit locally first.
        let afterVote = co.handle(.voteReceived(from: b, Vote(transaction: id, yes: true, reason: nil)), now: 5)
        XCTAssertEqual(afterVote, [.commitLocally(id, writes)])
        // Nothing is sent before the local commit is durable.
        let ts = HLCTimestamp(wall: 110, logical: 0, node: a)
        let done = co.handle(.localCommitDone(id, sequence: 1, commitTimestamp: ts), now: 6)
        XCTAssertTrue(done.contains(.send(to: b, .commit(Commit(transaction: id, sequence: 1, commitTimestamp: ts)))))
        XCTAssertTrue(done.contains(.send(to: c, .commit(Commit(transaction: id, sequence: 1, commitTimestamp: ts)))))
        XCTAssertTrue(done.contains(.finished(id, .committed(sequence: 1, commitTimestamp: ts))))
        // A late yes from c gets the decision again.
        let late = co.handle(.voteReceived(from: c, Vote(transaction: id, yes: true, reason: nil)), now: 7)
        XCTAssertEqual(late, [.send(to: c, .commit(Commit(transaction: id, sequence: 1, commitTimestamp: ts)))])
    }

    func testMinorityCannotCommitQuorum() {
        var co = TransactionCoordinator(myself: a, config: config)
        let id = txid()
        // Only a is reachable of three members: QUORUM needs two, fail fast with 1205.
        let actions = co.handle(.begin(id: id, writes: writes, consistency: .quorum, members: [a, b, c], reachable: [a]), now: 0)
        XCTAssertTrue(actions.contains(.finished(id, .aborted(.notEnoughNodes))))
        XCTAssertEqual(AbortReason.notEnoughNodes.mysqlErrorCode, 1205)
    }

    func testPrepareTimeoutAborts() {
        var co = TransactionCoordinator(myself: a, config: config)
        let id = txid()
        let begin = co.handle(.begin(id: id, writes: writes, consistency: .all, members: [a, b, c], reachable: [a, b, c]), now: 0)
        guard case let .setTimer(timer, at)? = begin.last else { return XCTFail("no deadline") }
        XCTAssertEqual(at, config.prepareTimeoutMillis)
        _ = co.handle(.voteReceived(from: b, Vote(transaction: id, yes: true, reason: nil)), now: 1)
        let fired = co.handle(.timerFired(timer), now: at)
        XCTAssertTrue(fired.contains(.finished(id, .aborted(.timeout))))
        XCTAssertTrue(fired.contains(.send(to: b, .abort(Abort(transaction: id, reason: .timeout)))))
        XCTAssertTrue(fired.contains(.abortLocally(id, .timeout)))
        // The stale deadline firing again changes nothing.
        XCTAssertEqual(co.handle(.timerFired(timer), now: at + 1), [])
    }

    func testConflictVotesAbortWith1213WhenLevelUnreachable() {
        var co = TransactionCoordinator(myself: a, config: config)
        let id = txid()
        _ = co.handle(.begin(id: id, writes: writes, consistency: .quorum, members: [a, b, c], reachable: [a, b, c]), now: 0)
        XCTAssertEqual(co.handle(.voteReceived(from: b, Vote(transaction: id, yes: false, reason: .conflict)), now: 1), [])
        let actions = co.handle(.voteReceived(from: c, Vote(transaction: id, yes: false, reason: .conflict)), now: 2)
        XCTAssertTrue(actions.contains(.finished(id, .aborted(.conflict))))
        XCTAssertEqual(AbortReason.conflict.mysqlErrorCode, 1213)
    }

    func testOneCommitsWithoutWaiting() {
        var co = TransactionCoordinator(myself: a, config: config)
        let id = txid()
        let actions = co.handle(.begin(id: id, writes: writes, consistency: .one, members: [a, b, c], reachable: [a, b, c]), now: 0)
        XCTAssertTrue(actions.contains(.commitLocally(id, writes)))
    }

    func testAllNeedsEveryMemberDeadOnesIncluded() {
        var co = TransactionCoordinator(myself: a, config: config)
        let id = txid()
        let actions = co.handle(.begin(id: id, writes: writes, consistency: .all, members: [a, b, c], reachable: [a, b]), now: 0)
        XCTAssertTrue(actions.contains(.finished(id, .aborted(.notEnoughNodes))))
    }

    func testFailedLocalCommitAborts() {
        var co = TransactionCoordinator(myself: a, config: config)
        let id = txid()
        _ = co.handle(.begin(id: id, writes: writes, consistency: .one, members: [a], reachable: [a]), now: 0)
        let actions = co.handle(.localCommitFailed(id), now: 1)
        XCTAssertTrue(actions.contains(.finished(id, .aborted(.rejected))))
    }
}
