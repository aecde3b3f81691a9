import Protocol

/// Derives one explorer run from a seed: cluster size, consistency, timings, network, a
/// workload of small writes on a few tables (inserts, updates, deletes, upserts, some DDL)
/// interleaved with faults that each last long enough to matter (partitions, one-way blocks,
/// crashes and restarts, message drops, duplicates and reordering, clock jumps and drift),
/// then a liveness phase: heal, faults off, restart every crashed node, await replies and
/// convergence.
public struct WorkloadGenerator {
    public var seed: UInt64
    private var rng: Xoshiro256
    private var commands: [ScenarioCommand] = []
    private var units: [Int?] = []
    private var nextUnit = 0
    private var nextValue = 0

    /// Virtual length of the safety phase.
    public var safetyMillis: Int64

    public init(seed: UInt64) {
        self.seed = seed
        self.rng = Xoshiro256(seed: SeedMixer.mix(seed, "explorer"))
        self.safetyMillis = 0
    }

    private mutating func emit(_ command: ScenarioCommand.Command, unit: Int? = nil) {
        commands.append(ScenarioCommand(line: 0, command))
        units.append(unit)
    }

    private mutating func newUnit() -> Int {
        nextUnit += 1
        return nextUnit
    }

    private mutating func pick<T>(_ choices: [T]) -> T { rng.pick(choices)! }

    private mutating func between(_ lo: Int64, _ hi: Int64) -> Int64 { Int64(rng.int(in: Int(lo)...Int(hi))) }

    public mutating func generate() -> ExplorerRun {
        // Cluster and timings.
        let n = rng.int(in: 3...5)
        var spec = ClusterSpec(nodes: n)
        spec.seed = seed
        let roll = rng.unit()
        spec.consistency = roll < 0.5 ? .quorum : roll < 0.75 ? .one : .all
        let gossip = between(100, 300)
        spec.gossip = gossip
        spec.ping = max(20, gossip / 2)
        spec.suspect = gossip * between(3, 6)
        spec.dead = between(2000, 5000)
        spec.antiEntropy = between(400, 2000)
        spec.prepare = between(500, 1500)
        spec.commit = between(500, 1500)
        spec.heartbeat = between(1000, 3000)
        spec.lease = between(3000, 6000)
        spec.lockWait = between(3000, 6000)
        let lo = between(1, 3)
        spec.delay = lo...between(max(lo, 5), 40)
        if rng.chance(0.3) { spec.tail = .init(probability: Double(rng.int(in: 1...20)) / 1000, extra: between(100, 600)) }
        let smallLog = rng.chance(0.25)
        if smallLog {
            // A short log: long outages must be healed by snapshots.
            spec.deltaThreshold = UInt64(rng.int(in: 3...20))
            let t = between(2000, 5000)
            spec.deltaThresholdTime = t
            spec.gcMin = t
            spec.gcMax = 2 * t
        }
        emit(.cluster(spec))
        let names = (0..<n).map(SimulatedNode.name(of:))

        // Setup: a table or two, maybe a second database.
        let tableCount = rng.int(in: 1...2)
        var tables: [(db: String?, name: String)] = []
        for t in 1...tableCount {
            emit(.sql(.init(node: pick(names), sql: "CREATE TABLE t\(t) (k INTEGER PRIMARY KEY, v TEXT, n INTEGER NOT NULL DEFAULT 0)", expect: [.any])))
            tables.append((nil, "t\(t)"))
        }
        if rng.chance(0.3) {
            emit(.sql(.init(node: pick(names), sql: "CREATE DATABASE other", expect: [.any])))
            emit(.awaitConverged(within: 30_000))
            emit(.sql(.init(node: pick(names), database: "other", sql: "CREATE TABLE u (k INTEGER PRIMARY KEY, v TEXT, n INTEGER NOT NULL DEFAULT 0)", expect: [.any])))
            tables.append(("other", "u"))
        }
        emit(.awaitConverged(within: 30_000))

        // Safety phase: workload and faults on a timeline.
        safetyMillis = between(6000, 14_000)
        var time: Int64 = 0
        var down: [String: Int] = [:]            // crashed node -> the unit of its crash
        var members = names
        var pendingEnds: [(at: Int64, unit: Int, commands: [ScenarioCommand.Command])] = []
        var partitioned = false
        var faulty = false
        var joined = false
        let faultiness = rng.unit()              // how fault-heavy this run is
        let parameters = [
            "seed=\(seed) nodes=\(n) consistency=\(spec.consistency!) gossip=\(gossip)ms delay=\(spec.delay!.lowerBound)..\(spec.delay!.upperBound)ms",
            "tables=\(tables.map { ($0.db.map { $0 + "." } ?? "") + $0.name }.joined(separator: ",")) small_log=\(smallLog) safety=\(safetyMillis)ms faultiness=\(String(format3(faultiness)))",
        ]
        while time < safetyMillis {
            // Faults whose time is up end first.
            pendingEnds.sort { ($0.at, $0.unit) < ($1.at, $1.unit) }
            while let first = pendingEnds.first, first.at <= time {
                pendingEnds.removeFirst()
                for c in first.commands {
                    emit(c, unit: first.unit)
                    switch c {
                    case .restart(let x): down[x] = nil
                    case .heal: partitioned = false
                    case .faults: faulty = false
                    default: break
                    }
                }
            }
            let live = members.filter { down[$0] == nil }
            if rng.chance(0.15 + 0.35 * faultiness) {
                let unit = newUnit()
                let lasting = between(800, 5000)
                switch rng.int(in: 0...7) {
                case 0, 1:
                    guard !partitioned else { break }
                    var shuffled = members
                    rng.shuffle(&shuffled)
                    let cut = rng.int(in: 1...(shuffled.count - 1))
                    emit(.partition([Array(shuffled[..<cut]).sorted(), Array(shuffled[cut...]).sorted()]), unit: unit)
                    partitioned = true
                    pendingEnds.append((time + lasting, unit, [.heal]))
                case 2:
                    guard !partitioned else { break }
                    let a = pick(members)
                    let b = pick(members.filter { $0 != a })
                    emit(.block(from: a, to: b), unit: unit)
                    partitioned = true
                    pendingEnds.append((time + lasting, unit, [.heal]))
                case 3, 4:
                    // Keep a majority of the nodes up, so QUORUM can make progress sometimes.
                    guard live.count > members.count / 2 + 1 || (live.count > 1 && rng.chance(0.2)) else { break }
                    let x = pick(live)
                    emit(.crash(x), unit: unit)
                    down[x] = unit
                    pendingEnds.append((time + lasting, unit, [.restart(x)]))
                case 5:
                    guard !faulty else { break }
                    let rates = FaultRates(
                        drop: rng.chance(0.7) ? Double(rng.int(in: 1...25)) / 100 : 0,
                        duplicate: rng.chance(0.5) ? Double(rng.int(in: 1...20)) / 100 : 0,
                        reorder: rng.chance(0.5) ? Double(rng.int(in: 1...30)) / 100 : 0)
                    guard !rates.isNone else { break }
                    emit(.faults(rates), unit: unit)
                    faulty = true
                    pendingEnds.append((time + lasting, unit, [.faults(.none)]))
                case 6:
                    let x = pick(members)
                    if rng.chance(0.5) {
                        let jump = between(300, 4000) * (rng.chance(0.5) ? 1 : -1)
                        emit(.skew(x, jump), unit: unit)
                    } else {
                        emit(.drift(x, pick([0.999, 0.9995, 1.0005, 1.001])), unit: unit)
                    }
                default:
                    guard !joined, members.count < 6, rng.chance(0.3) else { break }
                    let x = SimulatedNode.name(of: members.count)
                    // A node joins through a: only when a is up and reachable.
                    guard down["a"] == nil, !partitioned else { break }
                    emit(.join(x), unit: newUnit())
                    members.append(x)
                    joined = true
                }
            } else if !live.isEmpty && rng.chance(0.25) {
                // An explicit transaction of one client session: BEGIN, a few writes, COMMIT,
                // submitted together (a node handles them in order).
                let unit = newUnit()
                let (db, table) = pick(tables)
                let node = pick(live)
                let session = UInt64(1000 + unit)
                emit(.submit(.init(node: node, database: db, session: session, sql: "BEGIN", expect: [.any])), unit: unit)
                for _ in 0..<rng.int(in: 1...3) {
                    emit(.submit(.init(node: node, database: db, session: session, sql: dmlStatement(table: table), expect: [.any])), unit: unit)
                }
                emit(.submit(.init(node: node, database: db, session: session, sql: rng.chance(0.85) ? "COMMIT" : "ROLLBACK", expect: [.any])), unit: unit)
            } else if !live.isEmpty {
                let unit = newUnit()
                let count = rng.int(in: 1...3)
                for _ in 0..<count {
                    let (db, table) = pick(tables)
                    let node = pick(live)
                    let consistency: Consistency? = rng.chance(0.2) ? pick([.one, .quorum, .all]) : nil
                    emit(.submit(.init(node: node, database: db, consistency: consistency, sql: statement(table: table), expect: [.any])), unit: unit)
                }
            }
            let step = between(20, 400)
            emit(.advance(step))
            time += step
        }

        // Liveness phase.
        emit(.heal)
        emit(.faults(.none))
        for x in members { if let unit = down[x] { emit(.restart(x), unit: unit) } }
        emit(.awaitReplies(within: 60_000))
        emit(.awaitConverged(within: 60_000))

        let scenario = Scenario(name: "explore-\(seed)", commands: commands)
        return ExplorerRun(seed: seed, scenario: scenario, units: units, parameters: parameters)
    }

    /// A row write (no DDL): what a transaction of the workload runs.
    private mutating func dmlStatement(table: String) -> String {
        while true {
            let sql = statement(table: table)
            if !sql.hasPrefix("CREATE") { return sql }
        }
    }

    private mutating func statement(table: String) -> String {
        nextValue += 1
        let k = rng.int(in: 1...8)
        let v = "'v\(nextValue)'"
        switch rng.int(in: 0...9) {
        case 0, 1: return "INSERT INTO \(table) (k, v, n) VALUES (\(k), \(v), \(nextValue))"
        case 2: return "REPLACE INTO \(table) (k, v, n) VALUES (\(k), \(v), \(nextValue))"
        case 3, 4: return "UPDATE \(table) SET v = \(v), n = n + 1 WHERE k = \(k)"
        case 5: return "DELETE FROM \(table) WHERE k = \(k)"
        case 6, 7: return "INSERT INTO \(table) (k, v, n) VALUES (\(k), \(v), 1) ON CONFLICT(k) DO UPDATE SET v = excluded.v, n = \(table).n + 1"
        case 8: return "UPDATE \(table) SET n = n + 1 WHERE k <= \(rng.int(in: 1...4))"
        default:
            switch rng.int(in: 0...2) {
            case 0: return "CREATE INDEX IF NOT EXISTS \(table)_n ON \(table) (n)"
            case 1: return "CREATE TABLE IF NOT EXISTS extra\(rng.int(in: 1...2)) (id INTEGER PRIMARY KEY, note TEXT)"
            default: return "DELETE FROM \(table) WHERE n > \(rng.int(in: 5...50))"
            }
        }
    }
}

/// Three decimals, without Foundation's formatting.
func format3(_ x: Double) -> String {
    let scaled = Int((x * 1000).rounded())
    let s = String(scaled / 1000) + "." + String(1000 + scaled % 1000).dropFirst()
    return s
}
