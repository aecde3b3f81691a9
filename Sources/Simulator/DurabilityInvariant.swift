import Node
import Protocol

/// A write acknowledged at QUORUM or ALL is never lost: at the end every active node has
/// applied its log entry (the stream of its coordinator in its database reaches its sequence).
struct DurabilityInvariant {
    static func check(_ simulation: Simulation, limit: Int = 20) -> [Violation] {
        var violations: [Violation] = []
        let acknowledged = simulation.calls.keys.sorted().compactMap { id -> (UInt64, CommittedReference)? in
            guard let ref = simulation.calls[id]?.outcome?.committed, ref.consistency != .one else { return nil }
            return (id, ref)
        }
        guard !acknowledged.isEmpty else { return [] }
        for name in simulation.activeNodeNames {
            guard let process = simulation.process(name) else { continue }
            let probe = StorageProbe(process: process)
            var streams: [String: [StreamState]] = [:]
            let databases = (try? probe.databaseNames()) ?? []
            for (id, ref) in acknowledged {
                guard violations.count < limit else { return violations }
                guard databases.contains(ref.database) else {
                    violations.append(Violation(.durability, "\(name) lacks database \(ref.database) of request \(id), acknowledged at \(ref.consistency) as \(ref.transaction)"))
                    continue
                }
                if streams[ref.database] == nil { streams[ref.database] = (try? probe.streams(ref.database)) ?? [] }
                let applied = streams[ref.database]!.first { $0.origin == ref.transaction.coordinator }?.applied ?? 0
                if applied < ref.sequence {
                    let call = simulation.calls[id]!
                    violations.append(Violation(.durability, "\(name) applied \(ref.database) stream of \(ref.transaction.coordinator) up to \(applied), but request \(id) (`\(call.request.sql)` on \(call.node)) was acknowledged at \(ref.consistency) as sequence \(ref.sequence)"))
                }
            }
        }
        return violations
    }
}
