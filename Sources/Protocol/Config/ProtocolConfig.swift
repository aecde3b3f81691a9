/// The timings and thresholds the state machines obey, named after the config keys of the
/// spec (`[cluster]`, `[transaction]`, `[coordinator]`, `[replication]`, `[ddl]`). The
/// daemon fills it from TOML; the simulator from a scenario's `cluster` line.
public struct ProtocolConfig: Hashable, Sendable {
    // [cluster]
    public var gossipIntervalMillis: Milliseconds = 1000
    public var gossipFanout: Int = 3
    public var suspectTimeoutMillis: Milliseconds = 5000
    public var deadTimeoutMillis: Milliseconds = 10000
    /// How long a direct ping waits for its ack before indirect probes start.
    public var pingTimeoutMillis: Milliseconds = 300
    /// Members asked to probe indirectly (SWIM's k).
    public var indirectProbes: Int = 3
    // [transaction]
    public var heartbeatTimeoutMillis: Milliseconds = 10000
    public var lockWaitTimeoutMillis: Milliseconds = 50000
    // [coordinator]
    public var prepareTimeoutMillis: Milliseconds = 2000
    public var commitTimeoutMillis: Milliseconds = 2000
    public var abortTimeoutMillis: Milliseconds = 2000
    // [replication]
    public var defaultWriteConsistency: Consistency = .quorum
    public var enableAntiEntropy: Bool = true
    public var antiEntropyIntervalMillis: Milliseconds = 60000
    public var deltaSyncThresholdTransactions: UInt64 = 10000
    public var deltaSyncThresholdMillis: Milliseconds = 3_600_000
    public var deltaSyncBatchSize: UInt32 = 500
    public var gcMinRetentionMillis: Milliseconds = 2 * 3_600_000
    /// 0 means unlimited retention.
    public var gcMaxRetentionMillis: Milliseconds = 24 * 3_600_000
    // [ddl]
    public var ddlLockLeaseMillis: Milliseconds = 30000

    public init() {}
}
