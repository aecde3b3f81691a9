import Protocol
import XCTest
@testable import Simulator

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
