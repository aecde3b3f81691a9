import Node
import Protocol

/// Last writer wins: for every row key any committed transaction touched, the winner is the
/// write with the highest commit timestamp (deletes included); every active node must hold
/// exactly that: its row version is the winner's timestamp, its row equals the winner's after
/// image column by column (or is absent after a delete). Tables that no longer exist, and
/// rows whose table was dropped after their winner, are skipped.
struct LWWInvariant {
    struct Winner {
        var timestamp: HLCTimestamp
        var change: RowChange
        var transaction: TransactionID
    }

    struct Key: Hashable, Comparable {
        var database: String
        var row: RowKey
        static func < (a: Key, b: Key) -> Bool { a.database != b.database ? a.database < b.database : a.row < b.row }
    }

    static func check(_ simulation: Simulation, limit: Int = 20) -> [Violation] {
        var winners: [Key: Winner] = [:]
        var drops: [String: HLCTimestamp] = [:]   // "db/table" -> latest drop
        for applied in simulation.record.applied {
            let txn = applied.transaction
            for statement in txn.writes.ddl {
                if let table = droppedTable(statement) {
                    let k = txn.database + "/" + table
                    if drops[k].map({ txn.commitTimestamp > $0 }) ?? true { drops[k] = txn.commitTimestamp }
                }
            }
            for change in txn.writes.changes {
                let key = Key(database: txn.database, row: change.key)
                if let w = winners[key], w.timestamp > txn.commitTimestamp { continue }
                winners[key] = Winner(timestamp: txn.commitTimestamp, change: change, transaction: txn.id)
            }
        }
        var violations: [Violation] = []
        for name in simulation.activeNodeNames {
            guard let process = simulation.process(name) else { continue }
            let probe = StorageProbe(process: process)
            var tables: [String: Set<String>] = [:]
            for key in winners.keys.sorted() {
                guard violations.count < limit else { return violations }
                let w = winners[key]!
                if let dropped = drops[key.database + "/" + key.row.table], dropped > w.timestamp { continue }
                if tables[key.database] == nil {
                    tables[key.database] = (try? probe.tables(key.database)) ?? []
                }
                guard tables[key.database]!.contains(key.row.table) else { continue }
                let what = "\(name): \(key.database).\(key.row)"
                do {
                    guard let version = try probe.rowVersion(key.database, key.row) else {
                        violations.append(Violation(.lww, "\(what) has no row version; the winner is \(w.transaction) at \(w.timestamp) (\(w.change.kind))"))
                        continue
                    }
                    let deleted = w.change.kind == .delete
                    if version.version != w.timestamp || version.deleted != deleted {
                        violations.append(Violation(.lww, "\(what) has version \(version.version)\(version.deleted ? " (deleted)" : ""), the winner is \(w.timestamp)\(deleted ? " (delete)" : "") from \(w.transaction)"))
                        continue
                    }
                    let row = try probe.row(key.database, key.row)
                    if deleted {
                        if let row { violations.append(Violation(.lww, "\(what) exists (\(describe(row))) but its winner is a delete at \(w.timestamp)")) }
                        continue
                    }
                    guard let row else {
                        violations.append(Violation(.lww, "\(what) is missing; the winner \(w.transaction) at \(w.timestamp) wrote it"))
                        continue
                    }
                    for (i, column) in w.change.columns.enumerated() {
                        guard let expected = w.change.after?[i], let actual = row[column] else { continue }
                        if !ScenarioSyntax.sameValue(expected, actual) {
                            violations.append(Violation(.lww, "\(what) column \(column) is \(actual), the winner \(w.transaction) at \(w.timestamp) wrote \(expected)"))
                            break
                        }
                    }
                } catch {
                    violations.append(Violation(.lww, "\(what): storage read failed: \(error)"))
                }
            }
        }
        return violations
    }

    static func describe(_ row: [String: SQLValue]) -> String {
        row.keys.sorted().map { "\($0)=\(row[$0]!)" }.joined(separator: ", ")
    }

    /// The table of `DROP TABLE [IF EXISTS] name`, else nil.
    static func droppedTable(_ sql: String) -> String? {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == ";" }).map(String.init)
        guard words.count >= 3, words[0].uppercased() == "DROP", words[1].uppercased() == "TABLE" else { return nil }
        var i = 2
        if words.count >= 5 && words[2].uppercased() == "IF" && words[3].uppercased() == "EXISTS" { i = 4 }
        guard i < words.count else { return nil }
        var name = words[i]
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        return name.filter { !"`\"[]".contains($0) }
    }
}
