import Prometheus
import Protocol

/// What the node driver counts, kept in this daemon's own `PrometheusCollectorRegistry` (never
/// the process-global `MetricsSystem`). Events are counted as they happen, on the driver's event
/// loop; gauges computed from state (members, lag, connections) are set at scrape time by
/// `MetricsScrape` before `registry.emit(into:)`.
public final class DaemonMetrics: @unchecked Sendable {
    public let nodeID: NodeID
    /// This daemon's registry: `/metrics` serves what it emits.
    public let registry: PrometheusCollectorRegistry
    /// swift-metrics factory writing into `registry`: hand it to libraries and to swift-metrics API
    /// objects (`Metrics.Counter(label:dimensions:factory:)`, ...) instead of bootstrapping the
    /// global `MetricsSystem`.
    public let factory: PrometheusMetricsFactory

    /// Transactions this node coordinated and committed.
    public let committed: Prometheus.Counter
    /// Transactions applied to this node's copy (its own and replicated ones).
    public let applied: Prometheus.Counter
    /// Transactions this node coordinated and aborted, by reason.
    let abortedByReason: [AbortReason: Prometheus.Counter]
    public let snapshotsInstalled: Prometheus.Counter
    public let clientRequests: Prometheus.Counter
    /// Client statements answered with an error, by MySQL code (made on first use).
    private var clientErrorsByCode: [Int: Prometheus.Counter] = [:]
    /// Latency of client writes that committed (submission to answer: the 2PC round), in seconds.
    public let writeLatency: DurationHistogram

    /// Bounds of `marmot_write_commit_seconds`.
    public static let writeLatencyBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Every metric name the daemon registers itself (with HELP text).
    static let ownNames: Set<String> = [
        "marmot_node_info", "marmot_transactions_committed_total", "marmot_transactions_aborted_total",
        "marmot_transactions_applied_total", "marmot_snapshots_installed_total", "marmot_client_statements_total",
        "marmot_client_errors_total", "marmot_write_commit_seconds", "marmot_cluster_members", "marmot_cluster_member_state",
        "marmot_replication_lag_transactions", "marmot_replication_peer_lag_transactions", "marmot_replication_report_age_seconds",
        "marmot_cluster_connections", "marmot_cluster_messages_total", "marmot_cluster_authentication_failures_total",
        "marmot_cluster_protocol_errors_total", "marmot_mysql_open_connections", "marmot_statements_in_flight",
    ]

    /// The stream states each peer last reported (anti-entropy's `SyncState`), with when.
    public private(set) var peerReports: [NodeID: (streams: [StreamState], at: Int64)] = [:]

    /// Scrape-time gauges whose label sets come and go (see `MetricsScrape`).
    var dynamicGauges: [String: [[String]: Prometheus.Gauge]] = [:]
    /// Last values copied from cumulative counts kept elsewhere (the transport's), by series.
    var copiedCounts: [String: UInt64] = [:]

    init(nodeID: NodeID, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.nodeID = nodeID
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // The registry refuses (fatalError) a second HELP text for a name, and factory-made
        // metrics have none: keep swift-metrics labels off the daemon's own names.
        factory.nameAndLabelSanitizer = { name, dimensions in
            (Self.ownNames.contains(name) ? name + "_external" : name, dimensions)
        }
        self.factory = factory
        committed = registry.makeCounter(descriptor: .named("marmot_transactions_committed_total", help: "Transactions this node coordinated and committed."))
        var aborted: [AbortReason: Prometheus.Counter] = [:]
        for reason in AbortReason.allKnown {
            aborted[reason] = registry.makeCounter(
                descriptor: .named("marmot_transactions_aborted_total", help: "Transactions this node coordinated and aborted, by reason."), labels: [("reason", reason.metricLabel)])
        }
        abortedByReason = aborted
        applied = registry.makeCounter(descriptor: .named("marmot_transactions_applied_total", help: "Committed transactions applied to this node's copy (own and replicated)."))
        snapshotsInstalled = registry.makeCounter(descriptor: .named("marmot_snapshots_installed_total", help: "Database snapshots installed by anti-entropy."))
        clientRequests = registry.makeCounter(descriptor: .named("marmot_client_statements_total", help: "Client statements submitted to the node."))
        writeLatency = registry.makeDurationHistogram(
            descriptor: .named("marmot_write_commit_seconds", help: "Latency of client writes that committed (2PC round), in seconds."), buckets: Self.writeLatencyBuckets)
    }

    func aborted(_ reason: AbortReason) {
        abortedByReason[reason]?.increment()
    }

    func clientError(code: Int) {
        if let counter = clientErrorsByCode[code] { return counter.increment() }
        let counter = registry.makeCounter(
            descriptor: .named("marmot_client_errors_total", help: "Client statements answered with an error, by MySQL error code."), labels: [("code", "\(code)")])
        clientErrorsByCode[code] = counter
        counter.increment()
    }

    /// A client write committed `millis` milliseconds after it was submitted.
    func writeCommitted(afterMillis millis: Int64) {
        writeLatency.record(.milliseconds(max(0, millis)))
    }

    func peerReported(_ peer: NodeID, streams: [StreamState], at: Int64) {
        peerReports[peer] = (streams, at)
    }
}

extension MetricNameDescriptor {
    /// A descriptor for the fully qualified metric `name` (which already carries its unit suffix).
    static func named(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}

extension AbortReason {
    static let allKnown: [AbortReason] = [.conflict, .timeout, .notEnoughNodes, .ddlLockUnavailable, .coordinatorLost, .rejected]

    /// The `reason` label of `marmot_transactions_aborted_total`.
    var metricLabel: String {
        switch self {
        case .conflict: return "conflict"
        case .timeout: return "timeout"
        case .notEnoughNodes: return "not_enough_nodes"
        case .ddlLockUnavailable: return "ddl_lock_unavailable"
        case .coordinatorLost: return "coordinator_lost"
        case .rejected: return "rejected"
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
