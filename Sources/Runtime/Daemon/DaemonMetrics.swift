import Protocol

/// What the node driver counts (confined to the driver's event loop, like the driver).
public final class DaemonMetrics: @unchecked Sendable {
    public let nodeID: NodeID
    /// Transactions this node coordinated and committed.
    public var committed: UInt64 = 0
    /// Transactions applied to this node's copy (its own and replicated ones).
    public var applied: UInt64 = 0
    /// Transactions this node coordinated and aborted, by reason.
    public var aborted: [AbortReason: UInt64] = [:]
    public var snapshotsInstalled: UInt64 = 0
    public var clientRequests: UInt64 = 0
    /// Client statements answered with an error, by MySQL code.
    public var clientErrors: [Int: UInt64] = [:]
    /// Latency of client writes that committed (submission to answer: the 2PC round).
    public var writeLatency = Histogram(buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])

    /// The stream states each peer last reported (anti-entropy's `SyncState`), with when.
    public private(set) var peerReports: [NodeID: (streams: [StreamState], at: Int64)] = [:]

    init(nodeID: NodeID) { self.nodeID = nodeID }

    func peerReported(_ peer: NodeID, streams: [StreamState], at: Int64) {
        peerReports[peer] = (streams, at)
    }

    public struct Histogram: Sendable {
        public let buckets: [Double]
        public private(set) var counts: [UInt64]
        public private(set) var sum: Double = 0
        public private(set) var count: UInt64 = 0

        public init(buckets: [Double]) {
            self.buckets = buckets
            self.counts = Array(repeating: 0, count: buckets.count)
        }

        public mutating func observe(_ value: Double) {
            for (i, bound) in buckets.enumerated() where value <= bound { counts[i] += 1 }
            sum += value
            count += 1
        }
    }
}

/// Replication lag between this node and each peer, per database, from stream states: the
/// peer's last report against this node's streams now.
public struct ReplicationLag: Hashable, Sendable {
    public var peer: NodeID
    public var database: String
    /// Transactions the peer reported that this node has not applied yet.
    public var behindPeer: UInt64
    /// Transactions this node holds that the peer had not applied at its report.
    public var peerBehind: UInt64
    /// Milliseconds since the peer's report.
    public var reportAgeMillis: Int64

    /// Lag per (peer, database), sorted. `local` are this node's streams now.
    public static func compute(local: [StreamState], reports: [NodeID: (streams: [StreamState], at: Int64)], now: Int64) -> [ReplicationLag] {
        struct Key: Hashable { var origin: NodeID; var database: String }
        var mine: [Key: UInt64] = [:]
        for s in local { mine[Key(origin: s.origin, database: s.database)] = s.applied }
        var out: [ReplicationLag] = []
        for peer in reports.keys.sorted() {
            guard let report = reports[peer] else { continue }
            var theirs: [Key: UInt64] = [:]
            for s in report.streams { theirs[Key(origin: s.origin, database: s.database)] = s.applied }
            let databases = Set(mine.keys.map(\.database)).union(theirs.keys.map(\.database)).sorted()
            for db in databases {
                var behind: UInt64 = 0, ahead: UInt64 = 0
                let keys = Set(mine.keys.filter { $0.database == db }).union(theirs.keys.filter { $0.database == db })
                for k in keys {
                    let a = mine[k] ?? 0, b = theirs[k] ?? 0
                    if b > a { behind += b - a } else { ahead += a - b }
                }
                out.append(ReplicationLag(peer: peer, database: db, behindPeer: behind, peerBehind: ahead, reportAgeMillis: max(0, now - report.at)))
            }
        }
        return out
    }
}
