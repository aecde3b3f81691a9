/// Who logged in, handed to the server side with `startSession`.
public struct SessionInfo: Equatable, Sendable {
    public var connectionID: UInt32
    public var user: String
    public var clientHost: String
    /// The database named in the handshake; the server side checks it exists
    /// (answer ERR 1049 to refuse the login).
    public var database: String?
    /// Client flags intersected with the server's.
    public var capabilities: CapabilityFlags
    /// The collation id the client asked for (33 utf8, 45 utf8mb4, ...).
    public var characterSet: UInt8
    /// The authentication plugin the login finally succeeded with.
    public var authPlugin: String

    public init(connectionID: UInt32, user: String, clientHost: String, database: String?,
                capabilities: CapabilityFlags, characterSet: UInt8, authPlugin: String) {
        self.connectionID = connectionID
        self.user = user
        self.clientHost = clientHost
        self.database = database
        self.capabilities = capabilities
        self.characterSet = characterSet
        self.authPlugin = authPlugin
    }
}
