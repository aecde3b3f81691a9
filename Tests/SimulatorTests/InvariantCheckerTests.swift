import Node
import Protocol
import Storage
import XCTest
@testable import Simulator

/// The checkers must catch what they claim to: tamper with a run and see them fire.
final class InvariantCheckerTests: XCTestCase {
    private func cluster() throws -> Simulation {
        let sim = try Simulation(options: SimulationOptions(seed: 5, protocolConfig: ClusterSpec(nodes: 3).protocolConfig))
        try sim.startCluster(count: 3)
        sim.advance(by: 2000)
        for (node, sql) in [("a", "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)"), ("b", "INSERT INTO kv VALUES (1, 'one')"), ("c", "INSERT INTO kv VALUES (2, 'two')")] {
            let id = sim.submit(node: node, sql: sql, database: "marmot")
            XCTAssertTrue(sim.run(until: sim.now + 10_000) { sim.call(id)?.reply != nil })
            XCTAssertNotNil(sim.call(id)?.outcome, sim.call(id)?.resultDescription ?? "")
            XCTAssertTrue(sim.run(until: sim.now + 10_000, checkEvery: 50) { ConvergenceCheck.check(sim).converged })
        }
        return sim
    }

    func testACleanRunHasNoViolations() throws {
        let sim = try cluster()
        defer { sim.tearDown() }
        XCTAssertEqual(InvariantChecker.check(sim), [])
    }

    func testAForgedRowBreaksLWWAndConvergence() throws {
        let sim = try cluster()
        defer { sim.tearDown() }
        let db = try sim.process("b")!.storage.database(named: "marmot")
        let ts = HLCTimestamp(wall: UInt64(sim.now + 60_000), logical: 0, node: NodeID(9))
        let change = RowChange(kind: .update, key: RowKey(table: "kv", values: [.integer(1)]), columns: ["k", "v"],
                               before: [.integer(1), .text("one")], after: [.integer(1), .text("forged")])
        _ = try db.apply(CommittedTransaction(id: TransactionID(ts), sequence: 1, commitTimestamp: ts,
                                              writes: WriteSet(database: "marmot", changes: [change])))
        XCTAssertFalse(ConvergenceCheck.check(sim).converged)
        let violations = InvariantChecker.check(sim)
        XCTAssertTrue(violations.contains { $0.invariant == .lww && $0.message.hasPrefix("b:") }, "\(violations)")
    }

    func testAnAbortedTransactionThatWasAppliedIsReported() throws {
        let sim = try cluster()
        defer { sim.tearDown() }
        guard let applied = sim.record.applied.last else { return XCTFail("nothing applied") }
        XCTAssertFalse(InvariantChecker.check(sim).contains { $0.invariant == .atomicity })
        sim.record.aborted.append(.init(node: "a", at: sim.now, transaction: applied.transaction.id))
        XCTAssertTrue(InvariantChecker.check(sim).contains { $0.invariant == .atomicity })
    }

    func testOverlappingLeasesAreReported() throws {
        let sim = try cluster()
        defer { sim.tearDown() }
        let t = sim.now
        sim.record.leasesHeld.append(.init(node: "a", life: 1, at: t, database: "marmot", lease: LeaseID(holder: NodeID(1), counter: 1), localFrom: t, localUntil: t + 3000))
        sim.record.leasesHeld.append(.init(node: "b", life: 1, at: t + 1000, database: "marmot", lease: LeaseID(holder: NodeID(2), counter: 1), localFrom: t + 1000, localUntil: t + 4000))
        XCTAssertTrue(InvariantChecker.check(sim).contains { $0.invariant == .ddlLease })
        // Released before the other began: no overlap.
        sim.record.leasesReleased.append(.init(node: "a", life: 1, at: t + 500, database: "marmot", lease: LeaseID(holder: NodeID(1), counter: 1)))
        XCTAssertFalse(InvariantChecker.check(sim).contains { $0.invariant == .ddlLease })
    }

    func testAnUndetectedCrashIsReported() throws {
        let sim = try cluster()
        defer { sim.tearDown() }
        let config = sim.options.protocolConfig
        let bound = InvariantChecker.membershipDetectionBound(config, clusterSize: 3)
        try sim.crash("c")
        sim.advance(by: bound + 1000)
        XCTAssertEqual(InvariantChecker.check(sim), [], "c is dead on a and b in time")
        // Forget that a ever saw c dead: the checker must complain.
        sim.record.members.removeAll { $0.observer == "a" && $0.member.id == NodeID(3) && $0.member.state != .alive }
        XCTAssertTrue(InvariantChecker.check(sim).contains { $0.invariant == .membership }, "\(InvariantChecker.check(sim))")
    }

    func testSequenceReuseIsReported() throws {
        let sim = try cluster()
        defer { sim.tearDown() }
        var forged = sim.record.applied.last!
        forged.transaction.commitTimestamp = HLCTimestamp(wall: 1, logical: 0, node: forged.transaction.origin)
        forged.transaction.sequence += 1
        sim.record.applied.append(forged)
        XCTAssertTrue(InvariantChecker.check(sim).contains { $0.invariant == .hlc })
    }

    func testAdvancesMergeWithoutChangingTheRun() {
        var options = Explorer.Options()
        options.writeReproductions = false
        let explorer = Explorer(options: options)
        let run = Explorer.generate(seed: 12)
        let merged = run.mergingAdvances
        XCTAssertLessThan(merged.scenario.commands.count, run.scenario.commands.count)
        XCTAssertEqual(explorer.execute(run.scenario).traceHash, explorer.execute(merged.scenario).traceHash)
    }
}
