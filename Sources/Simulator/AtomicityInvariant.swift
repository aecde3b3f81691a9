import Node
import Protocol

/// Atomic commit: a transaction its coordinator aborted is applied nowhere, and one that was
/// applied somewhere was never aborted. (Every applied copy of one transaction carries the
/// same sequence and commit timestamp: the HLC checker compares those.)
struct AtomicityInvariant {
    static func check(_ simulation: Simulation) -> [Violation] {
        let record = simulation.record
        var abortedAt: [TransactionID: (node: String, at: Int64)] = [:]
        for a in record.aborted where abortedAt[a.transaction] == nil { abortedAt[a.transaction] = (a.node, a.at) }
        var violations: [Violation] = []
        var reported = Set<TransactionID>()
        for applied in record.applied {
            let id = applied.transaction.id
            guard let abort = abortedAt[id], !reported.contains(id) else { continue }
            reported.insert(id)
            violations.append(Violation(.atomicity, "\(id) was aborted by \(abort.node) at \(simulation.relative(abort.at)) but applied on \(applied.node) at \(simulation.relative(applied.at))"))
        }
        return violations
    }
}
