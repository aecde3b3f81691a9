import Protocol
import XCTest
@testable import Simulator

final class EventQueueTests: XCTestCase {
    func testOrdersByTimeThenInsertion() {
        var q = EventQueue<String>()
        q.push(at: 5, "e")
        q.push(at: 1, "a")
        q.push(at: 3, "c1")
        q.push(at: 3, "c2")
        q.push(at: 1, "b")
        q.push(at: 3, "c3")
        var out: [String] = []
        while let e = q.pop() { out.append(e.payload) }
        XCTAssertEqual(out, ["a", "b", "c1", "c2", "c3", "e"])
    }

    func testManyRandomEventsComeOutSorted() {
        var q = EventQueue<Int>()
        var rng = Xoshiro256(seed: 9)
        for i in 0..<2000 { q.push(at: Int64(rng.below(100)), i) }
        var last: (Int64, Int) = (-1, -1)
        while let e = q.pop() {
            XCTAssertTrue((e.time, e.payload) > last)
            last = (e.time, e.payload)
        }
    }
}

final class SimulatedClockTests: XCTestCase {
    let start: Int64 = 1_700_000_000_000

    func testSkewAndDrift() {
        var c = SimulatedClock(global: start)
        XCTAssertEqual(c.local(at: start + 1000), start + 1000)
        c.jump(by: 3000, at: start + 1000)
        XCTAssertEqual(c.local(at: start + 1000), start + 4000)
        XCTAssertEqual(c.local(at: start + 2000), start + 5000)
        c.setDrift(1.5, at: start + 2000)
        XCTAssertEqual(c.local(at: start + 2000), start + 5000)
        XCTAssertEqual(c.local(at: start + 4000), start + 8000)
        c.jump(by: -10_000, at: start + 4000)
        XCTAssertEqual(c.local(at: start + 4000), start - 2000)
    }

    func testTimersFireWhenTheLocalClockArrives() {
        var c = SimulatedClock(global: start)
        c.setDrift(0.999, at: start)
        let now = start + 10
        for target in [start, start + 11, start + 1000, start + 12345] {
            let g = c.globalTime(forLocal: target, notBefore: now)
            XCTAssertGreaterThanOrEqual(g, now)
            XCTAssertGreaterThanOrEqual(c.local(at: g), target)
            if g > now { XCTAssertLessThan(c.local(at: g - 1), target) }
        }
    }

    func testClockHistoryFollowsJumps() {
        var c = SimulatedClock(global: start)
        var h = ClockHistory(since: start, clock: c)
        c.jump(by: -2000, at: start + 1000)
        h.append(since: start + 1000, clock: c)
        // At start+1000 the clock went back from start+1000 to start-1000: reading start+1500
        // now happens 2500 ms later.
        XCTAssertEqual(h.firstGlobal(reaching: start + 1500, from: start), start + 3500)
        XCTAssertEqual(h.firstGlobal(reaching: start + 500, from: start), start + 500)
    }
}

final class SimulatedNetworkTests: XCTestCase {
    func testPartitionsAndBlocks() {
        var net = SimulatedNetwork(configuration: NetworkConfiguration())
        net.partition([["a"], ["b"]], allNodes: ["a", "b", "c", "d"])
        XCTAssertFalse(net.canDeliver(from: "a", to: "b"))
        XCTAssertFalse(net.canDeliver(from: "a", to: "c"))
        XCTAssertTrue(net.canDeliver(from: "c", to: "d"))
        XCTAssertTrue(net.canDeliver(from: "a", to: "a"))
        net.heal()
        net.block(from: "a", to: "b")
        XCTAssertFalse(net.canDeliver(from: "a", to: "b"))
        XCTAssertTrue(net.canDeliver(from: "b", to: "a"))
        net.heal()
        XCTAssertTrue(net.canDeliver(from: "a", to: "b"))
    }

    func testLinksStayFIFOWithoutFaults() {
        var net = SimulatedNetwork(configuration: NetworkConfiguration(minDelay: 1, maxDelay: 50))
        var rng = Xoshiro256(seed: 3)
        var last: Int64 = 0
        for t in 0..<500 {
            let times = net.deliveryTimes(from: "a", to: "b", now: Int64(t), rng: &rng)
            XCTAssertEqual(times.count, 1)
            XCTAssertGreaterThanOrEqual(times[0], last)
            XCTAssertGreaterThanOrEqual(times[0], Int64(t) + 1)
            last = times[0]
        }
    }

    func testFaultRatesAreRoughlyHonoured() {
        var net = SimulatedNetwork(configuration: NetworkConfiguration())
        net.faults = FaultRates(drop: 0.2, duplicate: 0.1, reorder: 0)
        var rng = Xoshiro256(seed: 11)
        var dropped = 0, duplicated = 0
        for _ in 0..<10_000 {
            let times = net.deliveryTimes(from: "a", to: "b", now: 0, rng: &rng)
            if times.isEmpty { dropped += 1 }
            if times.count == 2 { duplicated += 1 }
        }
        XCTAssertEqual(Double(dropped) / 10_000, 0.2, accuracy: 0.02)
        XCTAssertEqual(Double(duplicated) / 8_000, 0.1, accuracy: 0.02)
    }
}
