import Node
import Protocol

/// `/metrics` in the Prometheus text exposition format (version 0.0.4), written by hand.
enum PrometheusText {
    static func render(_ api: AdminAPI) -> String {
        var out = PrometheusWriter()
        let driver = api.driver
        let m = driver.metrics
        let node = driver.node

        out.family("marmot_node_info", "gauge", "This node: id and advertised cluster address.")
        out.sample("marmot_node_info", ["node_id": "\(node.id.rawValue)", "address": node.configuration.address], 1)

        out.family("marmot_transactions_committed_total", "counter", "Transactions this node coordinated and committed.")
        out.sample("marmot_transactions_committed_total", [:], Double(m.committed))
        out.family("marmot_transactions_aborted_total", "counter", "Transactions this node coordinated and aborted, by reason.")
        for reason in AbortReason.allKnown {
            out.sample("marmot_transactions_aborted_total", ["reason": reason.metricLabel], Double(m.aborted[reason] ?? 0))
        }
        out.family("marmot_transactions_applied_total", "counter", "Committed transactions applied to this node's copy (own and replicated).")
        out.sample("marmot_transactions_applied_total", [:], Double(m.applied))
        out.family("marmot_snapshots_installed_total", "counter", "Database snapshots installed by anti-entropy.")
        out.sample("marmot_snapshots_installed_total", [:], Double(m.snapshotsInstalled))

        out.family("marmot_client_statements_total", "counter", "Client statements submitted to the node.")
        out.sample("marmot_client_statements_total", [:], Double(m.clientRequests))
        out.family("marmot_client_errors_total", "counter", "Client statements answered with an error, by MySQL error code.")
        for code in m.clientErrors.keys.sorted() {
            out.sample("marmot_client_errors_total", ["code": "\(code)"], Double(m.clientErrors[code]!))
        }

        let h = m.writeLatency
        out.family("marmot_write_commit_seconds", "histogram", "Latency of client writes that committed (2PC round), in seconds.")
        for (i, bound) in h.buckets.enumerated() {
            out.sample("marmot_write_commit_seconds_bucket", ["le": PrometheusWriter.number(bound)], Double(h.counts[i]))
        }
        out.sample("marmot_write_commit_seconds_bucket", ["le": "+Inf"], Double(h.count))
        out.sample("marmot_write_commit_seconds_sum", [:], h.sum)
        out.sample("marmot_write_commit_seconds_count", [:], Double(h.count))

        let members = node.members
        out.family("marmot_cluster_members", "gauge", "Members by state as this node sees them (itself included).")
        for state in [MemberState.alive, .suspect, .dead, .removed] {
            out.sample("marmot_cluster_members", ["state": state.description], Double(members.filter { $0.state == state }.count))
        }
        out.family("marmot_cluster_member_state", "gauge", "1 for each member's current state.")
        for member in members {
            out.sample("marmot_cluster_member_state", ["node_id": "\(member.id.rawValue)", "address": member.address, "state": member.state.description], 1)
        }

        let lags = api.replicationLags()
        out.family("marmot_replication_lag_transactions", "gauge", "Transactions a peer reported that this node has not applied yet, per peer and database.")
        for l in lags {
            out.sample("marmot_replication_lag_transactions", ["peer": "\(l.peer.rawValue)", "database": l.database], Double(l.behindPeer))
        }
        out.family("marmot_replication_peer_lag_transactions", "gauge", "Transactions this node holds that a peer had not applied at its last report, per peer and database.")
        for l in lags {
            out.sample("marmot_replication_peer_lag_transactions", ["peer": "\(l.peer.rawValue)", "database": l.database], Double(l.peerBehind))
        }
        out.family("marmot_replication_report_age_seconds", "gauge", "Age of each peer's last stream-state report.")
        for peer in Set(lags.map(\.peer)).sorted() {
            let age = lags.first { $0.peer == peer }!.reportAgeMillis
            out.sample("marmot_replication_report_age_seconds", ["peer": "\(peer.rawValue)"], Double(age) / 1000)
        }

        let t = driver.transport.counters
        let counts = driver.transport.connectionCounts
        out.family("marmot_cluster_connections", "gauge", "Open connections on the cluster port.")
        out.sample("marmot_cluster_connections", ["direction": "inbound"], Double(counts.inbound))
        out.sample("marmot_cluster_connections", ["direction": "outbound"], Double(counts.outbound))
        out.family("marmot_cluster_messages_total", "counter", "Node-to-node messages.")
        out.sample("marmot_cluster_messages_total", ["event": "sent"], Double(t.messagesSent))
        out.sample("marmot_cluster_messages_total", ["event": "received"], Double(t.messagesReceived))
        out.sample("marmot_cluster_messages_total", ["event": "dropped"], Double(t.messagesDropped))
        out.family("marmot_cluster_authentication_failures_total", "counter", "Cluster connections refused for an invalid cluster secret.")
        out.sample("marmot_cluster_authentication_failures_total", [:], Double(t.authenticationFailures))
        out.family("marmot_cluster_protocol_errors_total", "counter", "Cluster connections closed for malformed bytes.")
        out.sample("marmot_cluster_protocol_errors_total", [:], Double(t.protocolErrors))

        out.family("marmot_mysql_open_connections", "gauge", "Open MySQL client connections.")
        out.sample("marmot_mysql_open_connections", [:], Double(api.openMySQLConnections?() ?? 0))
        out.family("marmot_statements_in_flight", "gauge", "Client statements submitted and not answered yet.")
        out.sample("marmot_statements_in_flight", [:], Double(driver.inFlightCount))
        return out.text
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

struct PrometheusWriter {
    var text = ""

    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.keys.sorted().map { "\($0)=\"\(Self.escape(labels[$0]!))\"" }.joined(separator: ",") + "}"
        }
        text += " \(Self.number(value))\n"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

