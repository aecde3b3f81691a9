import Foundation
import Node
import Protocol
import Storage

/// Many nodes in one process on one thread, in virtual time. The simulation owns the event
/// queue, the network, every node's clock and process, the client calls of the scenario and
/// the record the invariants read. Same options and same calls: same run, same trace hash.
///
/// A crash loses what the process held in memory (pending timers, in-flight coordination,
/// messages addressed to it); the SQLite files keep everything committed, as with a killed
/// process on a machine that stays up (the un-synced-data rule of Scenarios/README.md).
public final class Simulation {
    public let options: SimulationOptions
    public let directory: String
    public private(set) var now: Int64
    public private(set) var network: SimulatedNetwork
    public private(set) var trace = TraceHash()
    public internal(set) var record = RunRecord()
    /// Client calls by request id.
    public private(set) var calls: [UInt64: ClientCall] = [:]
    /// Errors that make the run meaningless (a node that could not be opened, an event storm).
    public private(set) var internalErrors: [String] = []
    public private(set) var eventsProcessed = 0
    public private(set) var messagesDelivered = 0

    var nodes: [SimulatedNode] = []
    private var queue = EventQueue<SimulationEvent>()
    private var networkRandom: Xoshiro256
    private var nextRequestID: UInt64 = 1
    private var nextTimerToken: UInt64 = 1
    private var eventsAtCurrentTime = 0
    private var tornDown = false

    /// Events at one virtual millisecond beyond which the run is declared stuck.
    public static let eventStormLimit = 200_000

    public init(options: SimulationOptions) throws {
        self.options = options
        self.now = options.startTime
        self.network = SimulatedNetwork(configuration: options.network)
        self.network.faults = options.faults
        self.networkRandom = Xoshiro256(seed: SeedMixer.mix(options.seed, "network"))
        self.directory = try Simulation.makeTemporaryDirectory(root: options.dataRoot, seed: options.seed)
    }

    deinit {
        if !tornDown { tearDown() }
    }

    // MARK: Nodes

    public var nodeNames: [String] { nodes.map(\.name) }
    public var liveNodeNames: [String] { nodes.filter(\.isRunning).map(\.name) }

    /// Nodes that are running and were not removed by an operator: the ones that must converge.
    public var activeNodeNames: [String] { nodes.filter { $0.isRunning && !$0.removed }.map(\.name) }

    public func isRunning(_ name: String) -> Bool { node(named: name)?.isRunning ?? false }

    /// The running process of `name`, for reads (members, storage). Nil while crashed.
    public func process(_ name: String) -> MarmotNode? { node(named: name)?.process }

    public func clock(of name: String) -> SimulatedClock? { node(named: name)?.clock }

    public func localTime(of name: String) -> Int64? { node(named: name)?.clock.local(at: now) }

    func node(named name: String) -> SimulatedNode? { nodes.first { $0.name == name } }

    private func index(of name: String) -> Int? { nodes.firstIndex { $0.name == name } }

    /// Add a node (not started). The initial cluster lists every other initial node as a seed;
    /// a node joining later lists the seeds it is given.
    @discardableResult
    func addNode(name: String, seeds: [String]) throws -> SimulatedNode {
        guard let id = SimulatedNode.nodeID(of: name) else { throw SimulationError("bad node name '\(name)': use one letter a-z") }
        guard node(named: name) == nil else { throw SimulationError("node \(name) already exists") }
        let dir = directory + "/" + name
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let n = SimulatedNode(name: name, id: id, dataDirectory: dir, seedAddresses: seeds, clock: SimulatedClock(global: now))
        nodes.append(n)
        record.clocks[name] = ClockHistory(since: now, clock: n.clock)
        record.clusterSizes.append((at: now, count: nodes.count))
        return n
    }

    /// Create `count` nodes a, b, c, ... each seeded with all the others, and start them.
    public func startCluster(count: Int) throws {
        let names = (0..<count).map(SimulatedNode.name(of:))
        for name in names {
            try addNode(name: name, seeds: names.filter { $0 != name }.map(SimulatedNode.address(of:)))
        }
        log("seed=\(options.seed) nodes=\(names.joined(separator: ",")) \(options.network) \(network.faults) dir=\(directory)")
        log("config: \(Simulation.describe(options.protocolConfig))")
        for name in names { try startProcess(name) }
    }

    /// A new node that joins through node a's address.
    public func join(_ name: String, through seed: String = "a") throws {
        try addNode(name: name, seeds: [SimulatedNode.address(of: seed)])
        try startProcess(name)
    }

    public func crash(_ name: String) throws {
        guard let n = node(named: name) else { throw SimulationError("no node \(name)") }
        guard let process = n.process else { throw SimulationError("node \(name) is not running") }
        process.shutdown()
        n.process = nil
        n.timers.removeAll()
        n.crashedAt = now
        n.lastEnvelopeClock = nil
        if let i = record.lives.lastIndex(where: { $0.node == name && $0.ended == nil }) { record.lives[i].ended = now }
        // Statements in flight on the crashed node lose their connection.
        let lost = calls.keys.filter { calls[$0]?.node == name && calls[$0]?.reply == nil }.sorted()
        for id in lost {
            deliverReply(ClientReply(id: id, result: .failure(ClientError(code: ClientCall.connectionLost, message: "Lost connection to MySQL server during query (node \(name) crashed)"))))
        }
        log("crash \(name)")
    }

    public func restart(_ name: String) throws {
        guard let n = node(named: name) else { throw SimulationError("no node \(name)") }
        guard !n.isRunning else { throw SimulationError("node \(name) is already running") }
        try startProcess(name)
        log("restart \(name)")
    }

    private func startProcess(_ name: String) throws {
        guard let n = node(named: name) else { throw SimulationError("no node \(name)") }
        n.life += 1
        n.crashedAt = nil
        n.lastEnvelopeClock = nil
        let configuration = NodeConfiguration(
            id: n.id,
            address: n.address,
            seedAddresses: n.seedAddresses,
            protocolConfig: options.protocolConfig,
            synchronous: .off
        )
        let seed = SeedMixer.mix(SeedMixer.mix(options.seed, "node"), n.id.rawValue, UInt64(n.life))
        let process: MarmotNode
        do {
            process = try MarmotNode(configuration: configuration, dataDirectory: n.dataDirectory, randomSeed: seed)
        } catch {
            let message = "node \(name) could not open \(n.dataDirectory): \(error)"
            internalErrors.append(message)
            throw SimulationError(message)
        }
        n.process = process
        record.lives.append(RunRecord.Life(node: name, life: n.life, started: now, ended: nil))
        let i = index(of: name)!
        perform(process.start(now: n.clock.monotonic(at: now), wall: n.clock.local(at: now)), node: i)
    }

    // MARK: Clocks

    /// Step `name`'s wall clock by `delta` ms. Its timers run on the monotonic clock and stay
    /// where they are; its HLC sees the step.
    public func skew(_ name: String, by delta: Int64) throws {
        guard let n = node(named: name) else { throw SimulationError("no node \(name)") }
        n.clock.jump(by: delta, at: now)
        record.clockChanges.append(.init(node: name, at: now, isJump: true, description: "skew \(delta)ms"))
        record.clocks[name]?.append(since: now, clock: n.clock)
    }

    public func drift(_ name: String, rate: Double) throws {
        guard let n = node(named: name) else { throw SimulationError("no node \(name)") }
        guard rate > 0 else { throw SimulationError("drift must be positive") }
        n.clock.setDrift(rate, at: now)
        record.clockChanges.append(.init(node: name, at: now, isJump: false, description: "drift \(rate)"))
        record.clocks[name]?.append(since: now, clock: n.clock)
        rearmTimers(of: n)
    }

    private func rearmTimers(of n: SimulatedNode) {
        guard let i = index(of: n.name) else { return }
        let armed = n.timers.sorted { ($0.value.localAt, $0.value.token) < ($1.value.localAt, $1.value.token) }
        for (timer, old) in armed {
            arm(timer, at: old.localAt, node: i)
        }
    }

    // MARK: Network

    public func partition(_ groups: [[String]]) {
        let wasPartitioned = network.isPartitioned
        network.partition(groups, allNodes: nodeNames)
        if !wasPartitioned { record.partitions.append(.init(started: now, ended: nil)) }
        log("partition \(groups.map { $0.joined(separator: " ") }.joined(separator: " | "))")
    }

    public func block(from: String, to: String) {
        let wasPartitioned = network.isPartitioned
        network.block(from: from, to: to)
        if !wasPartitioned { record.partitions.append(.init(started: now, ended: nil)) }
        log("partition \(from) -> \(to)")
    }

    public func heal() {
        if network.isPartitioned, let i = record.partitions.indices.last { record.partitions[i].ended = now }
        network.heal()
        log("heal")
    }

    public func setFaults(_ faults: FaultRates) {
        network.faults = faults
        log("faults: \(faults)")
    }

    // MARK: Clients and operators

    /// Send a statement to `node` as a client; the reply lands in `calls[id]`.
    @discardableResult
    public func submit(node name: String, sql: String, database: String, consistency: Consistency? = nil, session: UInt64 = 0) -> UInt64 {
        let id = nextRequestID
        nextRequestID += 1
        let request = ClientRequest(id: id, database: database, sql: sql, consistency: consistency, session: session)
        let n = node(named: name)
        calls[id] = ClientCall(request: request, node: name, life: n?.life ?? 0, submittedAt: now, reply: nil, repliedAt: nil)
        guard let n, let process = n.process, let i = index(of: name) else {
            deliverReply(ClientReply(id: id, result: .failure(ClientError(code: ClientCall.cannotConnect, message: "Can't connect to MySQL server on node \(name) (not running)"))))
            return id
        }
        perform(process.handle(.client(request), now: n.clock.monotonic(at: now), wall: n.clock.local(at: now)), node: i)
        return id
    }

    public func admin(_ command: AdminCommand, on name: String) throws {
        guard let n = node(named: name), let process = n.process, let i = index(of: name) else {
            throw SimulationError("node \(name) is not running")
        }
        switch command {
        case .remove(let id): nodes.first { $0.id == id }?.removed = true
        case .allow(let id): nodes.first { $0.id == id }?.removed = false
        }
        perform(process.handle(.admin(command), now: n.clock.monotonic(at: now), wall: n.clock.local(at: now)), node: i)
    }

    public func call(_ id: UInt64) -> ClientCall? { calls[id] }

    /// Requests still waiting for their reply, by id.
    public var pendingCalls: [UInt64] { calls.keys.filter { calls[$0]?.reply == nil }.sorted() }

    // MARK: Running

    /// Process the next event, if any. Returns false when the queue is empty or the run stopped.
    @discardableResult
    public func step() -> Bool {
        guard internalErrors.isEmpty, let entry = queue.pop() else { return false }
        if entry.time > now {
            now = entry.time
            eventsAtCurrentTime = 0
        }
        eventsAtCurrentTime += 1
        eventsProcessed += 1
        if eventsAtCurrentTime > Simulation.eventStormLimit {
            internalErrors.append("event storm: more than \(Simulation.eventStormLimit) events at virtual time \(now) (a timer or message loop that never lets time pass)")
            return false
        }
        switch entry.payload {
        case let .deliver(envelope, from, to, life):
            let target = nodes[to]
            guard target.life == life, let process = target.process else { return true }
            guard network.canDeliver(from: nodes[from].name, to: target.name) else { return true }
            messagesDelivered += 1
            trace.fold(UInt8(1))
            trace.fold(now)
            trace.fold(nodes[from].id.rawValue)
            trace.fold(target.id.rawValue)
            trace.fold(MessageCodec.encode(envelope))
            perform(process.handle(.message(envelope), now: target.clock.monotonic(at: now), wall: target.clock.local(at: now)), node: to)
        case let .timer(i, timer, token, life):
            let n = nodes[i]
            guard n.life == life, let process = n.process, let armed = n.timers[timer], armed.token == token else { return true }
            n.timers[timer] = nil
            trace.fold(UInt8(2))
            trace.fold(now)
            trace.fold(n.id.rawValue)
            trace.fold(timer.description)
            perform(process.handle(.timer(timer), now: n.clock.monotonic(at: now), wall: n.clock.local(at: now)), node: i)
        }
        return true
    }

    /// Run every event up to and including global time `time`, then stand at `time`.
    public func run(until time: Int64) {
        while internalErrors.isEmpty, let next = queue.nextTime, next <= time { step() }
        if internalErrors.isEmpty && time > now {
            now = time
            eventsAtCurrentTime = 0
        }
    }

    public func advance(by millis: Int64) { run(until: now + millis) }

    /// Run until `done()` holds or `deadline` passes. With `checkEvery` the condition is
    /// evaluated at that virtual period (for costly checks); without, after every event.
    public func run(until deadline: Int64, checkEvery: Int64? = nil, _ done: () -> Bool) -> Bool {
        if done() { return true }
        if let every = checkEvery {
            while internalErrors.isEmpty && now < deadline {
                run(until: min(now + every, deadline))
                if done() { return true }
            }
            return false
        }
        while internalErrors.isEmpty, let next = queue.nextTime, next <= deadline {
            step()
            if done() { return true }
        }
        if internalErrors.isEmpty && deadline > now { now = deadline }
        return done()
    }

    // MARK: Actions

    private func perform(_ actions: [NodeAction], node i: Int) {
        let n = nodes[i]
        for action in actions {
            switch action {
            case .send(let envelope):
                checkEnvelopeClock(envelope, node: n)
                guard let to = nodes.firstIndex(where: { $0.id == envelope.to }) else { continue }
                send(envelope, from: i, to: to)
            case .sendToAddress(let address, let envelope):
                checkEnvelopeClock(envelope, node: n)
                guard let to = nodes.firstIndex(where: { $0.address == address }) else { continue }
                send(envelope, from: i, to: to)
            case .setTimer(let timer, let at):
                arm(timer, at: at, node: i)
            case .cancelTimer(let timer):
                n.timers[timer] = nil
            case .reply(let reply):
                deliverReply(reply)
            case .observe(let observation):
                observe(observation, node: n)
            }
        }
    }

    private func send(_ envelope: Envelope, from i: Int, to j: Int) {
        let target = nodes[j]
        guard target.isRunning else { return }
        let times = network.deliveryTimes(from: nodes[i].name, to: target.name, now: now, rng: &networkRandom)
        for t in times {
            queue.push(at: t, .deliver(envelope, from: i, to: j, life: target.life))
        }
    }

    private func arm(_ timer: NodeTimer, at localAt: Int64, node i: Int) {
        let n = nodes[i]
        let token = nextTimerToken
        nextTimerToken += 1
        n.timers[timer] = SimulatedNode.ArmedTimer(token: token, localAt: localAt)
        queue.push(at: n.clock.globalTime(forMonotonic: localAt, notBefore: now), .timer(node: i, timer, token: token, life: n.life))
    }

    private func checkEnvelopeClock(_ envelope: Envelope, node n: SimulatedNode) {
        if let last = n.lastEnvelopeClock, !(envelope.clock > last) {
            record.immediateViolations.append("HLC: node \(n.name) (life \(n.life)) sent an envelope with clock \(envelope.clock) not after its previous \(last) at t=\(relative(now))")
        }
        if envelope.from != n.id {
            record.immediateViolations.append("node \(n.name) sent an envelope claiming to be from \(envelope.from)")
        }
        n.lastEnvelopeClock = envelope.clock
    }

    private func deliverReply(_ reply: ClientReply) {
        guard var call = calls[reply.id] else {
            record.immediateViolations.append("a reply for unknown request \(reply.id)")
            return
        }
        if call.reply != nil {
            record.immediateViolations.append("request \(reply.id) answered twice: \(call.resultDescription) then \(ClientCall.describe(reply.result))")
            return
        }
        call.reply = reply
        call.repliedAt = now
        calls[reply.id] = call
        trace.fold(UInt8(3))
        trace.fold(now)
        trace.fold(reply.id)
        trace.fold(ClientCall.describe(reply.result))
    }

    private func observe(_ observation: NodeObservation, node n: SimulatedNode) {
        switch observation {
        case .applied(let txn):
            record.applied.append(.init(node: n.name, life: n.life, at: now, transaction: txn))
        case let .snapshotInstalled(database, covers):
            record.snapshots.append((node: n.name, at: now, database: database, covers: covers))
            let text = "\(relative(now)) \(n.name): snapshot of \(database) installed"
            record.log(text)
            if options.verbose { log(text) }
        case let .aborted(id, _):
            record.aborted.append(.init(node: n.name, at: now, transaction: id))
        case .memberChanged(let info):
            record.members.append(.init(observer: n.name, life: n.life, at: now, member: info))
            if options.verbose { log("\(relative(now)) \(n.name): member \(info.id) \(info.state) inc \(info.incarnation)") }
        case let .leaseHeld(database, lease, from, until):
            record.leasesHeld.append(.init(
                node: n.name, life: n.life, at: now, database: database, lease: lease,
                localFrom: from, localUntil: until))
        case let .leaseReleased(database, lease):
            record.leasesReleased.append(.init(node: n.name, life: n.life, at: now, database: database, lease: lease))
        case .log(let line):
            let text = "\(relative(now)) \(n.name): \(line)"
            record.log(text)
            if options.verbose { log(text) }
        }
    }

    // MARK: Output and cleanup

    /// Milliseconds since the start of the run, for messages.
    public func relative(_ global: Int64) -> String { "t+\(global - options.startTime)ms" }

    public func log(_ line: String) { options.log?(line) }

    /// Close every node and remove the data directory unless asked to keep it.
    public func tearDown() {
        guard !tornDown else { return }
        tornDown = true
        for n in nodes {
            n.process?.shutdown()
            n.process = nil
        }
        if !options.keepData {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    private static func makeTemporaryDirectory(root: String?, seed: UInt64) throws -> String {
        var base = root ?? NSTemporaryDirectory()
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        var template = Array((base + "/marmot-sim-\(seed)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let p = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: p)
        }
        guard let made else { throw SimulationError("cannot create a temporary directory under \(base)") }
        return made
    }

    public static func describe(_ c: ProtocolConfig) -> String {
        "gossip=\(c.gossipIntervalMillis)ms fanout=\(c.gossipFanout) suspect=\(c.suspectTimeoutMillis)ms dead=\(c.deadTimeoutMillis)ms "
            + "ping=\(c.pingTimeoutMillis)ms heartbeat=\(c.heartbeatTimeoutMillis)ms lock_wait=\(c.lockWaitTimeoutMillis)ms "
            + "prepare=\(c.prepareTimeoutMillis)ms commit=\(c.commitTimeoutMillis)ms consistency=\(c.defaultWriteConsistency) "
            + "anti_entropy=\(c.antiEntropyIntervalMillis)ms delta_threshold=\(c.deltaSyncThresholdTransactions) "
            + "delta_threshold_time=\(c.deltaSyncThresholdMillis)ms gc_min=\(c.gcMinRetentionMillis)ms gc_max=\(c.gcMaxRetentionMillis)ms "
            + "lease=\(c.ddlLockLeaseMillis)ms"
    }
}
