import MySQLWire
import Protocol

/// The `[mysql]` section as the MySQL front end needs it.
public struct MySQLServerConfiguration: Sendable {
    /// `[mysql] bind_address`.
    public var bindAddress: String
    /// `[mysql] port`; 0 picks a free port (see `MySQLServer.port`).
    public var port: Int
    /// `[mysql] max_connections`: one more is answered ERR 1040 "Too many connections" and closed.
    public var maxConnections: Int
    /// `[mysql] unix_socket`: a path to listen on as well; nil or "" for none.
    public var unixSocket: String?
    /// `[mysql] unix_socket_perm`: file mode of the socket (e.g. 0o660); nil leaves the umask's.
    public var unixSocketPermissions: Int?
    /// Accounts and their passwords (root without a password by default).
    public var users: MySQLUserTable
    /// What the greeting and `SELECT VERSION()` say.
    public var serverVersion: String
    /// The database statements run in until the client selects one.
    public var defaultDatabase: String
    /// What the node expects statements in (SQLite today).
    public var dialect: MySQLStatementDialect
    /// max_allowed_packet: the longest packet accepted from a client.
    public var maxAllowedPacket: Int
    /// The node's default write consistency, shown as the default of `@@marmot_consistency`
    /// (nil shows DEFAULT). Statements carry a consistency only when the session or a hint
    /// chose one.
    public var defaultConsistency: Consistency?

    public init(bindAddress: String = "0.0.0.0", port: Int = 3306, maxConnections: Int = 1000,
                unixSocket: String? = nil, unixSocketPermissions: Int? = nil,
                users: MySQLUserTable = .rootWithoutPassword, serverVersion: String = "8.0.36-marmot",
                defaultDatabase: String = "marmot", dialect: MySQLStatementDialect = .sqlite,
                maxAllowedPacket: Int = 64 << 20, defaultConsistency: Consistency? = nil) {
        self.bindAddress = bindAddress
        self.port = port
        self.maxConnections = maxConnections
        self.unixSocket = unixSocket
        self.unixSocketPermissions = unixSocketPermissions
        self.users = users
        self.serverVersion = serverVersion
        self.defaultDatabase = defaultDatabase
        self.dialect = dialect
        self.maxAllowedPacket = maxAllowedPacket
        self.defaultConsistency = defaultConsistency
    }

    /// The wire machine's settings.
    var wire: ServerConfiguration {
        ServerConfiguration(serverVersion: serverVersion, maxAllowedPacket: maxAllowedPacket, users: users)
    }
}
