import Protocol

/// A few `SWIMMembership` machines on a fake network with a manual clock, entirely in the
/// test: messages arrive after a fixed delay, timers fire in time order (ties in the order
/// they were set), links can be cut and nodes crashed or restarted. Deterministic.
struct ClusterHarness {
    struct Observation: Equatable {
        var at: Milliseconds
        var node: NodeID
        var action: MembershipAction
    }

    private enum Item {
        case deliver(from: NodeID, to: NodeID, Message)
        case timer(NodeID, generation: Int, MembershipTimer)
    }

    private struct Scheduled {
        var at: Milliseconds
        var order: UInt64
        var item: Item
    }

    private struct Node {
        var machine: SWIMMembership
        var generation: Int
    }

    var config: ProtocolConfig
    var delay: Milliseconds = 10
    private(set) var now: Milliseconds = 0
    private var nodes: [NodeID: Node] = [:]
    private var queue: [Scheduled] = []
    private var order: UInt64 = 0
    private var crashed: Set<NodeID> = []
    /// Directed links that drop everything.
    private var cut: Set<[NodeID]> = []
    /// Every action of every node, in execution order.
    private(set) var trace: [Observation] = []

    init(config: ProtocolConfig = ProtocolConfig()) { self.config = config }

    static func address(_ id: NodeID) -> String { "10.0.0.\(id.rawValue):7946" }

    static func myself(_ id: NodeID, incarnation: UInt64 = 0) -> MemberInfo {
        MemberInfo(id: id, address: address(id), incarnation: incarnation, state: .alive)
    }

    // MARK: Cluster control

    /// Adds and starts a node (replacing a crashed one of the same id: a restart).
    mutating func start(_ id: NodeID, seeds: [NodeID] = [], incarnation: UInt64 = 0, knownMembers: [MemberInfo] = [], randomSeed: UInt64? = nil) {
        let machine = SWIMMembership(
            myself: Self.myself(id, incarnation: incarnation),
            seedAddresses: seeds.map(Self.address),
            knownMembers: knownMembers,
            config: config,
            randomSeed: randomSeed ?? id.rawValue &* 0x9E37_79B9
        )
        let generation = (nodes[id]?.generation ?? 0) + 1
        nodes[id] = Node(machine: machine, generation: generation)
        crashed.remove(id)
        apply(.start, to: id)
    }

    /// The node stops: nothing reaches it, its timers never fire.
    mutating func crash(_ id: NodeID) { crashed.insert(id) }

    mutating func partition(_ a: [NodeID], _ b: [NodeID]) {
        for x in a { for y in b { cut.insert([x, y]); cut.insert([y, x]) } }
    }

    mutating func isolate(_ id: NodeID) {
        partition([id], nodes.keys.filter { $0 != id })
    }

    mutating func heal() { cut.removeAll() }

    /// An operator command (or any event) at the current time.
    mutating func apply(_ event: MembershipEvent, to id: NodeID) {
        guard var node = nodes[id] else { return }
        let actions = node.machine.handle(event, now: now)
        nodes[id] = node
        execute(actions, of: id, generation: node.generation)
    }

    func machine(_ id: NodeID) -> SWIMMembership { nodes[id]!.machine }

    var liveNodes: [NodeID] { nodes.keys.filter { !crashed.contains($0) }.sorted() }

    /// What `observer` believes about `subject`.
    func state(of subject: NodeID, at observer: NodeID) -> MemberState? { machine(observer).state(of: subject) }

    // MARK: Running

    /// Runs every event due up to `time`, then sets the clock to `time`.
    mutating func run(until time: Milliseconds) {
        while let index = nextIndex(), queue[index].at <= time { step(index) }
        now = max(now, time)
    }

    mutating func run(for duration: Milliseconds) { run(until: now + duration) }

    /// Runs until `condition` holds (checked after every event) or `deadline`; returns the
    /// time it first held, nil if it never did.
    mutating func run(until deadline: Milliseconds, where condition: (ClusterHarness) -> Bool) -> Milliseconds? {
        if condition(self) { return now }
        while let index = nextIndex(), queue[index].at <= deadline {
            step(index)
            if condition(self) { return now }
        }
        now = max(now, deadline)
        return nil
    }

    /// The first time `observer` reported `subject` in `state`, at or after `since`.
    func firstChange(of subject: NodeID, to state: MemberState, at observer: NodeID, since: Milliseconds = 0) -> Milliseconds? {
        trace.first { obs in
            guard obs.at >= since, obs.node == observer, case .memberChanged(let info) = obs.action else { return false }
            return info.id == subject && info.state == state
        }?.at
    }

    private func nextIndex() -> Int? {
        queue.indices.min { (queue[$0].at, queue[$0].order) < (queue[$1].at, queue[$1].order) }
    }

    private mutating func step(_ index: Int) {
        let next = queue.remove(at: index)
        now = max(now, next.at)
        switch next.item {
        case .deliver(let from, let to, let message):
            // Checked again on arrival: a partition or crash may have started in flight.
            guard !crashed.contains(to), !cut.contains([from, to]) else { return }
            apply(.received(from: from, message), to: to)
        case .timer(let id, let generation, let timer):
            guard !crashed.contains(id), nodes[id]?.generation == generation else { return }
            apply(.timerFired(timer), to: id)
        }
    }

    private mutating func execute(_ actions: [MembershipAction], of id: NodeID, generation: Int) {
        for action in actions {
            trace.append(Observation(at: now, node: id, action: action))
            switch action {
            case .send(let to, let message):
                send(message, from: id, to: to)
            case .sendToAddress(let address, let message):
                if let to = nodes.keys.first(where: { Self.address($0) == address }) { send(message, from: id, to: to) }
            case .setTimer(let timer, let at):
                enqueue(.timer(id, generation: generation, timer), at: at)
            case .memberChanged:
                break
            }
        }
    }

    private mutating func send(_ message: Message, from: NodeID, to: NodeID) {
        guard !crashed.contains(from), !cut.contains([from, to]) else { return }
        enqueue(.deliver(from: from, to: to, message), at: now + delay)
    }

    private mutating func enqueue(_ item: Item, at: Milliseconds) {
        order += 1
        queue.append(Scheduled(at: at, order: order, item: item))
    }
}
