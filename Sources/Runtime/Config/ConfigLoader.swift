import Foundation
import TOMLKit

/// A configuration as loaded: the values, plus warnings worth a log line (unknown keys).
public struct LoadedConfig: Sendable {
    public var config: MarmotConfig
    public var warnings: [String]
}

/// Reads `config.toml` (TOMLKit) onto the embedded defaults. Unknown sections and keys are
/// warnings (a later version may know them: `[publisher]`, `[replica]`); a value of the wrong
/// type is an error naming the key. Validation is separate (`MarmotConfig.validate()`), and so
/// is the environment (`applyEnvironment`).
public enum ConfigLoader {
    /// The environment variable that overrides `cluster.cluster_secret`.
    public static let clusterSecretVariable = "MARMOT_CLUSTER_SECRET"

    /// Sections a later issue adds: named in the warning so nobody thinks they took effect.
    static let plannedSections: Set<String> = ["publisher", "replica"]

    public static func load(path: String) throws -> LoadedConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read config file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("config file \(path) is not UTF-8")
        }
        do {
            return try parse(toml: text)
        } catch var error as ConfigError {
            error.messages = error.messages.map { "\(path): \($0)" }
            throw error
        }
    }

    public static func parse(toml text: String) throws -> LoadedConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("TOML syntax error at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        }
        var c = MarmotConfig()
        var r = TableReader(root, path: "")
        r.uint64("node_id", &c.nodeID)
        r.string("data_dir", &c.dataDir)
        r.section("transaction") { t in
            t.int("heartbeat_timeout_seconds", &c.transaction.heartbeatTimeoutSeconds)
            t.int("conflict_window_seconds", &c.transaction.conflictWindowSeconds)
            t.int("lock_wait_timeout_seconds", &c.transaction.lockWaitTimeoutSeconds)
        }
        r.section("connection_pool") { t in
            t.int("pool_size", &c.connectionPool.poolSize)
            t.int("max_idle_time_seconds", &c.connectionPool.maxIdleTimeSeconds)
            t.int("max_lifetime_seconds", &c.connectionPool.maxLifetimeSeconds)
        }
        r.section("grpc_client") { t in
            t.int("keepalive_time_seconds", &c.grpcClient.keepaliveTimeSeconds)
            t.int("keepalive_timeout_seconds", &c.grpcClient.keepaliveTimeoutSeconds)
            t.int("max_retries", &c.grpcClient.maxRetries)
            t.int("retry_backoff_ms", &c.grpcClient.retryBackoffMs)
        }
        r.section("coordinator") { t in
            t.int("prepare_timeout_ms", &c.coordinator.prepareTimeoutMs)
            t.int("commit_timeout_ms", &c.coordinator.commitTimeoutMs)
            t.int("abort_timeout_ms", &c.coordinator.abortTimeoutMs)
        }
        r.section("cluster") { t in
            t.string("grpc_bind_address", &c.cluster.grpcBindAddress)
            t.int("grpc_port", &c.cluster.grpcPort)
            t.string("grpc_advertise_address", &c.cluster.grpcAdvertiseAddress)
            t.stringArray("seed_nodes", &c.cluster.seedNodes)
            t.string("cluster_secret", &c.cluster.clusterSecret)
            t.int("gossip_interval_ms", &c.cluster.gossipIntervalMs)
            t.int("gossip_fanout", &c.cluster.gossipFanout)
            t.int("suspect_timeout_ms", &c.cluster.suspectTimeoutMs)
            t.int("dead_timeout_ms", &c.cluster.deadTimeoutMs)
        }
        r.section("replication") { t in
            t.string("default_write_consistency", &c.replication.defaultWriteConsistency)
            t.string("default_read_consistency", &c.replication.defaultReadConsistency)
            t.int("write_timeout_ms", &c.replication.writeTimeoutMs)
            t.int("read_timeout_ms", &c.replication.readTimeoutMs)
            t.bool("enable_anti_entropy", &c.replication.enableAntiEntropy)
            t.int("anti_entropy_interval_seconds", &c.replication.antiEntropyIntervalSeconds)
            t.int("delta_sync_threshold_transactions", &c.replication.deltaSyncThresholdTransactions)
            t.int("delta_sync_threshold_seconds", &c.replication.deltaSyncThresholdSeconds)
            t.int("gc_min_retention_hours", &c.replication.gcMinRetentionHours)
            t.int("gc_max_retention_hours", &c.replication.gcMaxRetentionHours)
        }
        r.section("ddl") { t in
            t.int("lock_lease_seconds", &c.ddl.lockLeaseSeconds)
            t.bool("enable_idempotent", &c.ddl.enableIdempotent)
        }
        r.section("query_pipeline") { t in
            t.int("transpiler_cache_size", &c.queryPipeline.transpilerCacheSize)
            t.int("validator_pool_size", &c.queryPipeline.validatorPoolSize)
        }
        r.section("mysql") { t in
            t.bool("enabled", &c.mysql.enabled)
            t.string("bind_address", &c.mysql.bindAddress)
            t.int("port", &c.mysql.port)
            t.int("max_connections", &c.mysql.maxConnections)
            t.string("unix_socket", &c.mysql.unixSocket)
            t.fileMode("unix_socket_perm", &c.mysql.unixSocketPerm)
            t.string("auto_id_mode", &c.mysql.autoIDMode)
            t.stringTable("users", &c.mysql.users)
        }
        r.section("logging") { t in
            t.bool("verbose", &c.logging.verbose)
            t.string("format", &c.logging.format)
        }
        r.section("prometheus") { t in
            t.bool("enabled", &c.prometheus.enabled)
        }
        r.finish()
        if !r.errors.isEmpty { throw ConfigError(r.errors) }
        return LoadedConfig(config: c, warnings: r.warnings)
    }

    /// `MARMOT_CLUSTER_SECRET`, when set and not empty, replaces `cluster.cluster_secret`.
    public static func applyEnvironment(_ config: inout MarmotConfig, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let secret = environment[clusterSecretVariable], !secret.isEmpty {
            config.cluster.clusterSecret = secret
        }
    }
}

/// Reads the keys of one TOML table, remembering which ones it consumed so the rest can be
/// reported, and collecting type errors instead of stopping at the first.
struct TableReader {
    let table: TOMLTable
    let path: String
    private(set) var consumed: Set<String> = []
    var errors: [String] = []
    var warnings: [String] = []

    init(_ table: TOMLTable, path: String) {
        self.table = table
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func value(_ key: String) -> TOMLValueConvertible? {
        consumed.insert(key)
        return table[key]
    }

    private mutating func typeError(_ key: String, expected: String, found: TOMLValueConvertible) {
        errors.append("\(name(key)): expected \(expected), found \(found.type)")
    }

    mutating func int(_ key: String, _ field: inout Int) {
        guard let v = value(key) else { return }
        if let i = v.int { field = i } else { typeError(key, expected: "an integer", found: v) }
    }

    mutating func uint64(_ key: String, _ field: inout UInt64) {
        guard let v = value(key) else { return }
        guard let i = v.int else { return typeError(key, expected: "an integer", found: v) }
        if i < 0 { errors.append("\(name(key)): must not be negative (got \(i))") } else { field = UInt64(i) }
    }

    mutating func string(_ key: String, _ field: inout String) {
        guard let v = value(key) else { return }
        if let s = v.string { field = s } else { typeError(key, expected: "a string", found: v) }
    }

    mutating func bool(_ key: String, _ field: inout Bool) {
        guard let v = value(key) else { return }
        if let b = v.bool { field = b } else { typeError(key, expected: "a boolean", found: v) }
    }

    mutating func stringArray(_ key: String, _ field: inout [String]) {
        guard let v = value(key) else { return }
        guard let array = v.array else { return typeError(key, expected: "an array of strings", found: v) }
        var out: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.string else {
                errors.append("\(name(key))[\(i)]: expected a string, found \(element.type)")
                return
            }
            out.append(s)
        }
        field = out
    }

    /// A table of string values (`[mysql.users]`: user = "password").
    mutating func stringTable(_ key: String, _ field: inout [String: String]) {
        guard let v = value(key) else { return }
        guard let t = v.table else { return typeError(key, expected: "a table of strings", found: v) }
        var out: [String: String] = [:]
        for k in t.keys.sorted() {
            guard let s = t[k]?.string else {
                errors.append("\(name(key)).\(k): expected a string, found \(t[k]?.type.description ?? "nothing")")
                return
            }
            out[k] = s
        }
        field = out
    }

    /// A file mode: an integer (write `0o660` in TOML) or an octal string ("0660").
    mutating func fileMode(_ key: String, _ field: inout Int) {
        guard let v = value(key) else { return }
        if let i = v.int { field = i; return }
        if let s = v.string {
            if let i = Int(s, radix: 8) { field = i } else { errors.append("\(name(key)): \"\(s)\" is not an octal file mode") }
            return
        }
        typeError(key, expected: "an integer or an octal string", found: v)
    }

    /// Reads a sub-table with `body`; a missing one keeps the defaults.
    mutating func section(_ key: String, _ body: (inout TableReader) -> Void) {
        guard let v = value(key) else { return }
        guard let t = v.table else { return typeError(key, expected: "a table ([\(name(key))])", found: v) }
        var sub = TableReader(t, path: name(key))
        body(&sub)
        sub.finish()
        errors += sub.errors
        warnings += sub.warnings
    }

    /// Reports keys nobody asked for.
    mutating func finish() {
        for key in table.keys.sorted() where !consumed.contains(key) {
            if path.isEmpty && ConfigLoader.plannedSections.contains(key) {
                warnings.append("[\(key)] is not supported yet and is ignored")
            } else {
                warnings.append("unknown configuration key \(name(key)) is ignored")
            }
        }
        consumed = Set(table.keys)
    }
}
