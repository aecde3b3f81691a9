import XCTest
@testable import Protocol

final class DDLLockTests: XCTestCase {
    let a = NodeID(1), b = NodeID(2), c = NodeID(3)
    var config: ProtocolConfig = {
        var c = ProtocolConfig()
        c.ddlLockLeaseMillis = 10_000
        c.prepareTimeoutMillis = 500
        c.lockWaitTimeoutMillis = 5_000
        return c
    }()

    func testMajorityGrantsLeaseAndSecondRequesterIsDenied() {
        var la = DDLLock(myself: a, config: config, randomSeed: 1)
        var lb = DDLLock(myself: b, config: config, randomSeed: 2)
        var lc = DDLLock(myself: c, config: config, randomSeed: 3)
        let req = la.handle(.acquire(database: "db", members: [a, b, c], reachable: [a, b, c]), now: 0)
        guard case let .send(_, .lockRequest(r))? = req.first else { return XCTFail("\(req)") }
        let replyB = lb.handle(.requestReceived(from: a, r), now: 1)
        guard case let .send(_, .lockReply(grant))? = replyB.first else { return XCTFail() }
        XCTAssertTrue(grant.granted)
        let acquired = la.handle(.replyReceived(from: b, grant), now: 2)
        XCTAssertEqual(acquired.first, .acquired(database: "db", lease: r.lease, until: Milliseconds(Double(10_000) * DDLLock.usableFraction)))
        // c asks while a holds b's grant: b denies, a denies, c cannot reach a majority.
        let reqC = lc.handle(.acquire(database: "db", members: [a, b, c], reachable: [a, b, c]), now: 3)
        guard case let .send(_, .lockRequest(rc))? = reqC.first else { return XCTFail() }
        guard case let .send(_, .lockReply(denyB))? = lb.handle(.requestReceived(from: c, rc), now: 4).first else { return XCTFail() }
        guard case let .send(_, .lockReply(denyA))? = la.handle(.requestReceived(from: c, rc), now: 4).first else { return XCTFail() }
        XCTAssertFalse(denyB.granted)
        XCTAssertEqual(denyB.heldBy, r.lease)
        _ = lc.handle(.replyReceived(from: b, denyB), now: 5)
        let retry = lc.handle(.replyReceived(from: a, denyA), now: 5)
        XCTAssertTrue(retry.contains { if case .setTimer(let t, _) = $0 { return t.kind == .retry } else { return false } })
    }

    func testGrantExpiresWhenHolderDies() {
        var lb = DDLLock(myself: b, config: config, randomSeed: 2)
        let dead = LockRequest(database: "db", lease: LeaseID(holder: a, counter: 1), durationMillis: 10_000)
        _ = lb.handle(.requestReceived(from: a, dead), now: 0)
        let early = LockRequest(database: "db", lease: LeaseID(holder: c, counter: 1), durationMillis: 10_000)
        guard case let .send(_, .lockReply(r1))? = lb.handle(.requestReceived(from: c, early), now: 9_999).first else { return XCTFail() }
        XCTAssertFalse(r1.granted)
        guard case let .send(_, .lockReply(r2))? = lb.handle(.requestReceived(from: c, early), now: 10_000).first else { return XCTFail() }
        XCTAssertTrue(r2.granted)
    }

    func testHolderLeaseEndsBeforeGrantorsExpire() {
        var la = DDLLock(myself: a, config: config, randomSeed: 1)
        let actions = la.handle(.acquire(database: "db", members: [a], reachable: [a]), now: 100)
        guard case let .acquired(_, _, until)? = actions.first else { return XCTFail("\(actions)") }
        XCTAssertLessThan(until, 100 + config.ddlLockLeaseMillis)
        XCTAssertNotNil(la.heldLease(database: "db", now: until - 1))
        XCTAssertNil(la.heldLease(database: "db", now: until))
    }

    func testGivesUpAfterLockWait() {
        var la = DDLLock(myself: a, config: config, randomSeed: 1)
        var actions = la.handle(.acquire(database: "db", members: [a, b, c], reachable: [a, b, c]), now: 0)
        var now: Milliseconds = 0
        var failed = false
        for _ in 0..<100 where !failed {
            guard let timer = actions.compactMap({ if case .setTimer(let t, let at) = $0 { return (t, at) } else { return nil } }).last else { break }
            now = timer.1
            actions = la.handle(.timerFired(timer.0), now: now)
            failed = actions.contains(.failed(database: "db"))
        }
        XCTAssertTrue(failed)
        XCTAssertLessThanOrEqual(now, config.lockWaitTimeoutMillis)
    }
}
