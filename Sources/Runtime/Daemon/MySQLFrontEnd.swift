import Logging
import MySQLWire
import NIOCore
import Protocol

/// What the daemon needs from the MySQL front end (`Sources/Runtime/MySQLServer/`).
public protocol MySQLFrontEnd: AnyObject, Sendable {
    /// Open client connections (the `/metrics` gauge).
    var openConnectionCount: Int { get }
    /// Shutdown, step 1: close the listeners (TCP and unix socket); connections keep running
    /// so their statements in flight can finish.
    func stopAccepting() -> EventLoopFuture<Void>
    /// Shutdown, last step: close every client connection.
    func close() -> EventLoopFuture<Void>
}

/// Everything the front end is started with.
public struct MySQLFrontEndContext: Sendable {
    /// `[mysql]`: bind_address, port (0 = any free port, for tests), max_connections,
    /// unix_socket, unix_socket_perm, auto_id_mode, users.
    public var config: MarmotConfig.MySQL
    /// `[mysql] users` as the wire module's account table.
    public var users: MySQLUserTable
    /// The node driver: runs every statement.
    public var executor: StatementExecutor
    /// Tell the node a client session ended (its open transaction is dropped).
    public var sessionClosed: @Sendable (UInt64) -> Void
    public var defaultConsistency: Consistency
    public var group: EventLoopGroup
    public var logger: Logger
}

/// Starts the front end; the future completes once it listens.
public typealias MySQLFrontEndFactory = @Sendable (MySQLFrontEndContext) -> EventLoopFuture<MySQLFrontEnd>

extension MySQLUserTable {
    /// `[mysql] users` (user → clear-text password; "" = no password).
    public init(config users: [String: String]) {
        self.init(accounts: users.mapValues { Account(password: $0) })
    }
}
