import Foundation
import NIOCore
import NIOPosix
import Node
import Protocol
import XCTest
@testable import Runtime

/// Real node drivers and transports on 127.0.0.1 in one process.
final class ClusterTransportTests: XCTestCase {
    typealias Kit = DaemonTestKit

    func testThreeNodesFormAClusterAndReplicateWrites() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var daemons: [MarmotDaemon] = []
        defer { Kit.shutdown(daemons, group: group) }
        let root = Kit.temporaryDirectory("three")
        defer { try? FileManager.default.removeItem(atPath: root) }

        let first = try Kit.startDaemon(Kit.config(dataDir: root + "/n1", id: 1), group: group, name: "n1")
        daemons.append(first)
        let seed = try Kit.advertisedAddress(first)
        XCTAssertTrue(seed.hasPrefix("127.0.0.1:") && !seed.hasSuffix(":0"), seed)
        for id in 2...3 {
            daemons.append(try Kit.startDaemon(Kit.config(dataDir: root + "/n\(id)", id: UInt64(id), seeds: [seed]), group: group, name: "n\(id)"))
        }
        try Kit.waitUntil("every node sees three ALIVE members") {
            try daemons.allSatisfy { d in
                let m = try Kit.members(d)
                return m.count == 3 && m.allSatisfy { $0.state == .alive }
            }
        }

        // DDL and a write on node 1, through the StatementExecutor seam.
        let create = try Kit.execute(daemons[0], "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)", id: 17)
        XCTAssertEqual(create.id, 17, "the reply carries the caller's request id")
        if case .failure(let e) = create.result { return XCTFail("CREATE TABLE failed: \(e)") }
        let insert = try Kit.execute(daemons[0], "INSERT INTO kv VALUES (1, 'one')", consistency: .quorum, id: 18)
        guard case .success(let outcome) = insert.result else { return XCTFail("INSERT failed: \(insert.result)") }
        XCTAssertEqual(insert.id, 18)
        XCTAssertEqual(outcome.affectedRows, 1)
        XCTAssertNotNil(outcome.committed)

        Kit.waitUntil("nodes 2 and 3 hold the row written on node 1") {
            daemons[1...].allSatisfy { Kit.rows($0, "SELECT v FROM kv WHERE k = 1") == [[.text("one")]] }
        }

        // A write on node 3 at ALL reaches everybody, node 1 included.
        let update = try Kit.execute(daemons[2], "UPDATE kv SET v = 'three' WHERE k = 1", consistency: .all)
        if case .failure(let e) = update.result { return XCTFail("UPDATE at ALL failed: \(e)") }
        Kit.waitUntil("every node holds node 3's update") {
            daemons.allSatisfy { Kit.rows($0, "SELECT v FROM kv WHERE k = 1") == [[.text("three")]] }
        }

        // Metrics and the admin API see the cluster.
        let port = daemons[0].clusterPort
        let metrics = try RawSocket.http(port: port, "GET", "/metrics")
        XCTAssertEqual(metrics.status, 200)
        XCTAssertTrue(metrics.body.contains("marmot_cluster_members{state=\"ALIVE\"} 3"), metrics.body)
        XCTAssertTrue(metrics.body.contains("marmot_transactions_committed_total 2"), metrics.body)
        XCTAssertTrue(metrics.body.contains("marmot_write_commit_seconds_count 2"), metrics.body)
        let members = try RawSocket.http(port: port, "GET", "/admin/cluster/members")
        XCTAssertEqual(members.status, 200)
        XCTAssertTrue(members.body.contains("\"quorum\":{\"voters\":3,\"reachable\":3,\"required\":2,\"available\":true}"), members.body)
        try Kit.waitUntil("node 1 has a stream-state report from both peers") {
            let r = try RawSocket.http(port: port, "GET", "/admin/cluster/replication")
            return r.body.contains("\"peer\":2,") && r.body.contains("\"peer\":3,")
        }
    }

    func testPeersWithDifferentSecretsNeverExchangeData() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var daemons: [MarmotDaemon] = []
        defer { Kit.shutdown(daemons, group: group) }
        let root = Kit.temporaryDirectory("secret")
        defer { try? FileManager.default.removeItem(atPath: root) }

        let a = try Kit.startDaemon(Kit.config(dataDir: root + "/a", id: 1, secret: "alpha"), group: group, name: "a")
        daemons.append(a)
        let b = try Kit.startDaemon(Kit.config(dataDir: root + "/b", id: 2, seeds: [try Kit.advertisedAddress(a)], secret: "beta"), group: group, name: "b")
        daemons.append(b)

        try Kit.waitUntil("both sides refused the other's proof") {
            try Kit.counters(a).authenticationFailures >= 1 && Kit.counters(b).authenticationFailures >= 1
        }
        // Give gossip several more rounds: still nothing may pass.
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(try Kit.members(a).map(\.id), [NodeID(1)])
        XCTAssertEqual(try Kit.members(b).map(\.id), [NodeID(2)])
        XCTAssertEqual(try Kit.counters(a).messagesReceived, 0)
        XCTAssertEqual(try Kit.counters(b).messagesReceived, 0)

        // A node with the right secret joins.
        let c = try Kit.startDaemon(Kit.config(dataDir: root + "/c", id: 3, seeds: [try Kit.advertisedAddress(a)], secret: "alpha"), group: group, name: "c")
        daemons.append(c)
        try Kit.waitUntil("the node with the right secret joined") {
            try Kit.members(a).map(\.id) == [NodeID(1), NodeID(3)] && Kit.members(c).count == 2
        }
        XCTAssertEqual(try Kit.members(b).map(\.id), [NodeID(2)])

        // The admin API wants the secret.
        let port = a.clusterPort
        XCTAssertEqual(try RawSocket.http(port: port, "GET", "/admin/cluster/members").status, 401)
        XCTAssertEqual(try RawSocket.http(port: port, "GET", "/admin/cluster/members", headers: ["X-Marmot-Secret": "beta"]).status, 401)
        let ok = try RawSocket.http(port: port, "GET", "/admin/cluster/members", headers: ["X-Marmot-Secret": "alpha"])
        XCTAssertEqual(ok.status, 200)
        XCTAssertTrue(ok.body.contains("\"node_id\":1,"), ok.body)
        XCTAssertEqual(try RawSocket.http(port: port, "GET", "/metrics").status, 200, "metrics stay open")
    }

    func testGarbageClosesOnlyThatConnection() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var daemons: [MarmotDaemon] = []
        defer { Kit.shutdown(daemons, group: group) }
        let root = Kit.temporaryDirectory("garbage")
        defer { try? FileManager.default.removeItem(atPath: root) }

        let a = try Kit.startDaemon(Kit.config(dataDir: root + "/a", id: 1), group: group, name: "a")
        daemons.append(a)
        let b = try Kit.startDaemon(Kit.config(dataDir: root + "/b", id: 2, seeds: [try Kit.advertisedAddress(a)]), group: group, name: "b")
        daemons.append(b)
        try Kit.waitUntil("the two nodes see each other") {
            try Kit.members(a).filter { $0.state == .alive }.count == 2 && Kit.members(b).filter { $0.state == .alive }.count == 2
        }
        let port = a.clusterPort

        // Bytes that are neither a handshake nor HTTP.
        let junk = try RawSocket(port: port)
        junk.send([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02])
        var got: [UInt8] = []
        XCTAssertTrue(junk.readUntilClosed(into: &got), "the node closes a connection that sends garbage")
        XCTAssertEqual(got, [], "and sends nothing on it")

        // A valid handshake followed by a frame that does not decode.
        let liar = try RawSocket(port: port)
        var nonce = SystemRandomNumberGenerator()
        let hs = ClusterHandshake(role: .initiator, nodeID: NodeID(99), address: "127.0.0.1:1", secret: nil,
                                  nonce: (0..<32).map { _ in UInt8.random(in: 0...255, using: &nonce) })
        liar.send(hs.helloBytes)
        let hello = liar.read(atLeast: 4)
        XCTAssertEqual(Array(hello.prefix(4)), Array("MRMT".utf8), "the node answers a hello with its own")
        liar.send([5, 0, 0, 0, WireFormat.version, 0xff, 0xff, 0xff, 0xff])  // a frame with an unknown tag
        var rest: [UInt8] = []
        XCTAssertTrue(liar.readUntilClosed(into: &rest), "an undecodable frame closes that connection")

        // A connection that never completes its handshake is cut off as well (5 s deadline):
        // not waited for here. The cluster itself is unharmed.
        XCTAssertGreaterThanOrEqual(try Kit.counters(a).protocolErrors, 2)
        XCTAssertEqual(try Kit.members(a).filter { $0.state == .alive }.count, 2)
        let create = try Kit.execute(a, "CREATE TABLE t (k INTEGER PRIMARY KEY)")
        if case .failure(let e) = create.result { return XCTFail("CREATE TABLE failed after the garbage: \(e)") }
        XCTAssertEqual(try RawSocket.http(port: port, "GET", "/admin/cluster/health").status, 200)
        Kit.waitUntil("node b got the table") { Kit.rows(b, "SELECT count(*) FROM t") == [[.integer(0)]] }
    }

    func testAdminRemoveAndAllowAndShutdownAnswers1053() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var daemons: [MarmotDaemon] = []
        defer { Kit.shutdown(daemons, group: group) }
        let root = Kit.temporaryDirectory("admin")
        defer { try? FileManager.default.removeItem(atPath: root) }

        let a = try Kit.startDaemon(Kit.config(dataDir: root + "/a", id: 1), group: group, name: "a")
        daemons.append(a)
        let b = try Kit.startDaemon(Kit.config(dataDir: root + "/b", id: 2, seeds: [try Kit.advertisedAddress(a)]), group: group, name: "b")
        daemons.append(b)
        try Kit.waitUntil("the two nodes see each other") { try Kit.members(a).count == 2 }
        let port = a.clusterPort

        XCTAssertEqual(try RawSocket.http(port: port, "POST", "/admin/cluster/remove/77").status, 404)
        XCTAssertEqual(try RawSocket.http(port: port, "GET", "/admin/cluster/remove/2").status, 405)
        XCTAssertEqual(try RawSocket.http(port: port, "GET", "/admin/nothing").status, 404)
        let removed = try RawSocket.http(port: port, "POST", "/admin/cluster/remove/2")
        XCTAssertEqual(removed.status, 200)
        XCTAssertTrue(removed.body.contains("\"state\":\"REMOVED\""), removed.body)
        try Kit.waitUntil("node b learns it was removed") { try Kit.members(b).first { $0.id == NodeID(2) }?.state == .removed }
        let allowed = try RawSocket.http(port: port, "POST", "/admin/cluster/allow/2")
        XCTAssertEqual(allowed.status, 200)

        // After shutdown the executor answers instead of hanging.
        try a.shutdown().wait()
        let late = try Kit.execute(a, "SELECT 1")
        guard case .failure(let error) = late.result else { return XCTFail("a statement after shutdown succeeded") }
        XCTAssertEqual(error.code, 1053)
    }
}
