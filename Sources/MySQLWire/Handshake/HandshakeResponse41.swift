/// The client's answer to the greeting (Protocol::HandshakeResponse41).
public struct HandshakeResponse41: Equatable, Sendable {
    /// The flags exactly as the client sent them (they govern this packet's layout).
    public var capabilities: CapabilityFlags
    public var maxPacketSize: UInt32
    public var characterSet: UInt8
    public var username: String
    public var authResponse: [UInt8]
    public var database: String?
    /// nil when the client did not send CLIENT_PLUGIN_AUTH.
    public var authPluginName: String?

    public init(capabilities: CapabilityFlags, maxPacketSize: UInt32 = 16_777_216, characterSet: UInt8 = 45,
                username: String, authResponse: [UInt8] = [], database: String? = nil,
                authPluginName: String? = NativePassword.pluginName) {
        self.capabilities = capabilities
        self.maxPacketSize = maxPacketSize
        self.characterSet = characterSet
        self.username = username
        self.authResponse = authResponse
        self.database = database
        self.authPluginName = authPluginName
    }

    /// The fixed-size prefix, which is all an SSLRequest carries.
    public static let fixedLength = 32

    /// Parses the packet. Connection attributes are skipped; trailing optional
    /// fields may be missing. An SSLRequest or a pre-4.1 client is malformed here.
    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> HandshakeResponse41 {
        var r = MySQLPayloadReader(payload)
        let capabilities = CapabilityFlags(rawValue: try r.readUInt32())
        guard capabilities.contains(.protocol41) else { throw .malformed("client without CLIENT_PROTOCOL_41") }
        let maxPacket = try r.readUInt32()
        let charset = try r.readUInt8()
        try r.skip(23)
        if r.isAtEnd && capabilities.contains(.ssl) { throw .malformed("SSLRequest (TLS is not offered)") }
        let username = try r.readNullTerminatedString()
        let auth: [UInt8]
        if capabilities.contains(.pluginAuthLenencClientData) {
            auth = try r.readLengthEncodedBytes()
        } else if capabilities.contains(.secureConnection) {
            let length = Int(try r.readUInt8())
            auth = try r.readBytes(length)
        } else {
            auth = try r.readNullTerminatedBytes()
        }
        var database: String?
        if capabilities.contains(.connectWithDB), !r.isAtEnd {
            let name = String(decoding: r.readNullTerminatedOrRemainingBytes(), as: UTF8.self)
            database = name.isEmpty ? nil : name
        }
        var plugin: String?
        if capabilities.contains(.pluginAuth), !r.isAtEnd {
            plugin = String(decoding: r.readNullTerminatedOrRemainingBytes(), as: UTF8.self)
        }
        // CLIENT_CONNECT_ATTRS: a length-encoded block we do not need.
        return HandshakeResponse41(capabilities: capabilities, maxPacketSize: maxPacket, characterSet: charset,
                                   username: username, authResponse: auth, database: database,
                                   authPluginName: plugin)
    }

    /// Builds the packet as a client would (for tests and tools).
    public func encode(attributes: [(String, String)] = []) -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 128)
        var caps = capabilities
        if !attributes.isEmpty { caps.insert(.connectAttrs) }
        w.writeUInt32(caps.rawValue)
        w.writeUInt32(maxPacketSize)
        w.writeUInt8(characterSet)
        w.writeZeros(23)
        w.writeNullTerminatedString(username)
        if caps.contains(.pluginAuthLenencClientData) {
            w.writeLengthEncodedBytes(authResponse)
        } else if caps.contains(.secureConnection) {
            w.writeUInt8(UInt8(truncatingIfNeeded: authResponse.count))
            w.writeBytes(authResponse)
        } else {
            w.writeBytes(authResponse)
            w.writeUInt8(0)
        }
        if caps.contains(.connectWithDB) { w.writeNullTerminatedString(database ?? "") }
        if caps.contains(.pluginAuth) { w.writeNullTerminatedString(authPluginName ?? "") }
        if caps.contains(.connectAttrs) {
            var block = MySQLPayloadWriter()
            for (key, value) in attributes {
                block.writeLengthEncodedString(key)
                block.writeLengthEncodedString(value)
            }
            w.writeLengthEncodedBytes(block.bytes)
        }
        return w.bytes
    }
}
