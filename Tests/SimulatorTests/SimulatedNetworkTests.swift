import Protocol
import XCTest
@testable import Simulator

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
