import XCTest
@testable import Protocol

final class TransactionParticipantTests: XCTestCase {
    let a = NodeID(1), b = NodeID(2), c = NodeID(3)
    let config = ProtocolConfig()

    func writes(_ k: Int64) -> WriteSet {
        WriteSet(database: "db", changes: [RowChange(kind: .update, key: RowKey(table: "t", values: [.integer(k)]),
                                                     columns: ["k", "v"], before: [.integer(k), .text("x")], after: [.integer(k), .text("y")])])
    }

    func txid(_ node: NodeID, _ wall: UInt64) -> TransactionID { TransactionID(HLCTimestamp(wall: wall, logical: 0, node: node)) }

    func testPersistsBeforeVotingAndConflictsVoteNo() {
        var p = TransactionParticipant(myself: b, config: config)
        let t1 = txid(a, 10), t2 = txid(c, 11)
        let first = p.handle(.prepareReceived(from: a, Prepare(transaction: t1, writes: writes(1))), now: 0)
        XCTAssertEqual(first.first, .persistPrepared(t1, writes(1)))
        XCTAssertEqual(first[1], .send(to: a, .vote(Vote(transaction: t1, yes: true, reason: nil))))
        let second = p.handle(.prepareReceived(from: c, Prepare(transaction: t2, writes: writes(1))), now: 1)
        XCTAssertEqual(second, [.send(to: c, .vote(Vote(transaction: t2, yes: false, reason: .conflict)))])
        // Another key does not conflict.
        let third = p.handle(.prepareReceived(from: c, Prepare(transaction: t2, writes: writes(2))), now: 2)
        XCTAssertEqual(third.first, .persistPrepared(t2, writes(2)))
    }

    func testCommitAppliesAndReleasesIntents() {
        var p = TransactionParticipant(myself: b, config: config)
        let t1 = txid(a, 10)
        _ = p.handle(.prepareReceived(from: a, Prepare(transaction: t1, writes: writes(1))), now: 0)
        XCTAssertEqual(p.intentCount, 1)
        let ts = HLCTimestamp(wall: 12, logical: 0, node: a)
        let actions = p.handle(.commitReceived(from: a, Commit(transaction: t1, sequence: 4, commitTimestamp: ts)), now: 1)
        XCTAssertEqual(actions, [
            .applyCommitted(CommittedTransaction(id: t1, sequence: 4, commitTimestamp: ts, writes: writes(1))),
            .send(to: a, .commitAck(CommitAck(transaction: t1))),
        ])
        XCTAssertEqual(p.intentCount, 0)
    }

    func testSilentCoordinatorIsAskedNeverGuessed() {
        var p = TransactionParticipant(myself: b, config: config)
        p.peers = [a, c]
        let t1 = txid(a, 10)
        let prepared = p.handle(.prepareReceived(from: a, Prepare(transaction: t1, writes: writes(1))), now: 0)
        guard case let .setTimer(timer, at)? = prepared.last else { return XCTFail() }
        XCTAssertEqual(at, config.heartbeatTimeoutMillis)
        let asked = p.handle(.timerFired(timer), now: at)
        let query = Message.decisionQuery(DecisionQuery(transaction: t1, database: "db"))
        XCTAssertTrue(asked.contains(.send(to: a, query)))
        XCTAssertTrue(asked.contains(.send(to: c, query)))
        XCTAssertTrue(p.isPrepared(t1))
        // A peer that knows nothing does not make it abort; "pending" neither.
        XCTAssertEqual(p.handle(.decisionReceived(from: c, DecisionReply(transaction: t1, decision: .unknown)), now: at + 1), [])
        XCTAssertEqual(p.handle(.decisionReceived(from: a, DecisionReply(transaction: t1, decision: .pending)), now: at + 1), [])
        XCTAssertTrue(p.isPrepared(t1))
        // The coordinator itself having no record means it lost it before deciding.
        XCTAssertEqual(p.handle(.decisionReceived(from: a, DecisionReply(transaction: t1, decision: .unknown)), now: at + 2), [.forgetPrepared(t1)])
        XCTAssertEqual(p.intentCount, 0)
    }

    func testPeerKnowingTheCommitResolvesIt() {
        var p = TransactionParticipant(myself: b, config: config)
        let t1 = txid(a, 10)
        _ = p.handle(.prepareReceived(from: a, Prepare(transaction: t1, writes: writes(1))), now: 0)
        let ts = HLCTimestamp(wall: 12, logical: 0, node: a)
        let actions = p.handle(.decisionReceived(from: c, DecisionReply(transaction: t1, decision: .committed(sequence: 2, commitTimestamp: ts))), now: 5)
        XCTAssertEqual(actions.first, .applyCommitted(CommittedTransaction(id: t1, sequence: 2, commitTimestamp: ts, writes: writes(1))))
    }

    func testRestoreRetakesIntentsAndAsksAtOnce() {
        var p = TransactionParticipant(myself: b, config: config)
        let t1 = txid(a, 10)
        let actions = p.handle(.restore([(t1, writes(1))]), now: 50)
        XCTAssertEqual(p.intentCount, 1)
        guard case let .setTimer(_, at)? = actions.first else { return XCTFail() }
        XCTAssertEqual(at, 50)
        let conflict = p.handle(.prepareReceived(from: c, Prepare(transaction: txid(c, 11), writes: writes(1))), now: 51)
        XCTAssertEqual(conflict, [.send(to: c, .vote(Vote(transaction: txid(c, 11), yes: false, reason: .conflict)))])
    }

    func testLocalIntentsBlockRemotePrepares() {
        var p = TransactionParticipant(myself: a, config: config)
        let mine = txid(a, 10)
        XCTAssertEqual(p.handle(.prepareLocal(mine, writes(1)), now: 0), [.localPrepared(mine, conflict: false)])
        let remote = txid(b, 11)
        XCTAssertEqual(p.handle(.prepareReceived(from: b, Prepare(transaction: remote, writes: writes(1))), now: 1),
                       [.send(to: b, .vote(Vote(transaction: remote, yes: false, reason: .conflict)))])
        _ = p.handle(.finishLocal(mine), now: 2)
        XCTAssertEqual(p.intentCount, 0)
    }
}
