extension MarmotConfig {
    /// Every rule the configuration breaks, each naming its keys; empty when it is usable.
    public func validationErrors() -> [String] {
        var e: [String] = []
        func positive(_ key: String, _ value: Int) {
            if value <= 0 { e.append("\(key) must be > 0 (got \(value))") }
        }
        func nonNegative(_ key: String, _ value: Int) {
            if value < 0 { e.append("\(key) must be >= 0 (got \(value))") }
        }
        func port(_ key: String, _ value: Int) {
            if !(1...65535).contains(value) { e.append("\(key) must be a port between 1 and 65535 (got \(value))") }
        }

        if dataDir.configTrimmed().isEmpty { e.append("data_dir must not be empty") }

        positive("transaction.heartbeat_timeout_seconds", transaction.heartbeatTimeoutSeconds)
        positive("transaction.conflict_window_seconds", transaction.conflictWindowSeconds)
        positive("transaction.lock_wait_timeout_seconds", transaction.lockWaitTimeoutSeconds)

        positive("connection_pool.pool_size", connectionPool.poolSize)
        nonNegative("connection_pool.max_idle_time_seconds", connectionPool.maxIdleTimeSeconds)
        nonNegative("connection_pool.max_lifetime_seconds", connectionPool.maxLifetimeSeconds)

        positive("grpc_client.keepalive_time_seconds", grpcClient.keepaliveTimeSeconds)
        positive("grpc_client.keepalive_timeout_seconds", grpcClient.keepaliveTimeoutSeconds)
        nonNegative("grpc_client.max_retries", grpcClient.maxRetries)
        positive("grpc_client.retry_backoff_ms", grpcClient.retryBackoffMs)

        positive("coordinator.prepare_timeout_ms", coordinator.prepareTimeoutMs)
        positive("coordinator.commit_timeout_ms", coordinator.commitTimeoutMs)
        positive("coordinator.abort_timeout_ms", coordinator.abortTimeoutMs)

        if cluster.grpcBindAddress.configTrimmed().isEmpty { e.append("cluster.grpc_bind_address must not be empty") }
        port("cluster.grpc_port", cluster.grpcPort)
        let advertise = cluster.grpcAdvertiseAddress.configTrimmed()
        if !advertise.isEmpty && advertise.contains(" ") {
            e.append("cluster.grpc_advertise_address \"\(advertise)\" is not a host or host:port")
        }
        for (i, seed) in cluster.seedNodes.enumerated() where !HostPort.hasPort(seed) {
            e.append("cluster.seed_nodes[\(i)] \"\(seed)\" is not host:port")
        }
        positive("cluster.gossip_interval_ms", cluster.gossipIntervalMs)
        positive("cluster.gossip_fanout", cluster.gossipFanout)
        positive("cluster.suspect_timeout_ms", cluster.suspectTimeoutMs)
        positive("cluster.dead_timeout_ms", cluster.deadTimeoutMs)
        if cluster.suspectTimeoutMs > 0 && cluster.gossipIntervalMs > 0 && cluster.suspectTimeoutMs < cluster.gossipIntervalMs {
            e.append("cluster.suspect_timeout_ms (\(cluster.suspectTimeoutMs)) must be >= cluster.gossip_interval_ms (\(cluster.gossipIntervalMs))")
        }

        if !Self.writeConsistencyNames.contains(replication.defaultWriteConsistency.uppercased()) {
            e.append("replication.default_write_consistency \"\(replication.defaultWriteConsistency)\" must be one of \(Self.writeConsistencyNames.joined(separator: ", "))")
        }
        if !Self.readConsistencyNames.contains(replication.defaultReadConsistency.uppercased()) {
            e.append("replication.default_read_consistency \"\(replication.defaultReadConsistency)\" must be one of \(Self.readConsistencyNames.joined(separator: ", "))")
        }
        positive("replication.write_timeout_ms", replication.writeTimeoutMs)
        positive("replication.read_timeout_ms", replication.readTimeoutMs)
        positive("replication.anti_entropy_interval_seconds", replication.antiEntropyIntervalSeconds)
        positive("replication.delta_sync_threshold_transactions", replication.deltaSyncThresholdTransactions)
        positive("replication.delta_sync_threshold_seconds", replication.deltaSyncThresholdSeconds)
        nonNegative("replication.gc_max_retention_hours", replication.gcMaxRetentionHours)
        positive("replication.gc_min_retention_hours", replication.gcMinRetentionHours)
        let threshold = replication.deltaSyncThresholdSeconds
        if replication.gcMinRetentionHours > 0 && threshold > 0 && replication.gcMinRetentionHours * 3600 < threshold {
            e.append("replication.gc_min_retention_hours (\(replication.gcMinRetentionHours)h = \(replication.gcMinRetentionHours * 3600)s) must be >= replication.delta_sync_threshold_seconds (\(threshold)s): logs a lagging peer still needs for delta sync would be collected")
        }
        if replication.gcMaxRetentionHours > 0 && threshold > 0 && replication.gcMaxRetentionHours * 3600 < 2 * threshold {
            e.append("replication.gc_max_retention_hours (\(replication.gcMaxRetentionHours)h = \(replication.gcMaxRetentionHours * 3600)s) must be >= 2 x replication.delta_sync_threshold_seconds (\(2 * threshold)s), or 0 for unlimited retention")
        }
        if replication.gcMaxRetentionHours > 0 && replication.gcMaxRetentionHours < replication.gcMinRetentionHours {
            e.append("replication.gc_max_retention_hours (\(replication.gcMaxRetentionHours)) must be >= replication.gc_min_retention_hours (\(replication.gcMinRetentionHours)), or 0 for unlimited retention")
        }

        positive("ddl.lock_lease_seconds", ddl.lockLeaseSeconds)

        positive("query_pipeline.transpiler_cache_size", queryPipeline.transpilerCacheSize)
        positive("query_pipeline.validator_pool_size", queryPipeline.validatorPoolSize)

        if mysql.enabled {
            if mysql.bindAddress.configTrimmed().isEmpty { e.append("mysql.bind_address must not be empty") }
            port("mysql.port", mysql.port)
            if mysql.port == cluster.grpcPort {
                e.append("mysql.port and cluster.grpc_port must differ (both \(mysql.port))")
            }
        }
        positive("mysql.max_connections", mysql.maxConnections)
        if !(0...0o777).contains(mysql.unixSocketPerm) {
            e.append("mysql.unix_socket_perm must be a file mode between 0 and 0o777 (got \(String(mysql.unixSocketPerm, radix: 8)) in octal)")
        }
        if !["compact", "extended"].contains(mysql.autoIDMode) {
            e.append("mysql.auto_id_mode \"\(mysql.autoIDMode)\" must be \"compact\" or \"extended\"")
        }
        if mysql.users.isEmpty { e.append("mysql.users must name at least one user") }
        for user in mysql.users.keys.sorted() where user.isEmpty || user.utf8.count > 32 {
            e.append("mysql.users: user name \"\(user)\" must have 1 to 32 characters")
        }

        if !["console", "json"].contains(logging.format) {
            e.append("logging.format \"\(logging.format)\" must be \"console\" or \"json\"")
        }
        return e
    }

    /// Throws a `ConfigError` listing every broken rule.
    public func validate() throws {
        let errors = validationErrors()
        if !errors.isEmpty { throw ConfigError(errors) }
    }
}
