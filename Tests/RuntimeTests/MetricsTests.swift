import Metrics
import Protocol
import XCTest
@testable import Runtime

/// `/metrics` from the daemon's own `PrometheusCollectorRegistry`.
final class MetricsTests: XCTestCase {
    private func lines(_ text: String) -> Set<String> { Set(text.split(separator: "\n").map(String.init)) }

    func testScrapeHasCountedEventsAndStateGauges() {
        let m = DaemonMetrics(nodeID: NodeID(1))
        m.committed.increment()
        m.committed.increment()
        for _ in 0..<3 { m.applied.increment() }
        m.aborted(.conflict)
        m.aborted(.notEnoughNodes)
        m.aborted(.conflict)
        m.clientError(code: 1213)
        m.clientRequests.increment()
        m.writeCommitted(afterMillis: 3)
        m.writeCommitted(afterMillis: 40)

        var snapshot = MetricsSnapshot(nodeID: NodeID(1), address: "127.0.0.1:8081")
        snapshot.members = [
            MemberInfo(id: NodeID(1), address: "127.0.0.1:8081", incarnation: 1, state: .alive),
            MemberInfo(id: NodeID(2), address: "127.0.0.1:8082", incarnation: 1, state: .alive),
            MemberInfo(id: NodeID(3), address: "127.0.0.1:8083", incarnation: 2, state: .suspect),
        ]
        snapshot.lags = [ReplicationLag(peer: NodeID(2), database: "marmot", behindPeer: 5, peerBehind: 1, reportAgeMillis: 1500)]
        snapshot.transport.messagesSent = 10
        snapshot.transport.messagesReceived = 7
        snapshot.connections = (inbound: 2, outbound: 1)
        snapshot.openMySQLConnections = 4

        let text = MetricsScrape.render(m, snapshot)
        let got = lines(text)
        for expected in [
            "# TYPE marmot_transactions_committed_total counter",
            "# HELP marmot_transactions_committed_total Transactions this node coordinated and committed.",
            "marmot_transactions_committed_total 2",
            "marmot_transactions_applied_total 3",
            #"marmot_transactions_aborted_total{reason="conflict"} 2"#,
            #"marmot_transactions_aborted_total{reason="not_enough_nodes"} 1"#,
            #"marmot_transactions_aborted_total{reason="timeout"} 0"#,
            #"marmot_client_errors_total{code="1213"} 1"#,
            "marmot_client_statements_total 1",
            "# TYPE marmot_write_commit_seconds histogram",
            #"marmot_write_commit_seconds_bucket{le="0.0025"} 0"#,
            #"marmot_write_commit_seconds_bucket{le="0.005"} 1"#,
            #"marmot_write_commit_seconds_bucket{le="0.05"} 2"#,
            #"marmot_write_commit_seconds_bucket{le="+Inf"} 2"#,
            "marmot_write_commit_seconds_count 2",
            "marmot_write_commit_seconds_sum 0.043",
            #"marmot_node_info{address="127.0.0.1:8081",node_id="1"} 1.0"#,
            #"marmot_cluster_members{state="ALIVE"} 2.0"#,
            #"marmot_cluster_members{state="SUSPECT"} 1.0"#,
            #"marmot_cluster_members{state="DEAD"} 0.0"#,
            #"marmot_cluster_member_state{address="127.0.0.1:8083",node_id="3",state="SUSPECT"} 1.0"#,
            #"marmot_replication_lag_transactions{database="marmot",peer="2"} 5.0"#,
            #"marmot_replication_peer_lag_transactions{database="marmot",peer="2"} 1.0"#,
            #"marmot_replication_report_age_seconds{peer="2"} 1.5"#,
            #"marmot_cluster_connections{direction="inbound"} 2.0"#,
            #"marmot_cluster_messages_total{event="sent"} 10"#,
            #"marmot_cluster_messages_total{event="received"} 7"#,
            "marmot_mysql_open_connections 4.0",
            "marmot_statements_in_flight 0.0",
        ] {
            XCTAssertTrue(got.contains(expected), "missing \(expected) in\n\(text)")
        }

        // A second scrape: copied counts stay cumulative, gone series disappear.
        snapshot.members[2].state = .dead
        snapshot.lags = []
        snapshot.transport.messagesSent = 15
        m.committed.increment()
        let again = lines(MetricsScrape.render(m, snapshot))
        XCTAssertTrue(again.contains("marmot_transactions_committed_total 3"))
        XCTAssertTrue(again.contains(#"marmot_cluster_messages_total{event="sent"} 15"#))
        XCTAssertTrue(again.contains(#"marmot_cluster_members{state="DEAD"} 1.0"#))
        XCTAssertTrue(again.contains(#"marmot_cluster_member_state{address="127.0.0.1:8083",node_id="3",state="DEAD"} 1.0"#))
        XCTAssertFalse(again.contains { $0.contains(#"state="SUSPECT"} 1.0"#) && $0.hasPrefix("marmot_cluster_member_state") })
        XCTAssertFalse(again.contains { $0.hasPrefix("marmot_replication_lag_transactions{") })
    }

    func testSwiftMetricsObjectsMadeWithTheDaemonFactoryAreScraped() {
        let m = DaemonMetrics(nodeID: NodeID(1))
        let other = DaemonMetrics(nodeID: NodeID(2))
        let counter = Counter(label: "marmot_library_events_total", dimensions: [("kind", "x")], factory: m.factory)
        counter.increment(by: 5)
        let timer = Metrics.Timer(label: "marmot_write_commit_seconds", dimensions: [("path", "library")], factory: m.factory)
        timer.recordMilliseconds(2)
        let text = MetricsScrape.render(m, MetricsSnapshot(nodeID: NodeID(1), address: "a"))
        XCTAssertTrue(lines(text).contains(#"marmot_library_events_total{kind="x"} 5"#), text)
        XCTAssertTrue(lines(text).contains(#"marmot_write_commit_seconds_external_count{path="library"} 1"#), "kept off the daemon's own name:\n\(text)")
        XCTAssertTrue(lines(text).contains("marmot_write_commit_seconds_count 0"), text)
        XCTAssertFalse(MetricsScrape.render(other, MetricsSnapshot(nodeID: NodeID(2), address: "b")).contains("marmot_library_events_total"),
                       "one registry per daemon, nothing global")
    }
}
