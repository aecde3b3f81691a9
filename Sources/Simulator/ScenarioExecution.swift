import Node
import Protocol

/// One run of one scenario: the simulation plus the runner's bookkeeping.
struct Execution {
    let scenario: Scenario
    let file: String
    let options: ScenarioRunner.Options
    var simulation: Simulation!
    var failures: [ScenarioOutcome.Failure] = []
    /// Submitted statements not yet checked, with their command.
    var submitted: [(id: UInt64, command: ScenarioCommand, statement: ScenarioCommand.Statement)] = []
    /// Something changed since the last successful `await converged`.
    var dirty = true
    var converged = false
    var seed: UInt64 = 0

    init(scenario: Scenario, file: String, options: ScenarioRunner.Options) {
        self.scenario = scenario
        self.file = file
        self.options = options
    }

    mutating func run() -> ScenarioOutcome {
        guard let spec = scenario.cluster else {
            return outcome(extra: [.init(verdict: .crash, line: 0, command: "cluster", message: "the scenario has no cluster line")])
        }
        seed = options.seed ?? spec.seed ?? ClusterSpec.defaultSeed
        let simOptions = SimulationOptions(
            seed: seed, protocolConfig: spec.protocolConfig, network: spec.network,
            dataRoot: options.dataRoot, keepData: options.keepData, log: options.log, verbose: options.verbose)
        do {
            simulation = try Simulation(options: simOptions)
            try simulation.startCluster(count: spec.nodes)
        } catch {
            return outcome(extra: [.init(verdict: .crash, line: scenario.commands[0].line, command: ScenarioPrinter.render(scenario.commands[0].command), message: "\(error)")])
        }
        defer { simulation.tearDown() }
        if !formCluster(spec) { return outcome() }
        for command in scenario.commands.dropFirst() {
            execute(command)
            if !failures.isEmpty || !simulation.internalErrors.isEmpty { break }
        }
        if failures.isEmpty && simulation.internalErrors.isEmpty {
            finish()
        }
        return outcome()
    }

    private func outcome(extra: [ScenarioOutcome.Failure] = []) -> ScenarioOutcome {
        var all = failures + extra
        if let sim = simulation {
            for e in sim.internalErrors { all.append(.init(verdict: .crash, line: 0, command: "simulation", message: e)) }
        }
        var outcome = ScenarioOutcome(
            file: file, scenario: scenario.name, seed: seed, failures: all,
            traceHash: simulation?.trace.value ?? 0,
            virtualMillis: simulation.map { $0.now - $0.options.startTime } ?? 0,
            events: simulation?.eventsProcessed ?? 0, messages: simulation?.messagesDelivered ?? 0,
            recentLogs: simulation?.record.recentLogs ?? [])
        if let sim = simulation {
            var counts: [String: Int] = [:]
            for call in sim.calls.values {
                guard let reply = call.reply else { continue }
                switch reply.result {
                case .success: counts["ok", default: 0] += 1
                case .failure(let e): counts["error \(e.code)", default: 0] += 1
                }
            }
            outcome.replies = counts.keys.sorted().map { ($0, counts[$0]!) }
        }
        return outcome
    }

    private mutating func fail(_ command: ScenarioCommand, _ verdict: Verdict, _ message: String) {
        failures.append(.init(verdict: verdict, line: command.line, command: ScenarioPrinter.render(command.command), message: message))
    }

    /// Before the first command every node must see every other node ALIVE.
    private mutating func formCluster(_ spec: ClusterSpec) -> Bool {
        let sim = simulation!
        let names = sim.nodeNames
        let formed = sim.run(until: sim.now + options.formationDeadline, checkEvery: 10) {
            names.allSatisfy { name in
                guard let p = sim.process(name) else { return false }
                let alive = Set(p.members.filter { $0.state == .alive }.map(\.id))
                return names.allSatisfy { other in other == name || alive.contains(SimulatedNode.nodeID(of: other)!) }
            }
        }
        if !formed {
            let views = names.map { name in
                "\(name) sees " + (sim.process(name)?.members.map { "\($0.id)=\($0.state)" }.joined(separator: ",") ?? "-")
            }.joined(separator: "; ")
            failures.append(.init(verdict: .liveness, line: scenario.commands[0].line, command: ScenarioPrinter.render(scenario.commands[0].command),
                                  message: "the cluster did not form within \(options.formationDeadline)ms: \(views)"))
        }
        return formed
    }

    // MARK: Commands

    private mutating func execute(_ command: ScenarioCommand) {
        let sim = simulation!
        func orFail(_ body: () throws -> Void) {
            do { try body() } catch { fail(command, .crash, "\(error)") }
        }
        switch command.command {
        case .cluster:
            fail(command, .crash, "a second cluster line")
        case .sql(let s):
            dirty = true
            let id = sim.submit(node: s.node, sql: s.sql, database: s.database ?? ScenarioRunner.defaultDatabase, consistency: s.consistency, session: s.session)
            guard let call = waitForReply(id, command) else { return }
            checkExpectation(s, call: call, command: command)
        case .submit(let s):
            dirty = true
            let id = sim.submit(node: s.node, sql: s.sql, database: s.database ?? ScenarioRunner.defaultDatabase, consistency: s.consistency, session: s.session)
            submitted.append((id, command, s))
        case .awaitReplies(let within):
            let ids = submitted.map(\.id)
            let done = sim.run(until: sim.now + within) { ids.allSatisfy { sim.call($0)?.reply != nil } }
            if !done {
                let missing = submitted.filter { sim.call($0.id)?.reply == nil }.map { "line \($0.command.line) (`\($0.statement.sql)` on \($0.statement.node))" }
                fail(command, .liveness, "no reply within \(within)ms for " + missing.joined(separator: ", "))
                return
            }
            checkSubmitted()
        case let .query(node, database, sql, rows):
            guard let call = read(node: node, database: database, sql: sql, command) else { return }
            guard let outcome = call.outcome else { return fail(command, .correctness, "expected rows, got \(call.resultDescription)") }
            if !Execution.sameRows(outcome.rows, rows) {
                fail(command, .correctness, "expected \(Execution.render(rows)), got \(Execution.render(outcome.rows))")
            }
        case let .expectValue(node, database, table, condition, column, value):
            let sql = "SELECT \(column) FROM \(table) WHERE \(condition)"
            guard let call = read(node: node, database: database, sql: sql, command) else { return }
            guard let outcome = call.outcome else { return fail(command, .correctness, "`\(sql)` failed: \(call.resultDescription)") }
            guard outcome.rows.count == 1, outcome.rows[0].count == 1 else {
                return fail(command, .correctness, "expected one row, `\(sql)` gave \(Execution.render(outcome.rows))")
            }
            if !ScenarioSyntax.sameValue(outcome.rows[0][0], value) {
                fail(command, .correctness, "\(column) is \(ScenarioSyntax.render(literal: outcome.rows[0][0])) on \(node), expected \(ScenarioSyntax.render(literal: value))")
            }
        case let .expectCount(node, database, table, condition, count):
            let sql = "SELECT COUNT(*) FROM \(table)" + (condition.map { " WHERE " + $0 } ?? "")
            guard let call = read(node: node, database: database, sql: sql, command) else { return }
            guard let outcome = call.outcome, outcome.rows.count == 1, let cell = outcome.rows[0].first, case .integer(let n) = cell else {
                return fail(command, .correctness, "`\(sql)` gave \(call.resultDescription)")
            }
            if n != Int64(count) { fail(command, .correctness, "count is \(n) on \(node), expected \(count)") }
        case .partition(let groups):
            dirty = true
            sim.partition(groups)
        case let .block(from, to):
            dirty = true
            sim.block(from: from, to: to)
        case .heal:
            dirty = true
            sim.heal()
        case .crash(let n):
            dirty = true
            orFail { try sim.crash(n) }
        case .restart(let n):
            dirty = true
            orFail { try sim.restart(n) }
        case .join(let n):
            dirty = true
            orFail { try sim.join(n) }
        case let .remove(target, on):
            dirty = true
            orFail { try sim.admin(.remove(SimulatedNode.nodeID(of: target)!), on: on) }
        case let .allow(target, on):
            dirty = true
            orFail { try sim.admin(.allow(SimulatedNode.nodeID(of: target)!), on: on) }
        case .advance(let ms):
            dirty = true
            sim.advance(by: ms)
        case let .skew(n, ms):
            dirty = true
            orFail { try sim.skew(n, by: ms) }
        case let .drift(n, rate):
            dirty = true
            orFail { try sim.drift(n, rate: rate) }
        case .faults(let rates):
            dirty = true
            sim.setFaults(rates)
        case .awaitConverged(let within):
            var report = ConvergenceCheck.Report(converged: false, differences: [])
            let ok = sim.run(until: sim.now + within, checkEvery: options.convergencePeriod) {
                report = ConvergenceCheck.check(sim)
                return report.converged
            }
            if ok {
                dirty = false
                converged = true
            } else {
                converged = false
                fail(command, .liveness, "not converged within \(within)ms: \(report)")
            }
        case let .awaitMember(target, state, on, within):
            guard sim.isRunning(on) else { return fail(command, .crash, "node \(on) is not running") }
            let id = SimulatedNode.nodeID(of: target)!
            let ok = sim.run(until: sim.now + within, checkEvery: 10) {
                sim.process(on)?.members.first { $0.id == id }?.state == state
            }
            if !ok {
                let seen = sim.process(on)?.members.first { $0.id == id }.map { "\($0.state) (incarnation \($0.incarnation))" } ?? "absent"
                fail(command, .liveness, "\(on) sees \(target) as \(seen) after \(within)ms")
            }
        case let .expectMember(target, state, on):
            guard let p = sim.process(on) else { return fail(command, .crash, "node \(on) is not running") }
            let id = SimulatedNode.nodeID(of: target)!
            let seen = p.members.first { $0.id == id }
            if seen?.state != state {
                fail(command, .correctness, "\(on) sees \(target) as \(seen.map { "\($0.state)" } ?? "absent")")
            }
        }
    }

    private mutating func waitForReply(_ id: UInt64, _ command: ScenarioCommand) -> ClientCall? {
        let sim = simulation!
        let ok = sim.run(until: sim.now + options.replyDeadline) { sim.call(id)?.reply != nil }
        guard ok, let call = sim.call(id) else {
            fail(command, .liveness, "no reply within \(options.replyDeadline)ms")
            return nil
        }
        return call
    }

    private mutating func read(node: String, database: String?, sql: String, _ command: ScenarioCommand) -> ClientCall? {
        let id = simulation.submit(node: node, sql: sql, database: database ?? ScenarioRunner.defaultDatabase)
        return waitForReply(id, command)
    }

    private mutating func checkExpectation(_ s: ScenarioCommand.Statement, call: ClientCall, command: ScenarioCommand) {
        guard let reply = call.reply else { return }
        if !s.expect.contains(where: { $0.matches(reply.result) }) {
            fail(command, .correctness, "expected \(s.expect.map(\.description).joined(separator: " | ")), got \(call.resultDescription)")
        }
    }

    private mutating func checkSubmitted() {
        let list = submitted
        submitted = []
        for entry in list {
            guard let call = simulation.call(entry.id), call.reply != nil else { continue }
            checkExpectation(entry.statement, call: call, command: entry.command)
        }
    }

    /// After the last command: when anything happened since the last `await converged`, heal,
    /// stop faults, restart crashed nodes and require convergence; then the invariants.
    private mutating func finish() {
        let sim = simulation!
        if dirty {
            if sim.network.isPartitioned { sim.heal() }
            if !sim.network.faults.isNone { sim.setFaults(.none) }
            for name in sim.nodeNames where !sim.isRunning(name) {
                do { try sim.restart(name) } catch {
                    failures.append(.init(verdict: .crash, line: 0, command: "liveness phase", message: "restart \(name): \(error)"))
                    return
                }
            }
            var report = ConvergenceCheck.Report(converged: false, differences: [])
            converged = sim.run(until: sim.now + options.livenessDeadline, checkEvery: options.convergencePeriod) {
                report = ConvergenceCheck.check(sim)
                return report.converged
            }
            if !converged {
                failures.append(.init(verdict: .liveness, line: 0, command: "liveness phase",
                                      message: "not converged within \(options.livenessDeadline)ms after healing: \(report)"))
            }
        }
        // Let submitted statements finish, then check what they expected.
        if !submitted.isEmpty {
            let ids = submitted.map(\.id)
            _ = sim.run(until: sim.now + options.replyDeadline) { ids.allSatisfy { sim.call($0)?.reply != nil } }
            checkSubmitted()
        }
        if converged {
            // No intent is held forever: once the cluster is whole again, every prepared
            // participant must learn its decision (a few resolve rounds of heartbeat timeout).
            let patience = 4 * sim.options.protocolConfig.heartbeatTimeoutMillis + options.replyDeadline
            let resolved = sim.run(until: sim.now + patience, checkEvery: options.convergencePeriod) {
                sim.liveNodeNames.allSatisfy { sim.process($0)?.preparedTransactions.isEmpty ?? true }
            }
            if !resolved {
                let held = sim.liveNodeNames.compactMap { name -> String? in
                    guard let p = sim.process(name)?.preparedTransactions, !p.isEmpty else { return nil }
                    return "\(name) holds \(p.map(\.description).joined(separator: ", "))"
                }
                failures.append(.init(verdict: .liveness, line: 0, command: "invariant intents",
                                      message: "prepared transactions unresolved \(patience)ms after convergence: \(held.joined(separator: "; "))"))
            }
        }
        var violations = InvariantChecker.check(sim)
        if !converged {
            // Without convergence LWW and durability report the lag, not a bug.
            violations.removeAll { $0.invariant == .lww || $0.invariant == .durability }
        }
        for v in violations {
            failures.append(.init(verdict: .correctness, line: 0, command: "invariant \(v.invariant.rawValue)", message: v.message))
        }
    }

    // MARK: Rows

    static func sameRows(_ a: [[SQLValue]], _ b: [[SQLValue]]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            guard x.count == y.count else { return false }
            for (u, v) in zip(x, y) where !ScenarioSyntax.sameValue(u, v) { return false }
        }
        return true
    }

    static func render(_ rows: [[SQLValue]]) -> String {
        rows.isEmpty ? "empty" : rows.map { $0.map(ScenarioSyntax.render(literal:)).joined(separator: ", ") }.joined(separator: " ; ")
    }
}
