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
        // Jumps move the wall clock only; the monotonic clock just drifts.
        XCTAssertEqual(c.monotonic(at: start + 4000), start + 5000)
    }

    func testTimersFireWhenTheLocalClockArrives() {
        var c = SimulatedClock(global: start)
        c.setDrift(0.999, at: start)
        let now = start + 10
        for target in [start, start + 11, start + 1000, start + 12345] {
            let g = c.globalTime(forMonotonic: target, notBefore: now)
            XCTAssertGreaterThanOrEqual(g, now)
            XCTAssertGreaterThanOrEqual(c.monotonic(at: g), target)
            if g > now { XCTAssertLessThan(c.monotonic(at: g - 1), target) }
        }
    }

    func testClockHistoryFollowsDriftNotJumps() {
        var c = SimulatedClock(global: start)
        var h = ClockHistory(since: start, clock: c)
        c.jump(by: -2000, at: start + 1000)
        h.append(since: start + 1000, clock: c)
        // A wall-clock step does not move timers or leases (they use the monotonic clock).
        XCTAssertEqual(h.firstGlobal(reaching: start + 1500, from: start), start + 1500)
        c.setDrift(0.5, at: start + 2000)
        h.append(since: start + 2000, clock: c)
        // From start+2000 the monotonic clock runs at half speed: +500 local takes 1000 global.
        XCTAssertEqual(h.firstGlobal(reaching: start + 2500, from: start), start + 3000)
        XCTAssertEqual(h.firstGlobal(reaching: start + 500, from: start), start + 500)
    }
}
