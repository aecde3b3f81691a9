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
