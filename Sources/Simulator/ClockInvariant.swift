import Node
import Protocol

/// HLC monotonicity. Envelope clocks rise strictly within one process life (checked as each
/// envelope leaves, see `Simulation`); here: commits of one origin in one database carry one
/// transaction per sequence number everywhere, and their commit timestamps rise with the
/// sequence, across restarts of the origin.
struct ClockInvariant {
    struct Stream: Hashable, Comparable {
        var origin: NodeID
        var database: String
        static func < (a: Stream, b: Stream) -> Bool { a.database != b.database ? a.database < b.database : a.origin < b.origin }
    }

    static func check(_ simulation: Simulation, limit: Int = 20) -> [Violation] {
        var violations: [Violation] = []
        var bySequence: [Stream: [UInt64: (id: TransactionID, ts: HLCTimestamp, node: String)]] = [:]
        for applied in simulation.record.applied {
            let txn = applied.transaction
            let stream = Stream(origin: txn.origin, database: txn.database)
            if let known = bySequence[stream]?[txn.sequence] {
                if (known.id != txn.id || known.ts != txn.commitTimestamp) && violations.count < limit {
                    violations.append(Violation(.hlc, "\(txn.database) stream of \(txn.origin) sequence \(txn.sequence) is \(known.id)@\(known.ts) on \(known.node) but \(txn.id)@\(txn.commitTimestamp) on \(applied.node)"))
                }
            } else {
                bySequence[stream, default: [:]][txn.sequence] = (txn.id, txn.commitTimestamp, applied.node)
            }
        }
        for stream in bySequence.keys.sorted() {
            let entries = bySequence[stream]!.sorted { $0.key < $1.key }
            for (a, b) in zip(entries, entries.dropFirst()) where !(a.value.ts < b.value.ts) {
                guard violations.count < limit else { return violations }
                violations.append(Violation(.hlc, "\(stream.database) stream of \(stream.origin): sequence \(a.key) committed at \(a.value.ts) but the later sequence \(b.key) at \(b.value.ts)"))
            }
        }
        return violations
    }
}
