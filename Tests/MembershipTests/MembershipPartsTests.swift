@testable import Protocol
import XCTest

/// The machine's parts on their own: the dissemination buffer and the probe schedule.
final class MembershipPartsTests: XCTestCase {
    private func info(_ id: UInt64, _ incarnation: UInt64 = 0) -> MemberInfo {
        MemberInfo(id: NodeID(id), address: "addr\(id)", incarnation: incarnation, state: .alive)
    }

    func testRetransmissionCountIsThreeTimesCeilLog2OfNPlusOne() {
        let expected = [1: 3, 2: 6, 3: 6, 4: 9, 7: 9, 8: 12, 15: 12, 16: 15, 100: 21]
        for (n, count) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(GossipBuffer.transmissions(memberCount: n), count, "n = \(n)")
        }
    }

    func testBufferSendsLeastSentFirstTiesByIdAtMostEightAMessage() {
        var buffer = GossipBuffer()
        for id in [9, 3, 11, 1, 7, 5, 2, 10, 4, 8, 6] as [UInt64] { buffer.add(info(id)) }
        let first = buffer.take(limit: GossipBuffer.maxPerMessage, excluding: nil, maxTransmissions: 10)
        XCTAssertEqual(first.map(\.id.rawValue), [1, 2, 3, 4, 5, 6, 7, 8])
        // The three not sent yet go first, then the least-sent by id.
        let second = buffer.take(limit: GossipBuffer.maxPerMessage, excluding: NodeID(2), maxTransmissions: 10)
        XCTAssertEqual(second.map(\.id.rawValue), [9, 10, 11, 1, 3, 4, 5, 6])
        // A newer update replaces the older one and starts its count again.
        buffer.add(info(7, 1))
        XCTAssertEqual(buffer.take(limit: 2, excluding: nil, maxTransmissions: 10), [info(7, 1), info(2)])
    }

    func testBufferDropsAnUpdateAfterItsTransmissions() {
        var buffer = GossipBuffer()
        buffer.add(info(1))
        buffer.add(info(2))
        for _ in 0..<3 { XCTAssertEqual(buffer.take(limit: 8, excluding: nil, maxTransmissions: 3).count, 2) }
        XCTAssertEqual(buffer.take(limit: 8, excluding: nil, maxTransmissions: 3), [])
        XCTAssertEqual(buffer.pending, [])
    }

    func testProbeScheduleVisitsEveryMemberOncePerPass() {
        var rng = Xoshiro256(seed: 3)
        var schedule = ProbeSchedule()
        let members = (1...7).map { NodeID(UInt64($0)) }
        var passes: [[NodeID]] = []
        for _ in 0..<4 {
            var pass: [NodeID] = []
            for _ in 0..<7 { pass += schedule.pick(1, from: members, using: &rng) }
            XCTAssertEqual(pass.sorted(), members, "each member exactly once per pass")
            passes.append(pass)
        }
        XCTAssertGreaterThan(Set(passes).count, 1, "reshuffled between passes")
    }

    func testProbeSchedulePicksDistinctTargetsAndSkipsIneligibleOnes() {
        var rng = Xoshiro256(seed: 5)
        var schedule = ProbeSchedule()
        let members = (1...4).map { NodeID(UInt64($0)) }
        XCTAssertEqual(schedule.pick(9, from: members, using: &rng).sorted(), members, "never more than there are")
        XCTAssertEqual(schedule.pick(0, from: members, using: &rng), [])
        XCTAssertEqual(schedule.pick(3, from: [], using: &rng), [])
        let fewer = [NodeID(2), NodeID(4)]
        for _ in 0..<5 {
            let picked = schedule.pick(2, from: fewer, using: &rng)
            XCTAssertEqual(picked.sorted(), fewer)
        }
    }
}
