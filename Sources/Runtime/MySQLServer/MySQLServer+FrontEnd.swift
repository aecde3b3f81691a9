import NIOCore

/// The daemon's seam (`MySQLFrontEnd`, Sources/Runtime/Daemon/MySQLFrontEnd.swift):
///
///     public static let mysqlFrontEnd: MySQLFrontEndFactory? = { context in
///         MySQLServer.start(context: context).map { $0 as MySQLFrontEnd }
///     }
extension MySQLServer: MySQLFrontEnd {
    public static func start(context: MySQLFrontEndContext) -> EventLoopFuture<MySQLServer> {
        let mysql = context.config
        let configuration = MySQLServerConfiguration(
            bindAddress: mysql.bindAddress, port: mysql.port, maxConnections: mysql.maxConnections,
            unixSocket: mysql.unixSocket.isEmpty ? nil : mysql.unixSocket,
            unixSocketPermissions: mysql.unixSocket.isEmpty ? nil : mysql.unixSocketPerm,
            users: context.users, defaultConsistency: context.defaultConsistency)
        return start(group: context.group, configuration: configuration, executor: context.executor,
                     sessionClosed: context.sessionClosed, logger: context.logger)
    }

    public var openConnectionCount: Int { openConnections }

    public func stopAccepting() -> EventLoopFuture<Void> { stopListening() }

    public func close() -> EventLoopFuture<Void> { closeConnections() }
}
