// The marmot daemon: leaderless SQLite replication behind the MySQL wire protocol.
import ArgumentParser
import Dispatch
import Foundation
import Logging
import Runtime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct MarmotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marmot",
        abstract: "Leaderless SQLite replication speaking the MySQL protocol.",
        discussion: """
            With no arguments: a single node with the embedded defaults (MySQL on 3306, cluster \
            port 8080, data in ./marmot-data). MARMOT_CLUSTER_SECRET overrides cluster.cluster_secret.
            """)

    @Option(name: .long, help: "TOML configuration file.")
    var config: String?

    @Option(name: .long, help: "Override data_dir.")
    var dataDir: String?

    @Option(name: .long, help: "Override node_id (0 = generate once, kept in data_dir).")
    var nodeId: UInt64?

    @Option(name: .long, help: "Override mysql.port.")
    var mysqlPort: Int?

    @Option(name: .long, help: "Override mysql.bind_address.")
    var mysqlBind: String?

    @Option(name: .long, help: "Override cluster.grpc_port.")
    var clusterPort: Int?

    @Option(name: .long, help: "Override cluster.grpc_bind_address.")
    var clusterBind: String?

    @Option(name: .long, help: "Override cluster.grpc_advertise_address (host or host:port peers reach this node at).")
    var advertiseAddress: String?

    @Option(name: .long, help: "Override cluster.seed_nodes: comma-separated host:port list.")
    var seedNodes: String?

    @Flag(name: .long, help: "Verbose logging (logging.verbose = true).")
    var verbose = false

    @Flag(name: .long, help: "Check the configuration and exit.")
    var checkConfig = false

    func run() throws {
        var cfg = MarmotConfig()
        var warnings: [String] = []
        do {
            if let path = config {
                let loaded = try ConfigLoader.load(path: path)
                cfg = loaded.config
                warnings = loaded.warnings
            }
        } catch let error as ConfigError {
            fail(error)
        }
        if let v = dataDir { cfg.dataDir = v }
        if let v = nodeId { cfg.nodeID = v }
        if let v = mysqlPort { cfg.mysql.port = v }
        if let v = mysqlBind { cfg.mysql.bindAddress = v }
        if let v = clusterPort { cfg.cluster.grpcPort = v }
        if let v = clusterBind { cfg.cluster.grpcBindAddress = v }
        if let v = advertiseAddress { cfg.cluster.grpcAdvertiseAddress = v }
        if let v = seedNodes {
            cfg.cluster.seedNodes = v.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if verbose { cfg.logging.verbose = true }
        ConfigLoader.applyEnvironment(&cfg)
        do {
            try cfg.validate()
        } catch let error as ConfigError {
            fail(error)
        }
        if checkConfig {
            for w in warnings { print("warning: \(w)") }
            print("configuration OK")
            return
        }

        DaemonLogging.bootstrap(cfg.logging)
        let logger = Logger(label: "marmot")
        for w in warnings { logger.warning("\(w)") }

        let daemon = MarmotDaemon(config: cfg, logger: logger)
        do {
            try daemon.start()
        } catch {
            logger.critical("cannot start: \(error)")
            daemon.shutdown().whenComplete { _ in }
            _ = try? daemon.closeFuture.wait()
            daemon.releaseResources()
            throw ExitCode(1)
        }

        // SIGTERM / SIGINT: clean shutdown. A second signal exits at once.
        let signalQueue = DispatchQueue(label: "marmot.signals")
        var sources: [DispatchSourceSignal] = []
        let counter = SignalCounter()
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: signalQueue)
            source.setEventHandler {
                if counter.increment() > 1 {
                    logger.warning("second signal: exiting now")
                    Foundation.exit(1)
                }
                logger.info("received signal \(sig): shutting down")
                daemon.shutdown()
            }
            source.resume()
            sources.append(source)
        }
        _ = try? daemon.closeFuture.wait()
        for s in sources { s.cancel() }
        daemon.releaseResources()
    }

    private func fail(_ error: ConfigError) -> Never {
        FileHandle.standardError.write(Data("marmot: \(error)\n".utf8))
        Foundation.exit(2)
    }
}

/// Counts signals across the dispatch queue's invocations.
final class SignalCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}

MarmotCommand.main()
