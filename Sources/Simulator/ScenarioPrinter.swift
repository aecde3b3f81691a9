import Protocol

/// Writes commands back in the scenario language; `ScenarioParser` reads the output into the
/// same AST. The explorer writes its runs and reproductions with it.
public enum ScenarioPrinter {
    public static func render(_ scenario: Scenario, header: [String] = []) -> String {
        var out = header.map { "# " + $0 }.joined(separator: "\n")
        if !out.isEmpty { out += "\n" }
        for c in scenario.commands { out += render(c.command) + "\n" }
        return out
    }

    public static func render(_ command: ScenarioCommand.Command) -> String {
        let d = ScenarioSyntax.render(duration:)
        switch command {
        case .cluster(let spec): return render(spec)
        case .sql(let s): return "sql " + render(s)
        case .submit(let s): return "submit " + render(s)
        case let .query(node, database, sql, rows):
            let expected = rows.isEmpty ? "empty" : rows.map { $0.map(ScenarioSyntax.render(literal:)).joined(separator: ", ") }.joined(separator: " ; ")
            return "query \(node)\(database.map { " db=" + $0 } ?? "") \(sql) -> \(expected)"
        case let .expectValue(node, database, table, condition, column, value):
            return "expect \(node)\(database.map { " db=" + $0 } ?? "") \(table) where \(condition) : \(column) = \(ScenarioSyntax.render(literal: value))"
        case let .expectCount(node, database, table, condition, count):
            return "expect \(node)\(database.map { " db=" + $0 } ?? "") \(table)\(condition.map { " where " + $0 } ?? "") count \(count)"
        case .partition(let groups): return "partition " + groups.map { $0.joined(separator: " ") }.joined(separator: " | ")
        case let .block(from, to): return "partition \(from) -> \(to)"
        case .heal: return "heal"
        case .crash(let n): return "crash \(n)"
        case .restart(let n): return "restart \(n)"
        case .join(let n): return "join \(n)"
        case let .remove(t, on): return "remove \(t) on \(on)"
        case let .allow(t, on): return "allow \(t) on \(on)"
        case .advance(let ms): return "advance \(d(ms))"
        case let .skew(n, ms): return "skew \(n) \(ScenarioSyntax.render(signedDuration: ms))"
        case let .drift(n, rate): return "drift \(n) \(rate)"
        case .faults(let f):
            if f.isNone { return "faults off" }
            var parts = ["faults"]
            if f.drop > 0 { parts.append("drop=\(f.drop)") }
            if f.duplicate > 0 { parts.append("duplicate=\(f.duplicate)") }
            if f.reorder > 0 { parts.append("reorder=\(f.reorder)") }
            if f.reorderExtra != FaultRates().reorderExtra { parts.append("reorder_extra=\(d(f.reorderExtra))") }
            return parts.joined(separator: " ")
        case .awaitConverged(let w): return "await converged within \(d(w))"
        case let .awaitMember(t, state, on, w): return "await member \(t) \(state.description.lowercased()) on \(on) within \(d(w))"
        case let .expectMember(t, state, on): return "expect member \(t) state \(state.description.lowercased()) on \(on)"
        case .awaitReplies(let w): return "await replies within \(d(w))"
        }
    }

    static func render(_ s: ScenarioCommand.Statement) -> String {
        var out = s.node
        if let db = s.database { out += " db=\(db)" }
        if let c = s.consistency { out += " consistency=\(c)" }
        if s.session != 0 { out += " session=\(s.session)" }
        out += " " + s.sql
        out += " -> " + s.expect.map(\.description).joined(separator: " | ")
        return out
    }

    static func render(_ spec: ClusterSpec) -> String {
        let d = ScenarioSyntax.render(duration:)
        var parts = ["cluster", "\(spec.nodes)"]
        if let v = spec.consistency { parts.append("consistency=\(v)") }
        if let v = spec.seed { parts.append("seed=\(v)") }
        if let v = spec.gossip { parts.append("gossip=\(d(v))") }
        if let v = spec.fanout { parts.append("fanout=\(v)") }
        if let v = spec.suspect { parts.append("suspect=\(d(v))") }
        if let v = spec.dead { parts.append("dead=\(d(v))") }
        if let v = spec.ping { parts.append("ping=\(d(v))") }
        if let v = spec.indirect { parts.append("indirect=\(v)") }
        if let v = spec.antiEntropy { parts.append("anti_entropy=\(d(v))") }
        if let v = spec.prepare { parts.append("prepare=\(d(v))") }
        if let v = spec.commit { parts.append("commit=\(d(v))") }
        if let v = spec.heartbeat { parts.append("heartbeat=\(d(v))") }
        if let v = spec.lockWait { parts.append("lock_wait=\(d(v))") }
        if let v = spec.lease { parts.append("lease=\(d(v))") }
        if let v = spec.deltaThreshold { parts.append("delta_threshold=\(v)") }
        if let v = spec.deltaThresholdTime { parts.append("delta_threshold_time=\(d(v))") }
        if let v = spec.deltaBatch { parts.append("delta_batch=\(v)") }
        if let v = spec.gcMin { parts.append("gc_min=\(d(v))") }
        if let v = spec.gcMax { parts.append("gc_max=\(d(v))") }
        if let v = spec.delay { parts.append("delay=\(d(v.lowerBound))..\(d(v.upperBound))") }
        if let v = spec.tail { parts.append("tail=\(v.probability):\(d(v.extra))") }
        return parts.joined(separator: " ")
    }
}
