import Node
import Protocol

/// A crashed node is declared DEAD in time. The detection bound is
/// `(2 × N + 2) × gossip + suspect + ping` (N the cluster size at the crash): every member is
/// probed within about N rounds by the round-robin (2N + 2 leaves room for a round started just
/// before the crash and one lost to indirect probes), then the suspicion timeout runs.
/// An observer is judged when it ran one process life through the whole window, knew the
/// crashed node before the crash, its clock was not changed in the window, and no partition
/// was in force in the window; the crashed node must stay down longer than the bound.
struct MembershipInvariant {
    static func bound(_ config: ProtocolConfig, clusterSize n: Int) -> Int64 {
        Int64(2 * n + 2) * config.gossipIntervalMillis + config.suspectTimeoutMillis + config.pingTimeoutMillis
    }

    static func check(_ simulation: Simulation) -> [Violation] {
        let record = simulation.record
        let config = simulation.options.protocolConfig
        let end = simulation.now
        var violations: [Violation] = []
        for life in record.lives {
            guard let crashedAt = life.ended, let crashedID = SimulatedNode.nodeID(of: life.node) else { continue }
            let restartedAt = record.lives.first { $0.node == life.node && $0.life == life.life + 1 }?.started ?? end
            let n = record.clusterSize(at: crashedAt)
            let baseBound = bound(config, clusterSize: n)
            guard restartedAt - crashedAt > baseBound else { continue }
            for observer in record.lives where observer.node != life.node {
                let driftBound = Int64((Double(baseBound) / min(1, record.clocks[observer.node]?.drift(at: crashedAt) ?? 1)).rounded(.up))
                let windowEnd = crashedAt + driftBound
                guard restartedAt > windowEnd, windowEnd <= end else { continue }
                guard observer.started <= crashedAt, (observer.ended ?? Int64.max) >= windowEnd else { continue }
                guard !record.partitioned(from: crashedAt, to: windowEnd) else { continue }
                guard !record.clockChanged(observer.node, from: crashedAt, to: windowEnd) else { continue }
                let seen = record.members.filter {
                    $0.observer == observer.node && $0.life == observer.life && $0.member.id == crashedID && $0.at <= windowEnd
                }
                guard seen.contains(where: { $0.at <= crashedAt }) else { continue }
                let state = seen.last!.member.state
                if state != .dead && state != .removed {
                    violations.append(Violation(.membership, "\(life.node) crashed at \(simulation.relative(crashedAt)) but \(observer.node) still saw it \(state) at \(simulation.relative(windowEnd)) (bound \(driftBound)ms for \(n) nodes)"))
                }
            }
        }
        return violations
    }
}
