import Foundation
import Logging
import MySQLWire
import NIOCore
import NIOPosix
import Node
import Protocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the daemon could not start (a port in use, a data directory locked or unreadable).
public struct StartupError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The daemon: config → data directory → node driver → cluster transport (with the admin
/// HTTP API on the same port) → MySQL front end; and the clean shutdown that reverses it.
///
/// `start()` and `shutdown()` may be called from any thread (not from the node's loop).
public final class MarmotDaemon: @unchecked Sendable {
    public let config: MarmotConfig
    let logger: Logger
    public let group: EventLoopGroup
    private let ownsGroup: Bool
    private let frontEndFactory: MySQLFrontEndFactory?

    /// Set by `start()`.
    public private(set) var driver: NodeDriver!
    public private(set) var transport: ClusterTransport!
    public private(set) var admin: AdminAPI!
    public private(set) var frontEnd: MySQLFrontEnd?
    public private(set) var nodeID = NodeID(0)
    public private(set) var clusterPort = 0

    private var lockFile: Int32 = -1
    private let stateLock = NSLock()
    private var shutdownFuture: EventLoopFuture<Void>?
    private let closed: EventLoopPromise<Void>

    /// How long shutdown lets statements in flight finish.
    public var drainTimeout: TimeAmount = .seconds(10)

    /// `config` must be valid (`validate()`), with the environment already applied.
    /// `frontEnd`: how to start the MySQL server (default `MarmotDaemon.mysqlFrontEnd`, the
    /// real one); nil runs without a MySQL listener (tests of the cluster alone).
    public init(config: MarmotConfig, logger: Logger, group: EventLoopGroup? = nil,
                frontEnd: MySQLFrontEndFactory? = MarmotDaemon.mysqlFrontEnd) {
        self.config = config
        self.logger = logger
        if let group {
            self.group = group
            self.ownsGroup = false
        } else {
            self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(2, System.coreCount))
            self.ownsGroup = true
        }
        self.frontEndFactory = frontEnd
        self.closed = self.group.any().makePromise(of: Void.self)
    }

    /// Completes when the daemon has shut down.
    public var closeFuture: EventLoopFuture<Void> { closed.futureResult }

    /// Opens the data directory, binds the cluster port, starts the node and the MySQL
    /// server. Throws (with a message for the operator) when any of it fails.
    public func start() throws {
        do {
            try startSteps()
        } catch {
            // Undo what a failed start left behind (a started driver is undone by shutdown).
            if driver == nil {
                if let transport { _ = try? transport.loop.flatSubmit { transport.close() }.wait() }
                releaseLock()
            }
            throw error
        }
    }

    private func startSteps() throws {
        let dataDir = config.dataDir
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        } catch {
            throw StartupError("data_dir \(dataDir): cannot create it: \(error.localizedDescription)")
        }
        try lockDataDirectory(dataDir)
        let id = try NodeIdentity.resolve(configured: config.nodeID, dataDirectory: dataDir)
        nodeID = id
        var log = logger
        log[metadataKey: "node_id"] = "\(id.rawValue)"
        let loop = group.next()

        // Bind first: with port 0 (tests) the advertised address takes the bound port.
        // (With grpc_port = 0 the address is "host:0" until the transport knows its port.)
        var nodeConfig = config.toNodeConfiguration(id: id)
        var settings = TransportSettings(nodeID: id, advertisedAddress: nodeConfig.address, bindHost: config.cluster.grpcBindAddress,
                                         port: config.cluster.grpcPort, secret: Array(config.cluster.clusterSecret.utf8))
        settings.retryBackoffMillis = Int64(config.grpcClient.retryBackoffMs)
        settings.maxRetries = config.grpcClient.maxRetries
        settings.connectTimeoutMillis = Int64(max(1, config.grpcClient.keepaliveTimeoutSeconds)) * 1000
        settings.keepaliveIdleSeconds = config.grpcClient.keepaliveTimeSeconds
        settings.keepaliveIntervalSeconds = config.grpcClient.keepaliveTimeoutSeconds
        settings.messageDeadlineMillis = Int64(max(config.coordinator.prepareTimeoutMs, config.coordinator.commitTimeoutMs, config.coordinator.abortTimeoutMs))
        let transport = ClusterTransport(loop: loop, settings: settings, logger: log)
        self.transport = transport
        let port: Int
        do {
            port = try loop.flatSubmit { transport.start() }.wait()
        } catch {
            throw StartupError("cluster port: cannot listen on \(config.cluster.grpcBindAddress):\(config.cluster.grpcPort): \(error)")
        }
        clusterPort = port
        nodeConfig.address = transport.settings.advertisedAddress

        let seed = UInt64.random(in: 1...UInt64.max)
        let driver: NodeDriver
        let finalConfig = nodeConfig
        let driverLogger = log
        do {
            driver = try loop.submit {
                let node = try MarmotNode(configuration: finalConfig, dataDirectory: dataDir, randomSeed: seed)
                return NodeDriver(loop: loop, node: node, transport: transport, logger: driverLogger)
            }.wait()
        } catch {
            throw StartupError("data_dir \(dataDir): cannot open the node's storage: \(error)")
        }
        self.driver = driver
        let admin = AdminAPI(driver: driver, secret: settings.secret, metricsEnabled: config.prometheus.enabled)
        self.admin = admin
        try loop.submit {
            transport.makeHTTPHandler = { AdminHTTPHandler(api: admin) }
        }.wait()
        try driver.start().wait()

        if config.mysql.enabled, let factory = frontEndFactory {
            let context = MySQLFrontEndContext(
                config: config.mysql, users: MySQLUserTable(config: config.mysql.users), executor: driver,
                sessionClosed: { [driver] in driver.sessionClosed($0) },
                defaultConsistency: Consistency(name: config.replication.defaultWriteConsistency) ?? .quorum,
                group: group, logger: log)
            do {
                let server = try factory(context).wait()
                frontEnd = server
                admin.openMySQLConnections = { [weak server] in server?.openConnectionCount ?? 0 }
            } catch {
                _ = try? shutdown().wait()
                throw StartupError("mysql: cannot listen on \(config.mysql.bindAddress):\(config.mysql.port): \(error)")
            }
        } else if config.mysql.enabled {
            log.warning("no MySQL front end in this build: no MySQL listener on \(config.mysql.bindAddress):\(config.mysql.port)")
        }
        log.info("marmot is up", metadata: [
            "cluster": "\(config.cluster.grpcBindAddress):\(port)",
            "mysql": "\(frontEnd != nil ? "\(config.mysql.bindAddress):\(config.mysql.port)" : "off")",
            "data_dir": "\(dataDir)",
        ])
    }

    /// Clean shutdown: stop accepting MySQL connections and statements, let statements in
    /// flight finish (up to `drainTimeout`), stop the node (timers cancelled, files closed),
    /// close the cluster port and the client connections. Idempotent.
    @discardableResult
    public func shutdown() -> EventLoopFuture<Void> {
        stateLock.lock()
        defer { stateLock.unlock() }
        if let shutdownFuture { return shutdownFuture }
        let loop = group.any()
        guard let driver, let transport else {
            releaseLock()
            closed.succeed(())
            shutdownFuture = closed.futureResult
            return closed.futureResult
        }
        logger.info("shutting down")
        let frontEnd = self.frontEnd
        let deadline = NIODeadline.now() + drainTimeout
        let future = (frontEnd?.stopAccepting() ?? loop.makeSucceededVoidFuture())
            .flatMapError { _ in loop.makeSucceededVoidFuture() }
            .flatMap { driver.drain(deadline: deadline) }
            .flatMap { driver.stop() }
            .flatMap { driver.loop.flatSubmit { transport.close() } }
            .flatMap { frontEnd?.close().flatMapError { _ in loop.makeSucceededVoidFuture() } ?? loop.makeSucceededVoidFuture() }
            .always { [self] _ in
                releaseLock()
                logger.info("shutdown complete")
                closed.succeed(())
            }
        shutdownFuture = future
        return future
    }

    /// After `shutdown()` completed: stop the event loop threads the daemon created.
    public func releaseResources() {
        if ownsGroup { try? group.syncShutdownGracefully() }
    }

    // MARK: One process per data directory

    private func lockDataDirectory(_ dataDir: String) throws {
        let path = (dataDir as NSString).appendingPathComponent("marmot.lock")
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw StartupError("data_dir \(dataDir): cannot open \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw StartupError("data_dir \(dataDir) is in use by another marmot process (\(path) is locked)")
        }
        _ = ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        lockFile = fd
    }

    private func releaseLock() {
        if lockFile >= 0 {
            flock(lockFile, LOCK_UN)
            close(lockFile)
            lockFile = -1
        }
    }
}
