/// Per-listener settings of the MySQL protocol.
public struct ServerConfiguration: Equatable, Sendable {
    public var serverVersion: String
    public var capabilities: CapabilityFlags
    /// Collation announced in the greeting (45: utf8mb4_general_ci).
    public var characterSet: UInt8
    /// max_allowed_packet: the longest logical packet accepted from a client.
    public var maxAllowedPacket: Int
    public var users: MySQLUserTable
    /// Prepared statements one connection may hold at once.
    public var maxPreparedStatements: Int
    /// Session status a new (or reset) connection starts with.
    public var initialStatus: ServerStatus

    public init(serverVersion: String = "8.0.36-marmot",
                capabilities: CapabilityFlags = .serverDefault,
                characterSet: UInt8 = 45,
                maxAllowedPacket: Int = 64 << 20,
                users: MySQLUserTable = .rootWithoutPassword,
                maxPreparedStatements: Int = 16_382,
                initialStatus: ServerStatus = .autocommit) {
        self.serverVersion = serverVersion
        self.capabilities = capabilities
        self.characterSet = characterSet
        self.maxAllowedPacket = maxAllowedPacket
        self.users = users
        self.maxPreparedStatements = maxPreparedStatements
        self.initialStatus = initialStatus
    }
}
