import Foundation
import Logging
import Protocol
import XCTest
@testable import Runtime

final class MarmotConfigTests: XCTestCase {
    func testDefaultsFollowTheSpec() throws {
        let c = MarmotConfig()
        XCTAssertEqual(c.nodeID, 0)
        XCTAssertEqual(c.dataDir, "./marmot-data")
        XCTAssertEqual(c.transaction.heartbeatTimeoutSeconds, 10)
        XCTAssertEqual(c.transaction.lockWaitTimeoutSeconds, 50)
        XCTAssertEqual(c.connectionPool.poolSize, 4)
        XCTAssertEqual(c.grpcClient.maxRetries, 3)
        XCTAssertEqual(c.grpcClient.retryBackoffMs, 100)
        XCTAssertEqual(c.coordinator.prepareTimeoutMs, 2000)
        XCTAssertEqual(c.cluster.grpcBindAddress, "0.0.0.0")
        XCTAssertEqual(c.cluster.grpcPort, 8080)
        XCTAssertEqual(c.cluster.seedNodes, [])
        XCTAssertEqual(c.cluster.clusterSecret, "")
        XCTAssertEqual(c.cluster.gossipIntervalMs, 1000)
        XCTAssertEqual(c.cluster.suspectTimeoutMs, 5000)
        XCTAssertEqual(c.cluster.deadTimeoutMs, 10000)
        XCTAssertEqual(c.replication.defaultWriteConsistency, "QUORUM")
        XCTAssertEqual(c.replication.defaultReadConsistency, "LOCAL_ONE")
        XCTAssertEqual(c.replication.antiEntropyIntervalSeconds, 60)
        XCTAssertEqual(c.replication.deltaSyncThresholdTransactions, 10000)
        XCTAssertEqual(c.replication.deltaSyncThresholdSeconds, 3600)
        XCTAssertEqual(c.replication.gcMinRetentionHours, 2)
        XCTAssertEqual(c.replication.gcMaxRetentionHours, 24)
        XCTAssertEqual(c.ddl.lockLeaseSeconds, 30)
        XCTAssertTrue(c.ddl.enableIdempotent)
        XCTAssertEqual(c.queryPipeline.transpilerCacheSize, 10000)
        XCTAssertTrue(c.mysql.enabled)
        XCTAssertEqual(c.mysql.port, 3306)
        XCTAssertEqual(c.mysql.maxConnections, 1000)
        XCTAssertEqual(c.mysql.unixSocketPerm, 0o660)
        XCTAssertEqual(c.mysql.autoIDMode, "compact")
        XCTAssertEqual(c.mysql.users, ["root": ""])
        XCTAssertFalse(c.logging.verbose)
        XCTAssertEqual(c.logging.format, "console")
        XCTAssertTrue(c.prometheus.enabled)
        XCTAssertEqual(c.validationErrors(), [])
        // An empty file is the defaults.
        XCTAssertEqual(try ConfigLoader.parse(toml: "").config, c)
    }

    /// examples/config.toml documents every key with its default: it must stay true.
    func testExampleConfigIsTheEmbeddedDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/config.toml").path
        let loaded = try ConfigLoader.load(path: path)
        XCTAssertEqual(loaded.warnings, [])
        XCTAssertEqual(loaded.config, MarmotConfig())
    }

    func testTOMLOverridesEverySection() throws {
        let loaded = try ConfigLoader.parse(toml: """
            node_id = 7
            data_dir = "/var/lib/marmot"
            [transaction]
            heartbeat_timeout_seconds = 11
            lock_wait_timeout_seconds = 5
            [connection_pool]
            pool_size = 8
            [grpc_client]
            max_retries = 5
            retry_backoff_ms = 250
            [coordinator]
            prepare_timeout_ms = 1500
            commit_timeout_ms = 1600
            abort_timeout_ms = 1700
            [cluster]
            grpc_bind_address = "127.0.0.1"
            grpc_port = 8081
            seed_nodes = ["10.0.0.1:8080", "10.0.0.2:8080"]
            cluster_secret = "s3cret"
            gossip_interval_ms = 500
            gossip_fanout = 2
            suspect_timeout_ms = 3000
            dead_timeout_ms = 6000
            [replication]
            default_write_consistency = "ALL"
            enable_anti_entropy = false
            anti_entropy_interval_seconds = 30
            delta_sync_threshold_transactions = 50000
            delta_sync_threshold_seconds = 1800
            gc_min_retention_hours = 1
            gc_max_retention_hours = 0
            [ddl]
            lock_lease_seconds = 45
            [query_pipeline]
            validator_pool_size = 2
            [mysql]
            bind_address = "127.0.0.1"
            port = 3307
            max_connections = 10
            unix_socket = "/tmp/marmot.sock"
            unix_socket_perm = "0600"
            auto_id_mode = "extended"
            [mysql.users]
            app = "pw"
            [logging]
            verbose = true
            format = "json"
            [prometheus]
            enabled = false
            """)
        XCTAssertEqual(loaded.warnings, [])
        let c = loaded.config
        XCTAssertEqual(c.nodeID, 7)
        XCTAssertEqual(c.dataDir, "/var/lib/marmot")
        XCTAssertEqual(c.transaction.heartbeatTimeoutSeconds, 11)
        XCTAssertEqual(c.connectionPool.poolSize, 8)
        XCTAssertEqual(c.grpcClient.maxRetries, 5)
        XCTAssertEqual(c.cluster.seedNodes, ["10.0.0.1:8080", "10.0.0.2:8080"])
        XCTAssertEqual(c.cluster.clusterSecret, "s3cret")
        XCTAssertEqual(c.replication.defaultWriteConsistency, "ALL")
        XCTAssertFalse(c.replication.enableAntiEntropy)
        XCTAssertEqual(c.mysql.unixSocketPerm, 0o600)
        XCTAssertEqual(c.mysql.users, ["app": "pw"])
        XCTAssertEqual(c.logging.format, "json")
        XCTAssertFalse(c.prometheus.enabled)
        XCTAssertEqual(c.validationErrors(), [])

        let p = c.toProtocolConfig()
        XCTAssertEqual(p.gossipIntervalMillis, 500)
        XCTAssertEqual(p.gossipFanout, 2)
        XCTAssertEqual(p.suspectTimeoutMillis, 3000)
        XCTAssertEqual(p.deadTimeoutMillis, 6000)
        XCTAssertEqual(p.heartbeatTimeoutMillis, 11_000)
        XCTAssertEqual(p.lockWaitTimeoutMillis, 5_000)
        XCTAssertEqual(p.prepareTimeoutMillis, 1500)
        XCTAssertEqual(p.commitTimeoutMillis, 1600)
        XCTAssertEqual(p.abortTimeoutMillis, 1700)
        XCTAssertEqual(p.defaultWriteConsistency, .all)
        XCTAssertFalse(p.enableAntiEntropy)
        XCTAssertEqual(p.antiEntropyIntervalMillis, 30_000)
        XCTAssertEqual(p.deltaSyncThresholdTransactions, 50_000)
        XCTAssertEqual(p.deltaSyncThresholdMillis, 1_800_000)
        XCTAssertEqual(p.gcMinRetentionMillis, 3_600_000)
        XCTAssertEqual(p.gcMaxRetentionMillis, 0)
        XCTAssertEqual(p.ddlLockLeaseMillis, 45_000)

        let n = c.toNodeConfiguration(id: NodeID(7))
        XCTAssertEqual(n.id, NodeID(7))
        XCTAssertEqual(n.address, "127.0.0.1:8081")
        XCTAssertEqual(n.seedAddresses, ["10.0.0.1:8080", "10.0.0.2:8080"])
        XCTAssertEqual(n.protocolConfig, p)
    }

    func testAdvertisedAddress() {
        var c = MarmotConfig()
        XCTAssertEqual(c.advertisedAddress(hostName: "box"), "box:8080")
        c.cluster.grpcBindAddress = "10.1.2.3"
        XCTAssertEqual(c.advertisedAddress(hostName: "box"), "10.1.2.3:8080")
        c.cluster.grpcAdvertiseAddress = "node1.example"
        XCTAssertEqual(c.advertisedAddress(hostName: "box"), "node1.example:8080")
        c.cluster.grpcAdvertiseAddress = "node1.example:9000"
        XCTAssertEqual(c.advertisedAddress(hostName: "box"), "node1.example:9000")
        XCTAssertEqual(HostPort.join("::1", 8080), "[::1]:8080")
        XCTAssertEqual(HostPort.split("[::1]:8080")?.host, "::1")
        XCTAssertNil(HostPort.split("localhost"))
        XCTAssertNil(HostPort.split("localhost:99999"))
    }

    func testWrongTypesAreErrorsNamingTheKey() {
        XCTAssertThrowsError(try ConfigLoader.parse(toml: """
            node_id = "seven"
            [cluster]
            grpc_port = "8080"
            seed_nodes = "a:1"
            [mysql]
            enabled = 1
            [mysql.users]
            root = 5
            """)) { error in
            let messages = (error as? ConfigError)?.messages ?? []
            XCTAssertTrue(messages.contains("node_id: expected an integer, found string"), "\(messages)")
            XCTAssertTrue(messages.contains("cluster.grpc_port: expected an integer, found string"), "\(messages)")
            XCTAssertTrue(messages.contains("cluster.seed_nodes: expected an array of strings, found string"), "\(messages)")
            XCTAssertTrue(messages.contains("mysql.enabled: expected a boolean, found integer"), "\(messages)")
            XCTAssertTrue(messages.contains("mysql.users.root: expected a string, found integer"), "\(messages)")
        }
        XCTAssertThrowsError(try ConfigLoader.parse(toml: "[cluster\ngrpc_port = 1")) { error in
            XCTAssertTrue("\(error)".contains("TOML syntax error at line 1"), "\(error)")
        }
        XCTAssertThrowsError(try ConfigLoader.parse(toml: "node_id = -1")) { error in
            XCTAssertTrue("\(error)".contains("node_id: must not be negative"), "\(error)")
        }
    }

    func testUnknownKeysAreWarnings() throws {
        let loaded = try ConfigLoader.parse(toml: """
            colour = "blue"
            [cluster]
            grpc_prot = 1
            [publisher]
            enabled = true
            [telemetry]
            x = 1
            """)
        XCTAssertEqual(loaded.config, MarmotConfig())
        XCTAssertEqual(Set(loaded.warnings), [
            "unknown configuration key colour is ignored",
            "unknown configuration key cluster.grpc_prot is ignored",
            "[publisher] is not supported yet and is ignored",
            "unknown configuration key telemetry is ignored",
        ])
    }

    func testValidationMessagesNameTheKeys() {
        var c = MarmotConfig()
        c.replication.deltaSyncThresholdSeconds = 7200
        c.replication.gcMinRetentionHours = 1
        c.replication.gcMaxRetentionHours = 3
        c.cluster.grpcPort = 0
        c.mysql.port = 70000
        c.replication.defaultWriteConsistency = "MOST"
        c.replication.defaultReadConsistency = "SOME"
        c.logging.format = "xml"
        c.cluster.seedNodes = ["nohost"]
        c.mysql.autoIDMode = "huge"
        let errors = c.validationErrors()
        func has(_ fragment: String) {
            XCTAssertTrue(errors.contains { $0.contains(fragment) }, "no error containing \(fragment) in \(errors)")
        }
        has("replication.gc_min_retention_hours (1h = 3600s) must be >= replication.delta_sync_threshold_seconds (7200s)")
        has("replication.gc_max_retention_hours (3h = 10800s) must be >= 2 x replication.delta_sync_threshold_seconds (14400s)")
        has("cluster.grpc_port must be a port between 1 and 65535 (got 0)")
        has("mysql.port must be a port between 1 and 65535 (got 70000)")
        has("replication.default_write_consistency \"MOST\" must be one of ONE, QUORUM, ALL")
        has("replication.default_read_consistency \"SOME\" must be one of LOCAL_ONE, ONE, QUORUM, ALL")
        has("logging.format \"xml\" must be \"console\" or \"json\"")
        has("cluster.seed_nodes[0] \"nohost\" is not host:port")
        has("mysql.auto_id_mode \"huge\"")
        XCTAssertThrowsError(try c.validate()) { error in
            XCTAssertTrue("\(error)".hasPrefix("invalid configuration:\n  - "), "\(error)")
        }

        // gc_max = 0 means unlimited and passes; exactly the limits pass.
        var ok = MarmotConfig()
        ok.replication.deltaSyncThresholdSeconds = 7200
        ok.replication.gcMinRetentionHours = 2
        ok.replication.gcMaxRetentionHours = 0
        XCTAssertEqual(ok.validationErrors(), [])
        ok.replication.gcMaxRetentionHours = 4
        XCTAssertEqual(ok.validationErrors(), [])

        var clash = MarmotConfig()
        clash.mysql.port = 8080
        XCTAssertEqual(clash.validationErrors(), ["mysql.port and cluster.grpc_port must differ (both 8080)"])
    }

    func testEnvironmentOverridesTheClusterSecret() throws {
        var c = try ConfigLoader.parse(toml: "[cluster]\ncluster_secret = \"from-file\"").config
        ConfigLoader.applyEnvironment(&c, environment: [:])
        XCTAssertEqual(c.cluster.clusterSecret, "from-file")
        ConfigLoader.applyEnvironment(&c, environment: ["MARMOT_CLUSTER_SECRET": ""])
        XCTAssertEqual(c.cluster.clusterSecret, "from-file")
        ConfigLoader.applyEnvironment(&c, environment: ["MARMOT_CLUSTER_SECRET": "from-env"])
        XCTAssertEqual(c.cluster.clusterSecret, "from-env")
        XCTAssertTrue(c.hasClusterSecret)
    }

    func testGeneratedNodeIDPersistsInTheDataDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marmot-id-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try NodeIdentity.resolve(configured: 0, dataDirectory: dir)
        XCTAssertNotEqual(first.rawValue, 0)
        XCTAssertLessThan(first.rawValue, 1 << 48)
        let again = try NodeIdentity.resolve(configured: 0, dataDirectory: dir)
        XCTAssertEqual(first, again, "a restarted node keeps its generated id")
        XCTAssertEqual(try String(contentsOfFile: dir + "/node_id", encoding: .utf8), "\(first.rawValue)\n")
        // A configured id wins and leaves the stored one alone.
        XCTAssertEqual(try NodeIdentity.resolve(configured: 42, dataDirectory: dir), NodeID(42))
        XCTAssertEqual(try NodeIdentity.resolve(configured: 0, dataDirectory: dir), first)
        // A corrupt file is an error, not a silently new identity.
        try "garbage".write(toFile: dir + "/node_id", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try NodeIdentity.resolve(configured: 0, dataDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("not a node id"), "\(error)")
        }
    }

    func testLoadFromFileNamesTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marmot-\(UUID().uuidString).toml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "[mysql]\nport = \"x\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConfigLoader.load(path: path)) { error in
            XCTAssertEqual((error as? ConfigError)?.messages, ["\(path): mysql.port: expected an integer, found string"])
        }
        XCTAssertThrowsError(try ConfigLoader.load(path: path + ".missing")) { error in
            XCTAssertTrue("\(error)".contains("cannot read config file"), "\(error)")
        }
    }

    func testJSONLogLines() {
        let box = LineBox()
        var logger = Logger(label: "marmot") { label in JSONLogHandler(label: label) { box.append($0) } }
        logger[metadataKey: "node_id"] = "7"
        logger.warning("say \"hi\"\n", metadata: ["peer": "2"])
        logger.debug("not at info level")
        let line = box.lines.first ?? ""
        XCTAssertTrue(line.hasPrefix("{\"ts\":\""), line)
        XCTAssertTrue(line.hasSuffix("\"level\":\"warning\",\"logger\":\"marmot\",\"msg\":\"say \\\"hi\\\"\\n\",\"node_id\":\"7\",\"peer\":\"2\"}\n"), line)
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        XCTAssertEqual(object?["msg"] as? String, "say \"hi\"\n")
    }
}

final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ s: String) { lock.lock(); stored.append(s); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
