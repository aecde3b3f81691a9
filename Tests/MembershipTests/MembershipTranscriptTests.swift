import Protocol
import XCTest

/// One machine at a time: an event, the exact actions expected, the next event.
/// Default config: probe round 1000 ms, ping timeout 300 ms, suspicion 5000 ms, dead
/// re-probe 10000 ms, fanout 3, 3 indirect probes.
final class MembershipTranscriptTests: XCTestCase {
    private let n1 = NodeID(1), n2 = NodeID(2), n3 = NodeID(3), n4 = NodeID(4)

    private func info(_ id: NodeID, _ state: MemberState = .alive, _ incarnation: UInt64 = 0) -> MemberInfo {
        MemberInfo(id: id, address: "addr\(id.rawValue)", incarnation: incarnation, state: state)
    }

    private func machine(
        _ id: NodeID, seeds: [String] = [], known: [MemberInfo] = [], incarnation: UInt64 = 0,
        config: ProtocolConfig = ProtocolConfig(), seed: UInt64 = 42
    ) -> SWIMMembership {
        SWIMMembership(myself: info(id, .alive, incarnation), seedAddresses: seeds, knownMembers: known, config: config, randomSeed: seed)
    }

    private func timer(_ kind: MembershipTimer.Kind, _ token: UInt64) -> MembershipTimer { MembershipTimer(kind: kind, token: token) }

    private func pingTarget(_ actions: [MembershipAction]) -> (NodeID, Ping)? {
        for action in actions { if case .send(let to, .ping(let ping)) = action { return (to, ping) } }
        return nil
    }

    // MARK: Start and join

    func testStartWithoutSeedsOnlySchedulesProbing() {
        var m = machine(n1)
        XCTAssertEqual(m.handle(.start, now: 0), [
            .setTimer(timer(.probeRound, 1), at: 1000),
            .setTimer(timer(.deadProbe, 2), at: 10000),
        ])
        XCTAssertEqual(m.handle(.start, now: 5), [], "a second start is ignored")
        XCTAssertEqual(m.members, [info(n1)])
        XCTAssertEqual(m.quorumMembers, [n1])
        XCTAssertEqual(m.reachableMembers, [n1])
        XCTAssertEqual(m.incarnation, 0)
        XCTAssertFalse(m.isRemoved)
        // Alone: a probe round pings nobody.
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 1)), now: 1000), [.setTimer(timer(.probeRound, 3), at: 2000)])
    }

    func testStartJoinsThroughSeedsAndRetriesUntilAccepted() {
        // Our own address and duplicates are dropped from the seeds.
        var m = machine(n1, seeds: ["seedA", "addr1", "seedB", "seedA"])
        let join = Message.join(Join(member: info(n1)))
        XCTAssertEqual(m.handle(.start, now: 0), [
            .sendToAddress("seedA", join),
            .sendToAddress("seedB", join),
            .setTimer(timer(.joinRetry, 1), at: 2000),
            .setTimer(timer(.probeRound, 2), at: 1000),
            .setTimer(timer(.deadProbe, 3), at: 10000),
        ])
        XCTAssertEqual(m.handle(.timerFired(timer(.joinRetry, 1)), now: 2000), [
            .sendToAddress("seedA", join),
            .sendToAddress("seedB", join),
            .setTimer(timer(.joinRetry, 4), at: 4000),
        ])
        let reply = JoinReply(accepted: true, members: [info(n1), info(n2), info(n3, .suspect, 2)])
        XCTAssertEqual(m.handle(.received(from: n2, .joinReply(reply)), now: 2100), [
            .memberChanged(info(n2)),
            .memberChanged(info(n3, .suspect, 2)),
            .setTimer(timer(.suspicion(n3), 5), at: 7100),
        ])
        XCTAssertEqual(m.handle(.timerFired(timer(.joinRetry, 4)), now: 4000), [], "joined: no more retries")
        XCTAssertEqual(m.members, [info(n1), info(n2), info(n3, .suspect, 2)])
    }

    func testAnyPingStopsTheJoinRetries() {
        var m = machine(n1, seeds: ["seedA"])
        _ = m.handle(.start, now: 0)
        XCTAssertEqual(m.handle(.received(from: n2, .ping(Ping(sequence: 9, updates: []))), now: 500), [
            .send(to: n2, .ack(Ack(sequence: 9, target: n1, updates: [info(n1)]))),
        ])
        XCTAssertEqual(m.handle(.timerFired(timer(.joinRetry, 1)), now: 2000), [])
    }

    func testAJoinIsAnsweredWithTheMemberListAndGossiped() {
        var m = machine(n1)
        _ = m.handle(.start, now: 0)
        XCTAssertEqual(m.handle(.received(from: n2, .join(Join(member: info(n2)))), now: 100), [
            .memberChanged(info(n2)),
            .send(to: n2, .joinReply(JoinReply(accepted: true, members: [info(n1), info(n2)]))),
        ])
        // The next round probes the joiner, piggybacking the news it does not have.
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 1)), now: 1000), [
            .send(to: n2, .ping(Ping(sequence: 1, updates: [info(n1)]))),
            .setTimer(timer(.pingTimeout(n2), 1), at: 1300),
            .setTimer(timer(.probeRound, 3), at: 2000),
        ])
        // A join from a new address at the same incarnation updates the address.
        let moved = MemberInfo(id: n2, address: "elsewhere", incarnation: 0, state: .alive)
        XCTAssertEqual(m.handle(.received(from: n2, .join(Join(member: moved))), now: 1100), [
            .memberChanged(moved),
            .send(to: n2, .joinReply(JoinReply(accepted: true, members: [info(n1), moved]))),
        ])
    }

    // MARK: Probing

    func testAnAnsweredProbeKeepsTheMemberAlive() {
        var m = machine(n1, known: [info(n2)])
        _ = m.handle(.start, now: 0)
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 1)), now: 1000), [
            .send(to: n2, .ping(Ping(sequence: 1, updates: [info(n1)]))),
            .setTimer(timer(.pingTimeout(n2), 1), at: 1300),
            .setTimer(timer(.probeRound, 3), at: 2000),
        ])
        XCTAssertEqual(m.handle(.received(from: n2, .ack(Ack(sequence: 1, target: n2, updates: []))), now: 1010), [])
        XCTAssertEqual(m.handle(.timerFired(timer(.pingTimeout(n2), 1)), now: 1300), [], "acked: no indirect probes")
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 3)), now: 2000), [
            .send(to: n2, .ping(Ping(sequence: 2, updates: [info(n1)]))),
            .setTimer(timer(.pingTimeout(n2), 2), at: 2300),
            .setTimer(timer(.probeRound, 4), at: 3000),
        ])
        XCTAssertEqual(m.state(of: n2), .alive)
    }

    func testAnUnansweredProbeGoesIndirectThenSuspectThenDead() throws {
        var config = ProtocolConfig()
        config.gossipFanout = 1
        var m = machine(n1, known: [info(n2), info(n3)], config: config)
        _ = m.handle(.start, now: 0)

        let round1 = m.handle(.timerFired(timer(.probeRound, 1)), now: 1000)
        let (target, _) = try XCTUnwrap(pingTarget(round1))
        let helper = target == n2 ? n3 : n2
        XCTAssertEqual(round1, [
            .send(to: target, .ping(Ping(sequence: 1, updates: [info(n1)]))),
            .setTimer(timer(.pingTimeout(target), 1), at: 1300),
            .setTimer(timer(.probeRound, 3), at: 2000),
        ])
        // No ack in time: ask the other member to probe on our behalf.
        XCTAssertEqual(m.handle(.timerFired(timer(.pingTimeout(target), 1)), now: 1300), [
            .send(to: helper, .pingRequest(PingRequest(sequence: 1, target: target, updates: [info(n1)]))),
        ])
        // Still nothing at the end of the round: SUSPECT, gossiped, timed; the round robin
        // moves on to the other member.
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 3)), now: 2000), [
            .memberChanged(info(target, .suspect)),
            .setTimer(timer(.suspicion(target), 4), at: 7000),
            .send(to: helper, .ping(Ping(sequence: 2, updates: [info(target, .suspect), info(n1)]))),
            .setTimer(timer(.pingTimeout(helper), 2), at: 2300),
            .setTimer(timer(.probeRound, 5), at: 3000),
        ])
        XCTAssertEqual(m.reachableMembers, [n1, n2, n3], "suspects are still reachable")
        // Not refuted in time: DEAD.
        XCTAssertEqual(m.handle(.timerFired(timer(.suspicion(target), 4)), now: 7000), [.memberChanged(info(target, .dead))])
        XCTAssertEqual(m.state(of: target), .dead)
        XCTAssertEqual(m.quorumMembers, [n1, n2, n3], "dead members count for quorum")
        XCTAssertEqual(m.reachableMembers, [n1, helper])
    }

    func testAnIndirectAckCountsForTheProbe() throws {
        var config = ProtocolConfig()
        config.gossipFanout = 1
        var m = machine(n1, known: [info(n2), info(n3)], config: config)
        _ = m.handle(.start, now: 0)
        let (target, _) = try XCTUnwrap(pingTarget(m.handle(.timerFired(timer(.probeRound, 1)), now: 1000)))
        let helper = target == n2 ? n3 : n2
        _ = m.handle(.timerFired(timer(.pingTimeout(target), 1)), now: 1300)
        // The helper relays the target's ack.
        XCTAssertEqual(m.handle(.received(from: helper, .ack(Ack(sequence: 1, target: target, updates: []))), now: 1400), [])
        let round2 = m.handle(.timerFired(timer(.probeRound, 3)), now: 2000)
        XCTAssertFalse(round2.contains { if case .memberChanged = $0 { return true } else { return false } })
        XCTAssertEqual(m.state(of: target), .alive)
    }

    func testAPingRequestIsRelayed() {
        var m = machine(n2, known: [info(n1), info(n3)])
        XCTAssertEqual(m.handle(.received(from: n1, .pingRequest(PingRequest(sequence: 7, target: n3, updates: []))), now: 100), [
            .send(to: n3, .ping(Ping(sequence: 1, updates: []))),
        ])
        XCTAssertEqual(m.handle(.received(from: n3, .ack(Ack(sequence: 1, target: n3, updates: []))), now: 110), [
            .send(to: n1, .ack(Ack(sequence: 7, target: n3, updates: []))),
        ])
        XCTAssertEqual(m.handle(.received(from: n3, .ack(Ack(sequence: 1, target: n3, updates: []))), now: 120), [], "relayed once")
    }

    func testDeadMembersArePingedOnceEveryDeadTimeout() {
        var m = machine(n1, known: [info(n2), info(n3)])
        _ = m.handle(.start, now: 0)
        _ = m.handle(.received(from: n2, .ping(Ping(sequence: 1, updates: [info(n3, .dead, 4)]))), now: 10)
        // The ping tells n3 it is held DEAD, so that it can refute.
        XCTAssertEqual(m.handle(.timerFired(timer(.deadProbe, 2)), now: 10000), [
            .send(to: n3, .ping(Ping(sequence: 1, updates: [info(n3, .dead, 4), info(n1)]))),
            .setTimer(timer(.deadProbe, 3), at: 20000),
        ])
        // Its refutation makes it ALIVE again.
        XCTAssertEqual(m.handle(.received(from: n3, .ack(Ack(sequence: 1, target: n3, updates: [info(n3, .alive, 5)]))), now: 10010), [
            .memberChanged(info(n3, .alive, 5)),
        ])
        XCTAssertEqual(m.reachableMembers, [n1, n2, n3])
    }

    // MARK: Gossip precedence and refutation

    func testRefutesSuspicionAndDeathAboutItself() {
        var m = machine(n1)
        XCTAssertEqual(m.handle(.received(from: n2, .ping(Ping(sequence: 3, updates: [info(n1, .suspect, 0)]))), now: 0), [
            .memberChanged(info(n1, .alive, 1)),
            .send(to: n2, .ack(Ack(sequence: 3, target: n1, updates: [info(n1, .alive, 1)]))),
        ])
        XCTAssertEqual(m.incarnation, 1)
        XCTAssertEqual(m.handle(.received(from: n3, .ping(Ping(sequence: 4, updates: [info(n1, .dead, 3)]))), now: 10), [
            .memberChanged(info(n1, .alive, 4)),
            .send(to: n3, .ack(Ack(sequence: 4, target: n1, updates: [info(n1, .alive, 4)]))),
        ])
        // An older claim does not bump, but the sender is told our current record.
        XCTAssertEqual(m.handle(.received(from: n3, .ping(Ping(sequence: 5, updates: [info(n1, .suspect, 2)]))), now: 20), [
            .send(to: n3, .ack(Ack(sequence: 5, target: n1, updates: [info(n1, .alive, 4)]))),
        ])
        XCTAssertEqual(m.incarnation, 4)
        XCTAssertEqual(m.state(of: n1), .alive)
    }

    func testPrecedenceOfUpdatesAboutOthers() {
        var m = machine(n1, known: [info(n2, .alive, 3)])
        func hear(_ update: MemberInfo) -> [MembershipAction] {
            m.handle(.received(from: n4, .ack(Ack(sequence: 99, target: n4, updates: [update]))), now: 0)
                .filter { if case .memberChanged = $0 { return true } else { return false } }
        }
        XCTAssertEqual(hear(info(n2, .alive, 2)), [], "lower incarnation loses")
        XCTAssertEqual(hear(info(n2, .alive, 3)), [], "nothing new")
        XCTAssertEqual(hear(info(n2, .suspect, 3)), [.memberChanged(info(n2, .suspect, 3))], "more severe wins at equal incarnation")
        XCTAssertEqual(hear(info(n2, .alive, 3)), [], "less severe loses at equal incarnation")
        XCTAssertEqual(hear(info(n2, .dead, 3)), [.memberChanged(info(n2, .dead, 3))])
        XCTAssertEqual(hear(info(n2, .suspect, 3)), [])
        XCTAssertEqual(hear(info(n2, .alive, 4)), [.memberChanged(info(n2, .alive, 4))], "higher incarnation wins")
        XCTAssertEqual(hear(info(n2, .removed, 4)), [.memberChanged(info(n2, .removed, 4))])
        // REMOVED is sticky: ALIVE and SUSPECT never undo it (a higher claim only raises
        // the REMOVED record's incarnation), DEAD above it is an allow.
        XCTAssertEqual(hear(info(n2, .alive, 4)), [])
        XCTAssertEqual(hear(info(n2, .dead, 4)), [])
        XCTAssertEqual(hear(info(n2, .suspect, 6)), [.memberChanged(info(n2, .removed, 6))])
        XCTAssertEqual(m.state(of: n2), .removed)
        XCTAssertEqual(hear(info(n2, .removed, 5)), [])
        XCTAssertEqual(hear(info(n2, .removed, 7)), [.memberChanged(info(n2, .removed, 7))])
        XCTAssertEqual(hear(info(n2, .dead, 8)), [.memberChanged(info(n2, .dead, 8))])
        // Newly learned members are reported too.
        XCTAssertEqual(hear(info(n3, .dead, 1)), [.memberChanged(info(n3, .dead, 1))])
    }

    func testARefutationHeardDirectlyClearsTheSuspicion() {
        var m = machine(n1, known: [info(n2)])
        XCTAssertEqual(m.handle(.received(from: n3, .ack(Ack(sequence: 1, target: n3, updates: [info(n2, .suspect)]))), now: 0), [
            .memberChanged(info(n2, .suspect)),
            .setTimer(timer(.suspicion(n2), 1), at: 5000),
        ])
        XCTAssertEqual(m.handle(.received(from: n2, .ping(Ping(sequence: 1, updates: [info(n2, .alive, 1)]))), now: 100), [
            .memberChanged(info(n2, .alive, 1)),
            .send(to: n2, .ack(Ack(sequence: 1, target: n1, updates: []))),
        ])
        XCTAssertEqual(m.handle(.timerFired(timer(.suspicion(n2), 1)), now: 5000), [], "the suspicion timer is stale")
        XCTAssertEqual(m.state(of: n2), .alive)
    }

    // MARK: Remove and allow

    func testRemoveAndAllowOfAnotherMember() {
        var m = machine(n1, known: [info(n2, .alive, 2)])
        _ = m.handle(.start, now: 0)
        XCTAssertEqual(m.handle(.remove(n2), now: 10), [.memberChanged(info(n2, .removed, 2))])
        XCTAssertEqual(m.handle(.remove(n2), now: 11), [])
        XCTAssertEqual(m.quorumMembers, [n1])
        XCTAssertEqual(m.reachableMembers, [n1])
        // Removed members are not probed.
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 1)), now: 1000), [.setTimer(timer(.probeRound, 3), at: 2000)])
        // Its join is refused, even with a higher incarnation (which the record takes on).
        XCTAssertEqual(m.handle(.received(from: n2, .join(Join(member: info(n2, .alive, 5)))), now: 1100), [
            .memberChanged(info(n2, .removed, 5)),
            .send(to: n2, .joinReply(JoinReply(accepted: false, members: [info(n1), info(n2, .removed, 5)]))),
        ])
        XCTAssertEqual(m.handle(.allow(n2), now: 2000), [.memberChanged(info(n2, .dead, 6))])
        XCTAssertEqual(m.handle(.allow(n2), now: 2001), [], "only a REMOVED member can be allowed")
        XCTAssertEqual(m.quorumMembers, [n1, n2])
        // Allowed: the dead-member re-probe finds it.
        let probe = m.handle(.timerFired(timer(.deadProbe, 2)), now: 10000)
        XCTAssertEqual(probe.first, .send(to: n2, .ping(Ping(sequence: 1, updates: [info(n2, .dead, 6), info(n1)]))))
    }

    func testARemovedNodeAnswersNothingButAcksUntilAllowed() {
        var m = machine(n2, seeds: ["addr1"], incarnation: 3)
        _ = m.handle(.start, now: 0)  // tokens 1 (join retry), 2 (round), 3 (dead probe)
        let refused = JoinReply(accepted: false, members: [info(n1), info(n2, .removed, 1)])
        XCTAssertEqual(m.handle(.received(from: n1, .joinReply(refused)), now: 10), [
            .memberChanged(info(n1)),
            .memberChanged(info(n2, .removed, 3)),
        ])
        XCTAssertTrue(m.isRemoved)
        XCTAssertEqual(m.incarnation, 3, "our incarnation never goes down")
        XCTAssertEqual(m.quorumMembers, [n1])
        XCTAssertEqual(m.reachableMembers, [n1])

        XCTAssertEqual(m.handle(.timerFired(timer(.joinRetry, 1)), now: 2000), [], "no more joins")
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 2)), now: 1000), [], "no probing")
        XCTAssertEqual(m.handle(.timerFired(timer(.deadProbe, 3)), now: 10000), [])
        XCTAssertEqual(m.handle(.received(from: n4, .join(Join(member: info(n4)))), now: 10), [])
        XCTAssertEqual(m.handle(.received(from: n1, .pingRequest(PingRequest(sequence: 1, target: n4, updates: []))), now: 10), [])
        XCTAssertEqual(m.handle(.received(from: n1, .ping(Ping(sequence: 8, updates: [info(n2, .removed, 1)]))), now: 20), [
            .send(to: n1, .ack(Ack(sequence: 8, target: n2, updates: []))),
        ])
        // ALIVE, SUSPECT or an old DEAD about us change nothing.
        XCTAssertEqual(m.handle(.received(from: n1, .ping(Ping(sequence: 9, updates: [info(n2, .dead, 1), info(n2, .suspect, 7)]))), now: 30), [
            .send(to: n1, .ack(Ack(sequence: 9, target: n2, updates: []))),
        ])
        XCTAssertTrue(m.isRemoved)

        // DEAD above the removal is the operator's allow: refute it and resume.
        XCTAssertEqual(m.handle(.received(from: n1, .ping(Ping(sequence: 10, updates: [info(n2, .dead, 2)]))), now: 40), [
            .memberChanged(info(n2, .alive, 4)),
            .setTimer(timer(.probeRound, 4), at: 1040),
            .setTimer(timer(.deadProbe, 5), at: 10040),
            .send(to: n1, .ack(Ack(sequence: 10, target: n2, updates: [info(n2, .alive, 4)]))),
        ])
        XCTAssertFalse(m.isRemoved)
        // A stale REMOVED from before the allow does not put us out again.
        _ = m.handle(.received(from: n1, .ping(Ping(sequence: 11, updates: [info(n2, .removed, 1)]))), now: 50)
        XCTAssertFalse(m.isRemoved)
        XCTAssertEqual(m.reachableMembers, [n1, n2])
    }

    func testRemovingAndAllowingMyself() {
        var m = machine(n1, known: [info(n2)])
        _ = m.handle(.start, now: 0)
        XCTAssertEqual(m.handle(.remove(n1), now: 10), [.memberChanged(info(n1, .removed, 0))])
        XCTAssertTrue(m.isRemoved)
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 1)), now: 1000), [])
        // The removal is gossiped on our acks.
        XCTAssertEqual(m.handle(.received(from: n2, .ping(Ping(sequence: 1, updates: []))), now: 1010), [
            .send(to: n2, .ack(Ack(sequence: 1, target: n1, updates: [info(n1, .removed, 0)]))),
        ])
        XCTAssertEqual(m.handle(.allow(n1), now: 2000), [
            .memberChanged(info(n1, .alive, 1)),
            .setTimer(timer(.probeRound, 3), at: 3000),
            .setTimer(timer(.deadProbe, 4), at: 12000),
        ])
        XCTAssertFalse(m.isRemoved)
        // The allow spreads as DEAD above the removal (what sticky REMOVED records accept).
        XCTAssertEqual(m.handle(.received(from: n2, .ping(Ping(sequence: 2, updates: []))), now: 2010), [
            .send(to: n2, .ack(Ack(sequence: 2, target: n1, updates: [info(n1, .dead, 1)]))),
        ])
    }

    // MARK: Restart

    func testARestartedNodeDoesNotBelievePeersDead() {
        let known = [info(n2, .dead, 3), info(n3, .suspect, 1), info(n4, .removed, 2), info(n1, .alive, 7)]
        let m = machine(n1, known: known, incarnation: 2)
        XCTAssertEqual(m.incarnation, 7)
        XCTAssertEqual(m.members, [info(n1, .alive, 7), info(n2, .alive, 3), info(n3, .alive, 1), info(n4, .removed, 2)])
        XCTAssertEqual(m.quorumMembers, [n1, n2, n3])
        XCTAssertEqual(m.reachableMembers, [n1, n2, n3])
    }

    func testARestartedRemovedNodeStaysQuiet() {
        var m = machine(n1, seeds: ["addr2"], known: [info(n2), info(n1, .removed, 4)], incarnation: 5)
        XCTAssertTrue(m.isRemoved)
        XCTAssertEqual(m.handle(.start, now: 0), [])
        XCTAssertEqual(m.quorumMembers, [n2])
        // The allow (DEAD above 4) brings it back.
        XCTAssertEqual(m.handle(.received(from: n2, .ping(Ping(sequence: 1, updates: [info(n1, .dead, 5)]))), now: 100), [
            .memberChanged(info(n1, .alive, 6)),
            .setTimer(timer(.probeRound, 1), at: 1100),
            .setTimer(timer(.deadProbe, 2), at: 10100),
            .send(to: n2, .ack(Ack(sequence: 1, target: n1, updates: [info(n1, .alive, 6)]))),
        ])
    }

    // MARK: Timers and determinism

    func testStaleTimersAreIgnored() {
        var m = machine(n1, seeds: ["seedA"], known: [info(n2)])
        _ = m.handle(.start, now: 0)  // join retry 1, round 2, dead probe 3
        XCTAssertFalse(m.handle(.timerFired(timer(.probeRound, 2)), now: 1000).isEmpty)
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 2)), now: 1001), [], "already fired")
        XCTAssertEqual(m.handle(.timerFired(timer(.probeRound, 99)), now: 1002), [], "never set")
        XCTAssertFalse(m.handle(.timerFired(timer(.deadProbe, 3)), now: 10000).isEmpty)
        XCTAssertEqual(m.handle(.timerFired(timer(.deadProbe, 3)), now: 10001), [])
        XCTAssertEqual(m.handle(.timerFired(timer(.pingTimeout(n2), 77)), now: 1300), [], "no such probe")
        XCTAssertEqual(m.handle(.timerFired(timer(.pingTimeout(n3), 1)), now: 1300), [], "probe 1 was of n2")
        XCTAssertEqual(m.handle(.timerFired(timer(.suspicion(n2), 3)), now: 6000), [], "n2 is not suspect")
        XCTAssertEqual(m.state(of: n2), .alive)
    }

    func testTheSameSeedGivesTheSameActions() {
        func run(seed: UInt64) -> [[MembershipAction]] {
            var config = ProtocolConfig()
            config.gossipFanout = 2
            var m = machine(n1, known: [2, 3, 4, 5, 6, 7].map { info(NodeID($0)) }, config: config, seed: seed)
            var out = [m.handle(.start, now: 0)]
            var token: UInt64 = 1
            for round in 1...12 {
                out.append(m.handle(.timerFired(timer(.probeRound, token)), now: Int64(round) * 1000))
                token = out.last!.compactMap { action -> UInt64? in
                    if case .setTimer(let t, _) = action, t.kind == .probeRound { return t.token }
                    return nil
                }.first!
            }
            return out
        }
        XCTAssertEqual(run(seed: 7), run(seed: 7))
        XCTAssertNotEqual(run(seed: 7), run(seed: 8))
    }
}
