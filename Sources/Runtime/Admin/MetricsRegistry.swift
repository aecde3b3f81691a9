import Prometheus
import Protocol

/// The state `/metrics` reads at scrape time, besides the counted events in `DaemonMetrics`.
struct MetricsSnapshot {
    var nodeID: NodeID
    var address: String
    var members: [MemberInfo] = []
    var lags: [ReplicationLag] = []
    var transport = TransportCounters()
    var connections: (inbound: Int, outbound: Int) = (0, 0)
    var openMySQLConnections = 0
    var statementsInFlight = 0
}

/// `/metrics`: sets the gauges computed from state in the daemon's `PrometheusCollectorRegistry`,
/// then serves what `registry.emit(into:)` writes (Prometheus text format, version 0.0.4).
/// Runs on the node driver's loop, like every other use of `DaemonMetrics`.
enum MetricsScrape {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(_ metrics: DaemonMetrics, _ snapshot: MetricsSnapshot) -> String {
        update(metrics, snapshot)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        metrics.registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func update(_ m: DaemonMetrics, _ s: MetricsSnapshot) {
        m.setGauges("marmot_node_info", help: "This node: id and advertised cluster address.", labels: ["address", "node_id"],
                    [(["\(s.address)", "\(s.nodeID.rawValue)"], 1)])

        m.setGauges("marmot_cluster_members", help: "Members by state as this node sees them (itself included).", labels: ["state"],
                    [MemberState.alive, .suspect, .dead, .removed].map { state in
                        ([state.description], Double(s.members.filter { $0.state == state }.count))
                    })
        m.setGauges("marmot_cluster_member_state", help: "1 for each member's current state.", labels: ["address", "node_id", "state"],
                    s.members.map { ([$0.address, "\($0.id.rawValue)", $0.state.description], 1) })

        m.setGauges("marmot_replication_lag_transactions",
                    help: "Transactions a peer reported that this node has not applied yet, per peer and database.",
                    labels: ["database", "peer"], s.lags.map { ([$0.database, "\($0.peer.rawValue)"], Double($0.behindPeer)) })
        m.setGauges("marmot_replication_peer_lag_transactions",
                    help: "Transactions this node holds that a peer had not applied at its last report, per peer and database.",
                    labels: ["database", "peer"], s.lags.map { ([$0.database, "\($0.peer.rawValue)"], Double($0.peerBehind)) })
        var ages: [NodeID: Int64] = [:]
        for l in s.lags where ages[l.peer] == nil { ages[l.peer] = l.reportAgeMillis }
        m.setGauges("marmot_replication_report_age_seconds", help: "Age of each peer's last stream-state report.", labels: ["peer"],
                    ages.keys.sorted().map { (["\($0.rawValue)"], Double(ages[$0]!) / 1000) })

        m.setGauges("marmot_cluster_connections", help: "Open connections on the cluster port.", labels: ["direction"],
                    [(["inbound"], Double(s.connections.inbound)), (["outbound"], Double(s.connections.outbound))])
        let t = s.transport
        let messages = "Node-to-node messages."
        m.copyCount("marmot_cluster_messages_total", help: messages, labels: [("event", "sent")], total: t.messagesSent)
        m.copyCount("marmot_cluster_messages_total", help: messages, labels: [("event", "received")], total: t.messagesReceived)
        m.copyCount("marmot_cluster_messages_total", help: messages, labels: [("event", "dropped")], total: t.messagesDropped)
        m.copyCount("marmot_cluster_authentication_failures_total", help: "Cluster connections refused for an invalid cluster secret.",
                    labels: [], total: t.authenticationFailures)
        m.copyCount("marmot_cluster_protocol_errors_total", help: "Cluster connections closed for malformed bytes.",
                    labels: [], total: t.protocolErrors)

        m.setGauges("marmot_mysql_open_connections", help: "Open MySQL client connections.", labels: [],
                    [([], Double(s.openMySQLConnections))])
        m.setGauges("marmot_statements_in_flight", help: "Client statements submitted and not answered yet.", labels: [],
                    [([], Double(s.statementsInFlight))])
    }
}

extension DaemonMetrics {
    /// Sets the gauge family `name` to exactly `samples` (label values in the order of `labels`);
    /// series of earlier scrapes that are gone now (a removed member, a forgotten peer) are unregistered.
    func setGauges(_ name: String, help: String, labels: [String], _ samples: [([String], Double)]) {
        var previous = dynamicGauges[name] ?? [:]
        var now: [[String]: Prometheus.Gauge] = [:]
        for (values, value) in samples {
            let gauge = now[values] ?? previous.removeValue(forKey: values) ?? (labels.isEmpty
                ? registry.makeGauge(descriptor: .named(name, help: help))
                : registry.makeGauge(descriptor: .named(name, help: help), labels: Array(zip(labels, values))))
            gauge.set(to: value)
            now[values] = gauge
        }
        for gauge in previous.values { registry.unregisterGauge(gauge) }
        dynamicGauges[name] = now
    }

    /// Brings the counter `name{labels}` up to `total`, a cumulative count kept elsewhere.
    func copyCount(_ name: String, help: String, labels: [(String, String)], total: UInt64) {
        let counter = labels.isEmpty
            ? registry.makeCounter(descriptor: .named(name, help: help))
            : registry.makeCounter(descriptor: .named(name, help: help), labels: labels)
        let key = name + labels.map { "\u{0}\($0.0)=\($0.1)" }.joined()
        let last = copiedCounts[key] ?? 0
        if total >= last {
            counter.increment(by: Int64(clamping: total - last))
        } else {
            counter.reset()
            counter.increment(by: Int64(clamping: total))
        }
        copiedCounts[key] = total
    }
}

extension AdminAPI {
    /// What `/metrics` serves now.
    func renderMetrics() -> String {
        let counts = driver.transport.connectionCounts
        let snapshot = MetricsSnapshot(
            nodeID: node.id,
            address: node.configuration.address,
            members: node.members,
            lags: replicationLags(),
            transport: driver.transport.counters,
            connections: (counts.inbound, counts.outbound),
            openMySQLConnections: openMySQLConnections?() ?? 0,
            statementsInFlight: driver.inFlightCount)
        return MetricsScrape.render(driver.metrics, snapshot)
    }
}
