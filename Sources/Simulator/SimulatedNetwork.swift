import Protocol

/// The simulated wire between named nodes: delays, faults, partitions. It only decides *when*
/// (if ever) a message sent now arrives; the simulation schedules the deliveries. Every random
/// draw comes from the generator passed in, in call order.
public struct SimulatedNetwork: Sendable {
    public struct Link: Hashable, Sendable {
        public var from: String
        public var to: String
        public init(from: String, to: String) { self.from = from; self.to = to }
    }

    public var configuration: NetworkConfiguration
    public var faults: FaultRates = .none
    /// Partition groups: a message crosses only inside one group. Nil: fully connected.
    public private(set) var groups: [[String]]? = nil
    /// One-way blocks added by `partition a -> b`.
    public private(set) var blocked: Set<Link> = []
    /// The latest delivery time per link, to keep links FIFO when a message is not reordered.
    private var lastDelivery: [Link: Int64] = [:]

    public init(configuration: NetworkConfiguration) {
        self.configuration = configuration
    }

    public var isPartitioned: Bool { groups != nil || !blocked.isEmpty }

    /// Split the network into `groups`; `allNodes` not named in any group form one more group.
    public mutating func partition(_ newGroups: [[String]], allNodes: [String]) {
        let named = Set(newGroups.flatMap { $0 })
        let rest = allNodes.filter { !named.contains($0) }
        groups = rest.isEmpty ? newGroups : newGroups + [rest]
    }

    public mutating func block(from: String, to: String) {
        blocked.insert(Link(from: from, to: to))
    }

    public mutating func heal() {
        groups = nil
        blocked = []
    }

    /// Whether a message from `from` can reach `to` right now.
    public func canDeliver(from: String, to: String) -> Bool {
        if from == to { return true }
        if blocked.contains(Link(from: from, to: to)) { return false }
        guard let groups else { return true }
        for g in groups where g.contains(from) { return g.contains(to) }
        // A node in no group (joined after the partition) is cut off from everyone.
        return false
    }

    /// Whether `node` is cut off from anyone by the current partition or blocks.
    public func isolatesAnyone(_ node: String, among allNodes: [String]) -> Bool {
        allNodes.contains { $0 != node && (!canDeliver(from: node, to: $0) || !canDeliver(from: $0, to: node)) }
    }

    /// Delivery times for a message sent at `now`: empty when it is lost, two entries when it
    /// is duplicated.
    public mutating func deliveryTimes(from: String, to: String, now: Int64, rng: inout Xoshiro256) -> [Int64] {
        guard canDeliver(from: from, to: to) else { return [] }
        if rng.chance(faults.drop) { return [] }
        var times = [deliveryTime(link: Link(from: from, to: to), now: now, rng: &rng, ordered: true)]
        if rng.chance(faults.duplicate) {
            times.append(deliveryTime(link: Link(from: from, to: to), now: now, rng: &rng, ordered: false))
        }
        return times
    }

    private mutating func deliveryTime(link: Link, now: Int64, rng: inout Xoshiro256, ordered: Bool) -> Int64 {
        var delay = Int64(rng.int(in: Int(configuration.minDelay)...Int(configuration.maxDelay)))
        if rng.chance(configuration.tailProbability) && configuration.tailExtra > 0 {
            delay += Int64(rng.int(in: 0...Int(configuration.tailExtra)))
        }
        let reordered = rng.chance(faults.reorder)
        if reordered || !ordered {
            if reordered && faults.reorderExtra > 0 { delay += Int64(rng.int(in: 0...Int(faults.reorderExtra))) }
            return now + delay
        }
        let at = max(now + delay, lastDelivery[link] ?? 0)
        lastDelivery[link] = at
        return at
    }
}
