import Protocol

/// The `cluster` line: size, default consistency, seed, timings and network delays. Options
/// left out take the simulator's defaults (`ClusterSpec.defaults...`, short timings so runs
/// are fast); Scenarios/README.md lists them.
public struct ClusterSpec: Hashable, Sendable {
    public var nodes: Int
    public var consistency: Consistency?
    public var seed: UInt64?
    public var gossip: Int64?
    public var fanout: Int?
    public var suspect: Int64?
    public var dead: Int64?
    public var ping: Int64?
    public var indirect: Int?
    public var antiEntropy: Int64?
    public var prepare: Int64?
    public var commit: Int64?
    public var heartbeat: Int64?
    public var lockWait: Int64?
    public var lease: Int64?
    public var deltaThreshold: UInt64?
    public var deltaThresholdTime: Int64?
    public var deltaBatch: UInt32?
    public var gcMin: Int64?
    public var gcMax: Int64?
    /// Message delay range in ms.
    public var delay: ClosedRange<Int64>?
    /// Probability and extra delay of the slow tail.
    public var tail: Tail?

    public struct Tail: Hashable, Sendable {
        public var probability: Double
        public var extra: Int64
        public init(probability: Double, extra: Int64) { self.probability = probability; self.extra = extra }
    }

    public init(nodes: Int) { self.nodes = nodes }

    public static let defaultSeed: UInt64 = 1
    public static let defaultDelay: ClosedRange<Int64> = 1...20

    /// The protocol configuration this line asks for, on top of the simulator's defaults.
    public var protocolConfig: ProtocolConfig {
        var c = ProtocolConfig()
        c.gossipIntervalMillis = gossip ?? 200
        c.gossipFanout = fanout ?? 3
        c.suspectTimeoutMillis = suspect ?? 1000
        c.deadTimeoutMillis = dead ?? 3000
        c.pingTimeoutMillis = ping ?? 100
        c.indirectProbes = indirect ?? 2
        c.enableAntiEntropy = true
        c.antiEntropyIntervalMillis = antiEntropy ?? 1000
        c.prepareTimeoutMillis = prepare ?? 1000
        c.commitTimeoutMillis = commit ?? 1000
        c.abortTimeoutMillis = commit ?? 1000
        c.heartbeatTimeoutMillis = heartbeat ?? 2000
        c.lockWaitTimeoutMillis = lockWait ?? 5000
        c.ddlLockLeaseMillis = lease ?? 5000
        c.defaultWriteConsistency = consistency ?? .quorum
        if let deltaThreshold { c.deltaSyncThresholdTransactions = deltaThreshold }
        if let deltaThresholdTime { c.deltaSyncThresholdMillis = deltaThresholdTime }
        if let deltaBatch { c.deltaSyncBatchSize = deltaBatch }
        if let gcMin { c.gcMinRetentionMillis = gcMin }
        if let gcMax { c.gcMaxRetentionMillis = gcMax }
        return c
    }

    public var network: NetworkConfiguration {
        let d = delay ?? ClusterSpec.defaultDelay
        return NetworkConfiguration(minDelay: d.lowerBound, maxDelay: d.upperBound,
                                    tailProbability: tail?.probability ?? 0, tailExtra: tail?.extra ?? 0)
    }
}
