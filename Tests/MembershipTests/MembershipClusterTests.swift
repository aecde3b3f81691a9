import Protocol
import XCTest

/// Several machines on the in-test network (`ClusterHarness`): the properties SWIM promises.
final class MembershipClusterTests: XCTestCase {
    private let n1 = NodeID(1), n2 = NodeID(2), n3 = NodeID(3), n4 = NodeID(4), n5 = NodeID(5)

    /// Node 1 first, the others join through it, started a little apart so that their
    /// rounds are out of phase.
    private func joinedCluster(_ ids: [NodeID], config: ProtocolConfig = ProtocolConfig(), seedOffset: UInt64 = 0) -> ClusterHarness {
        var cluster = ClusterHarness(config: config)
        for id in ids {
            cluster.start(id, seeds: id == ids[0] ? [] : [ids[0]], randomSeed: id.rawValue + seedOffset)
            cluster.run(for: 173)
        }
        return cluster
    }

    private func converged(_ cluster: ClusterHarness, _ ids: [NodeID]) -> Bool {
        let reference = cluster.machine(ids[0]).members
        return reference.count == ids.count && reference.allSatisfy { $0.state == .alive }
            && ids.allSatisfy { cluster.machine($0).members == reference }
    }

    func testJoiningThroughASeedConvergesEveryMemberList() {
        let ids = [n1, n2, n3, n4, n5]
        var cluster = joinedCluster(ids)
        let at = cluster.run(until: 5_000) { converged($0, ids) }
        XCTAssertNotNil(at, "member lists did not converge")
        XCTAssertEqual(cluster.machine(n4).members.map(\.id), ids)
        XCTAssertEqual(cluster.machine(n4).members.map(\.address), ids.map(ClusterHarness.address))
        for id in ids {
            XCTAssertEqual(cluster.machine(id).quorumMembers, ids)
            XCTAssertEqual(cluster.machine(id).reachableMembers, ids)
        }
        // Stable afterwards: nobody is suspected in a healthy cluster.
        cluster.run(for: 30_000)
        XCTAssertTrue(converged(cluster, ids))
        XCTAssertFalse(cluster.trace.contains { obs in
            if case .memberChanged(let info) = obs.action { return info.state != .alive }
            return false
        })
    }

    func testACrashedNodeIsSuspectThenDeadWithinTheBounds() throws {
        let ids = [n1, n2, n3, n4, n5]
        var cluster = joinedCluster(ids)
        XCTAssertNotNil(cluster.run(until: 5_000) { converged($0, ids) })
        cluster.run(for: 3_000)
        let crashAt = cluster.now
        cluster.crash(n5)

        // Randomized round-robin probes every member at least once a pass, so at most two
        // passes between probes of n5, one round to give up, then the suspicion timeout.
        let config = cluster.config
        let pass = Int64((ids.count - 1 + config.gossipFanout - 1) / config.gossipFanout)
        let bound = (2 * pass + 1) * config.gossipIntervalMillis + config.suspectTimeoutMillis + 4 * cluster.delay
        let survivors = [n1, n2, n3, n4]
        let allDead = cluster.run(until: crashAt + bound) { c in survivors.allSatisfy { c.state(of: self.n5, at: $0) == .dead } }
        XCTAssertNotNil(allDead, "n5 not DEAD everywhere within \(bound) ms")

        for observer in survivors {
            let suspect = try XCTUnwrap(cluster.firstChange(of: n5, to: .suspect, at: observer, since: crashAt))
            let dead = try XCTUnwrap(cluster.firstChange(of: n5, to: .dead, at: observer, since: crashAt))
            XCTAssertLessThan(suspect, dead)
            XCTAssertGreaterThanOrEqual(dead, crashAt + config.suspectTimeoutMillis, "declared dead too early")
            // Dead members stay in the quorum; they are no longer reachable.
            XCTAssertEqual(cluster.machine(observer).quorumMembers, ids)
            XCTAssertEqual(cluster.machine(observer).reachableMembers, survivors)
        }
    }

    func testASlowNodeThatRefutesDoesNotDie() {
        let ids = [n1, n2, n3, n4, n5]
        var cluster = joinedCluster(ids)
        XCTAssertNotNil(cluster.run(until: 5_000) { converged($0, ids) })
        cluster.run(for: 2_000)
        let slowFrom = cluster.now
        // Long enough to miss a round's probes, well short of the suspicion timeout.
        cluster.isolate(n5)
        cluster.run(for: 1_500)
        cluster.heal()
        cluster.run(for: 30_000)

        let suspected = ids.contains { cluster.firstChange(of: n5, to: .suspect, at: $0, since: slowFrom) != nil }
        XCTAssertTrue(suspected, "the test should make n5 suspect somewhere")
        XCTAssertFalse(cluster.trace.contains { obs in
            if case .memberChanged(let info) = obs.action { return info.state == .dead }
            return false
        }, "a refuted suspicion must not become DEAD")
        XCTAssertGreaterThanOrEqual(cluster.machine(n5).incarnation, 1, "n5 refuted by bumping its incarnation")
        for observer in ids {
            XCTAssertEqual(cluster.machine(observer).reachableMembers, ids)
        }
    }

    func testPartitionedHalvesSeeEachOtherDeadAndRecoverAfterHeal() {
        let ids = [n1, n2, n3, n4]
        var cluster = joinedCluster(ids)
        XCTAssertNotNil(cluster.run(until: 5_000) { converged($0, ids) })
        cluster.run(for: 2_000)
        cluster.partition([n1, n2], [n3, n4])
        let splitAt = cluster.now

        let config = cluster.config
        let bound = 5 * config.gossipIntervalMillis + config.suspectTimeoutMillis
        let split = cluster.run(until: splitAt + bound) { c in
            [self.n1, self.n2].allSatisfy { o in c.state(of: self.n3, at: o) == .dead && c.state(of: self.n4, at: o) == .dead }
                && [self.n3, self.n4].allSatisfy { o in c.state(of: self.n1, at: o) == .dead && c.state(of: self.n2, at: o) == .dead }
        }
        XCTAssertNotNil(split, "each side should see the other DEAD")
        XCTAssertEqual(cluster.machine(n1).reachableMembers, [n1, n2])
        XCTAssertEqual(cluster.machine(n3).reachableMembers, [n3, n4])
        XCTAssertEqual(cluster.machine(n1).quorumMembers, ids, "dead members still count for quorum")

        // Keep the partition a while: the news of the deaths is no longer being gossiped,
        // only the dead-member re-probe can bring the halves back together.
        cluster.run(for: 20_000)
        cluster.heal()
        let healAt = cluster.now
        let healed = cluster.run(until: healAt + config.deadTimeoutMillis + 5 * config.gossipIntervalMillis) { c in
            ids.allSatisfy { c.machine($0).reachableMembers == ids }
        }
        XCTAssertNotNil(healed, "both halves should see each other ALIVE again after the heal")
        for id in ids { XCTAssertGreaterThanOrEqual(cluster.machine(id).incarnation, 1, "\(id) refuted its death") }
        cluster.run(for: 10_000)
        XCTAssertTrue(ids.allSatisfy { cluster.machine($0).reachableMembers == ids }, "stable after the heal")
    }

    func testRemoveBlocksRejoinUntilAllowed() {
        let ids = [n1, n2, n3]
        var cluster = joinedCluster(ids)
        XCTAssertNotNil(cluster.run(until: 5_000) { converged($0, ids) })

        cluster.apply(.remove(n3), to: n1)
        let removed = cluster.run(until: cluster.now + 10_000) { c in
            ids.allSatisfy { c.state(of: self.n3, at: $0) == .removed } && c.machine(self.n3).isRemoved
        }
        XCTAssertNotNil(removed, "the removal should spread, n3 included")
        XCTAssertEqual(cluster.machine(n1).quorumMembers, [n1, n2])
        XCTAssertEqual(cluster.machine(n2).quorumMembers, [n1, n2])
        XCTAssertEqual(cluster.machine(n3).quorumMembers, [n1, n2])

        // A removed node keeps quiet: it sends acks and nothing else.
        let quietFrom = cluster.now
        cluster.run(for: 15_000)
        XCTAssertTrue(sends(of: n3, in: cluster, since: quietFrom).allSatisfy(isAck))

        // Restart it with a higher incarnation: the join is refused, it stays REMOVED.
        cluster.crash(n3)
        cluster.run(for: 1_000)
        let restartAt = cluster.now
        cluster.start(n3, seeds: [n1], incarnation: 5)
        cluster.run(for: 15_000)
        XCTAssertTrue(cluster.machine(n3).isRemoved)
        XCTAssertTrue(cluster.trace.contains { obs in
            guard obs.at >= restartAt, case .send(let to, .joinReply(let reply)) = obs.action else { return false }
            return to == n3 && !reply.accepted
        })
        for id in ids { XCTAssertEqual(cluster.state(of: n3, at: id), .removed) }
        XCTAssertEqual(cluster.machine(n1).reachableMembers, [n1, n2])

        // The operator allows it back: DEAD one incarnation up, found by the dead-member
        // re-probe, refuted by n3.
        cluster.apply(.allow(n3), to: n2)
        let back = cluster.run(until: cluster.now + cluster.config.deadTimeoutMillis + 5_000) { c in
            ids.allSatisfy { c.machine($0).reachableMembers == ids } && !c.machine(self.n3).isRemoved
        }
        XCTAssertNotNil(back, "n3 should rejoin once allowed")
        XCTAssertGreaterThan(cluster.machine(n3).incarnation, 5)
        cluster.run(for: 10_000)
        XCTAssertTrue(converged(cluster, ids))
    }

    func testTheSameSeedGivesTheSameRun() {
        func scenario(seedOffset: UInt64) -> [ClusterHarness.Observation] {
            let ids = [n1, n2, n3, n4, n5]
            var cluster = joinedCluster(ids, seedOffset: seedOffset)
            cluster.run(until: 6_000)
            cluster.crash(n4)
            cluster.run(until: 14_000)
            cluster.isolate(n2)
            cluster.run(until: 16_000)
            cluster.heal()
            cluster.run(until: 40_000)
            return cluster.trace
        }
        let first = scenario(seedOffset: 0)
        XCTAssertGreaterThan(first.count, 500)
        XCTAssertEqual(first, scenario(seedOffset: 0))
        XCTAssertNotEqual(first, scenario(seedOffset: 1000), "the seed should drive the probe order")
    }

    // MARK: Helpers

    private func sends(of id: NodeID, in cluster: ClusterHarness, since: Milliseconds) -> [Message] {
        cluster.trace.compactMap { obs in
            guard obs.node == id, obs.at >= since else { return nil }
            switch obs.action {
            case .send(_, let message), .sendToAddress(_, let message): return message
            case .setTimer, .memberChanged: return nil
            }
        }
    }

    private func isAck(_ message: Message) -> Bool {
        if case .ack = message { return true }
        return false
    }
}
