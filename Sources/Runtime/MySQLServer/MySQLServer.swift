import Foundation
import Logging
import NIOCore
import NIOPosix
import Node
import Protocol

/// The MySQL front end: listens on TCP (and a unix socket when configured) and serves each
/// client connection with the wire machine and a `MySQLSession` that runs statements
/// through the daemon's `StatementExecutor`.
///
/// Starting and stopping it:
/// ```
/// let server = try await MySQLServer.start(
///     group: eventLoopGroup,
///     configuration: MySQLServerConfiguration(
///         bindAddress: "0.0.0.0", port: 3306, maxConnections: 1000,
///         unixSocket: "/tmp/marmot/mysql.sock",    // nil or "" for none
///         unixSocketPermissions: 0o660,
///         users: MySQLUserTable(config: ["root": ""]),
///         serverVersion: "8.0.36-marmot",
///         defaultConsistency: .quorum),            // only shown by @@marmot_consistency
///     executor: nodeDriver,                        // any StatementExecutor
///     sessionClosed: { id in nodeDriver.sessionClosed(id) },   // optional
///     logger: logger)
/// server.port                     // the TCP port bound (useful with port 0)
/// server.openConnections          // for metrics
/// await server.stopListening()    // stop accepting; open connections go on
/// await server.shutdown()         // stop accepting and close every client connection
/// ```
/// The daemon's `MySQLFrontEnd` seam is `MySQLServer.start(context:)` (MySQLServer+FrontEnd.swift).
///
/// Each connection's statements carry `ClientRequest.session` = its connection id (unique
/// per server, never 0) and request ids `connectionID << 32 | n`. When a connection ends,
/// `sessionClosed(connectionID)` is called if given; otherwise a session with an open
/// transaction sends `ROLLBACK` through the executor.
public final class MySQLServer: Sendable {
    public let configuration: MySQLServerConfiguration
    /// The TCP address bound.
    public let localAddress: SocketAddress?
    private let listeners: [any Channel]
    private let registry: MySQLConnectionRegistry
    private let logger: Logger
    private let eventLoop: any EventLoop

    private init(configuration: MySQLServerConfiguration, localAddress: SocketAddress?, listeners: [any Channel],
                 registry: MySQLConnectionRegistry, logger: Logger, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.localAddress = localAddress
        self.listeners = listeners
        self.registry = registry
        self.logger = logger
        self.eventLoop = eventLoop
    }

    /// The TCP port bound (the configured one, or the one picked for port 0).
    public var port: Int? { localAddress?.port }

    /// Client connections open right now (TCP and unix socket).
    public var openConnections: Int { registry.openConnections }

    /// Connections accepted since start.
    public var totalConnections: Int { registry.totalConnections }

    public static func start(group: any EventLoopGroup, configuration: MySQLServerConfiguration,
                             executor: any StatementExecutor,
                             sessionClosed: (@Sendable (UInt64) -> Void)? = nil,
                             logger: Logger) async throws -> MySQLServer {
        try await start(group: group, configuration: configuration, executor: executor, sessionClosed: sessionClosed,
                        logger: logger).get()
    }

    /// The same, as a future (completes once every listener is bound).
    public static func start(group: any EventLoopGroup, configuration: MySQLServerConfiguration,
                             executor: any StatementExecutor,
                             sessionClosed: (@Sendable (UInt64) -> Void)? = nil,
                             logger: Logger) -> EventLoopFuture<MySQLServer> {
        let loop = group.next()
        let registry = MySQLConnectionRegistry(maxConnections: max(1, configuration.maxConnections))
        let make = { (tcp: Bool) in
            bootstrap(group: group, configuration: configuration, registry: registry, executor: executor,
                      sessionClosed: sessionClosed, logger: logger, tcp: tcp)
        }
        let tcp = make(true).bind(host: configuration.bindAddress, port: configuration.port)
        return tcp.flatMap { tcpChannel -> EventLoopFuture<MySQLServer> in
            logger.info("MySQL server listening", metadata: ["address": "\(tcpChannel.localAddress.map { "\($0)" } ?? "?")"])
            let server = { @Sendable (listeners: [any Channel]) in
                MySQLServer(configuration: configuration, localAddress: tcpChannel.localAddress, listeners: listeners,
                            registry: registry, logger: logger, eventLoop: loop)
            }
            guard let path = configuration.unixSocket, !path.isEmpty else {
                return loop.makeSucceededFuture(server([tcpChannel]))
            }
            return make(false).bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true)
                .flatMapThrowing { unixChannel -> MySQLServer in
                    if let mode = configuration.unixSocketPermissions, chmod(path, mode_t(mode)) != 0 {
                        let code = errno
                        unixChannel.close(promise: nil)
                        throw MySQLServerError.socketPermissions(path: path, mode: mode, errno: code)
                    }
                    logger.info("MySQL server listening", metadata: ["unix_socket": "\(path)"])
                    return server([tcpChannel, unixChannel])
                }
                .flatMapErrorThrowing { error in
                    tcpChannel.close(promise: nil)
                    throw error
                }
        }.hop(to: loop)
    }

    private static func bootstrap(group: any EventLoopGroup, configuration: MySQLServerConfiguration,
                                  registry: MySQLConnectionRegistry, executor: any StatementExecutor,
                                  sessionClosed: (@Sendable (UInt64) -> Void)?, logger: Logger,
                                  tcp: Bool) -> ServerBootstrap {
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
        if tcp {
            bootstrap = bootstrap
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        }
        return bootstrap
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let host = tcp ? (channel.remoteAddress?.ipAddress ?? "localhost") : "localhost"
                    let handler = MySQLConnectionHandler(configuration: configuration, registry: registry,
                                                         executor: executor, sessionClosed: sessionClosed,
                                                         eventLoop: channel.eventLoop, clientHost: host, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
    }

    /// Closes the listeners (TCP and unix socket, whose file is removed); connections stay.
    public func stopListening() -> EventLoopFuture<Void> {
        let closed = listeners.map { listener in listener.close().recover { _ in } }
        let path = configuration.unixSocket
        return EventLoopFuture.andAllComplete(closed, on: eventLoop).map {
            if let path, !path.isEmpty { unlink(path) }
        }
    }

    /// Refuses new connections and closes every open one (their sessions end; the node drops
    /// their open transactions).
    public func closeConnections() -> EventLoopFuture<Void> {
        let closed = registry.beginShutdown().map { channel in channel.close().recover { _ in } }
        return EventLoopFuture.andAllComplete(closed, on: eventLoop)
    }

    public func stopListening() async {
        try? await stopListening().get()
    }

    /// Stops listening and closes every client connection.
    public func shutdown() async {
        try? await stopListening().get()
        try? await closeConnections().get()
        logger.info("MySQL server stopped")
    }
}

public enum MySQLServerError: Error, CustomStringConvertible {
    case socketPermissions(path: String, mode: Int, errno: Int32)

    public var description: String {
        switch self {
        case .socketPermissions(let path, let mode, let code):
            return "cannot set permissions \(String(mode, radix: 8)) on \(path): errno \(code)"
        }
    }
}
