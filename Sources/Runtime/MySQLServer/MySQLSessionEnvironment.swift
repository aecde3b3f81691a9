/// What every session of one server shares: fixed settings and the server's counters.
struct MySQLSessionEnvironment: Sendable {
    var serverVersion: String
    /// The database statements run in while the client has not selected one.
    var defaultDatabase: String
    var dialect: MySQLStatementDialect
    var maxConnections: Int
    var port: Int
    var maxAllowedPacket: Int
    /// Open connections, uptime and questions for COM_STATISTICS and SHOW STATUS.
    var registry: MySQLConnectionRegistry?
    /// Shown as the default of @@marmot_consistency.
    var defaultConsistency: String?
    /// Tells the node a session ended (nil: a session with an open transaction sends ROLLBACK).
    var sessionClosed: (@Sendable (UInt64) -> Void)?

    init(serverVersion: String = "8.0.36-marmot", defaultDatabase: String = "marmot",
         dialect: MySQLStatementDialect = .sqlite, maxConnections: Int = 1000, port: Int = 3306,
         maxAllowedPacket: Int = 64 << 20, registry: MySQLConnectionRegistry? = nil,
         defaultConsistency: String? = nil, sessionClosed: (@Sendable (UInt64) -> Void)? = nil) {
        self.serverVersion = serverVersion
        self.defaultDatabase = defaultDatabase
        self.dialect = dialect
        self.maxConnections = maxConnections
        self.port = port
        self.maxAllowedPacket = maxAllowedPacket
        self.registry = registry
        self.defaultConsistency = defaultConsistency
        self.sessionClosed = sessionClosed
    }
}
