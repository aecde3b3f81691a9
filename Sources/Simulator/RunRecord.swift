import Node
import Protocol

/// Everything a run observed that the invariant checkers need afterwards, in the order it
/// happened (global virtual time). Only appended to; read after the run.
public struct RunRecord {
    public struct Applied {
        public var node: String
        public var life: Int
        public var at: Int64
        public var transaction: CommittedTransaction
    }

    public struct MemberSeen {
        public var observer: String
        public var life: Int
        public var at: Int64
        public var member: MemberInfo
    }

    public struct LeaseHeld {
        public var node: String
        public var life: Int
        public var at: Int64
        public var database: String
        public var lease: LeaseID
        /// The lease as the holder reported it, on its local clock.
        public var localFrom: Int64
        public var localUntil: Int64
    }

    public struct LeaseReleased {
        public var node: String
        public var life: Int
        public var at: Int64
        public var database: String
        public var lease: LeaseID
    }

    /// One process life of one node: from its start to its crash (nil while running).
    public struct Life {
        public var node: String
        public var life: Int
        public var started: Int64
        public var ended: Int64?
    }

    /// An interval during which the network was partitioned (groups or one-way blocks).
    public struct Outage {
        public var started: Int64
        public var ended: Int64?
    }

    public struct ClockChange {
        public var node: String
        public var at: Int64
        /// True for a step (`skew`), false for a new rate (`drift`).
        public var isJump: Bool
        public var description: String
    }

    public var applied: [Applied] = []
    /// Transactions their coordinator aborted.
    public var aborted: [Aborted] = []

    public struct Aborted: Sendable {
        public var node: String
        public var at: Int64
        public var transaction: TransactionID
    }
    public var snapshots: [(node: String, at: Int64, database: String, covers: [StreamState])] = []
    public var members: [MemberSeen] = []
    public var leasesHeld: [LeaseHeld] = []
    public var leasesReleased: [LeaseReleased] = []
    public var lives: [Life] = []
    public var partitions: [Outage] = []
    public var clockChanges: [ClockChange] = []
    /// Each node's clocks over the run, by node name (read by lookup, never iterated).
    public var clocks: [String: ClockHistory] = [:]
    /// How many nodes had been added by a given time: (time, count) in order.
    public var clusterSizes: [(at: Int64, count: Int)] = []
    /// Violations noticed while running (envelope clocks going backwards, double replies).
    public var immediateViolations: [String] = []
    /// The last log lines of the nodes, for failure reports.
    public var recentLogs: [String] = []
    public var maxRecentLogs = 60

    public init() {}

    mutating func log(_ line: String) {
        recentLogs.append(line)
        if recentLogs.count > maxRecentLogs { recentLogs.removeFirst(recentLogs.count - maxRecentLogs) }
    }

    /// Steps of `node`'s clock in [from, to].
    public func clockJumped(_ node: String, from: Int64, to: Int64) -> Bool {
        clockChanges.contains { $0.node == node && $0.isJump && $0.at >= from && $0.at <= to }
    }

    /// Any clock change (step or rate) of `node` in [from, to].
    public func clockChanged(_ node: String, from: Int64, to: Int64) -> Bool {
        clockChanges.contains { $0.node == node && $0.at >= from && $0.at <= to }
    }

    public func clusterSize(at time: Int64) -> Int {
        clusterSizes.last { $0.at <= time }?.count ?? 0
    }

    /// Whether any partition was in force at some instant of [from, to].
    public func partitioned(from: Int64, to: Int64) -> Bool {
        partitions.contains { $0.started <= to && ($0.ended ?? Int64.max) >= from }
    }
}
