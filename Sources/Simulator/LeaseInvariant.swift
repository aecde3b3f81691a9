import Node
import Protocol

/// DDL lease safety: two leases on one database never overlap in global time. A lease runs
/// from the moment its holder observed it held (`.leaseHeld`) until the first of: the holder's
/// clock reading the reported `until`, its release (`.leaseReleased`), the holder's crash.
/// Leases are timed on each node's monotonic clock, so stepped wall clocks (`skew`) do not
/// excuse an overlap; only drift is bounded by the holder's safety margin.
struct LeaseInvariant {
    struct Interval {
        var node: String
        var lease: LeaseID
        var start: Int64
        var end: Int64
    }

    static func intervals(_ simulation: Simulation) -> [String: [Interval]] {
        let record = simulation.record
        var byDatabase: [String: [Interval]] = [:]
        for held in record.leasesHeld {
            guard let history = record.clocks[held.node] else { continue }
            var end = history.firstGlobal(reaching: held.localUntil, from: held.at)
            if let release = record.leasesReleased.first(where: { $0.node == held.node && $0.life == held.life && $0.lease == held.lease && $0.database == held.database && $0.at >= held.at }) {
                end = min(end, release.at)
            }
            if let life = record.lives.first(where: { $0.node == held.node && $0.life == held.life }), let crashed = life.ended {
                end = min(end, crashed)
            }
            var list = byDatabase[held.database] ?? []
            if let i = list.firstIndex(where: { $0.node == held.node && $0.lease == held.lease }) {
                // A renewal or repeat of the same lease: one interval.
                list[i].start = min(list[i].start, held.at)
                list[i].end = max(list[i].end, end)
            } else {
                list.append(Interval(node: held.node, lease: held.lease, start: held.at, end: end))
            }
            byDatabase[held.database] = list
        }
        return byDatabase
    }

    static func check(_ simulation: Simulation) -> [Violation] {
        var violations: [Violation] = []
        let all = intervals(simulation)
        for database in all.keys.sorted() {
            let list = all[database]!.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            for i in list.indices {
                for j in list.indices where j > i {
                    let a = list[i], b = list[j]
                    guard b.start < a.end else { continue }
                    violations.append(Violation(.ddlLease, "database \(database): \(a.lease) on \(a.node) held \(simulation.relative(a.start))..\(simulation.relative(a.end)) overlaps \(b.lease) on \(b.node) held \(simulation.relative(b.start))..\(simulation.relative(b.end))"))
                }
            }
        }
        return violations
    }
}
