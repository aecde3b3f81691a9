/// The server greeting (Protocol::HandshakeV10).
public struct HandshakeV10: Equatable, Sendable {
    public var serverVersion: String
    public var connectionID: UInt32
    /// The 20-byte scramble (sent as 8 + 12 bytes, then a NUL).
    public var authPluginData: [UInt8]
    public var capabilities: CapabilityFlags
    public var characterSet: UInt8
    public var status: ServerStatus
    public var authPluginName: String

    public init(serverVersion: String, connectionID: UInt32, authPluginData: [UInt8],
                capabilities: CapabilityFlags, characterSet: UInt8 = 45,
                status: ServerStatus = .autocommit,
                authPluginName: String = NativePassword.pluginName) {
        self.serverVersion = serverVersion
        self.connectionID = connectionID
        self.authPluginData = authPluginData
        self.capabilities = capabilities
        self.characterSet = characterSet
        self.status = status
        self.authPluginName = authPluginName
    }

    public func encode() -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 96)
        w.writeUInt8(10)
        w.writeNullTerminatedString(serverVersion)
        w.writeUInt32(connectionID)
        var data = authPluginData
        if data.count < 20 { data.append(contentsOf: repeatElement(0, count: 20 - data.count)) }
        w.writeBytes(data.prefix(8))
        w.writeUInt8(0)
        w.writeUInt16(UInt16(truncatingIfNeeded: capabilities.rawValue))
        w.writeUInt8(characterSet)
        w.writeUInt16(status.rawValue)
        w.writeUInt16(UInt16(truncatingIfNeeded: capabilities.rawValue >> 16))
        w.writeUInt8(capabilities.contains(.pluginAuth) ? UInt8(data.count + 1) : 0)
        w.writeZeros(10)
        if capabilities.contains(.secureConnection) {
            w.writeBytes(data.dropFirst(8))
            w.writeUInt8(0)
        }
        if capabilities.contains(.pluginAuth) {
            w.writeNullTerminatedString(authPluginName)
        }
        return w.bytes
    }

    /// Reads a greeting (the client side; for tests and tools).
    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> HandshakeV10 {
        var r = MySQLPayloadReader(payload)
        let version = try r.readUInt8()
        guard version == 10 else { throw .malformed("protocol version \(version)") }
        let serverVersion = try r.readNullTerminatedString()
        let connectionID = try r.readUInt32()
        var data = try r.readBytes(8)
        try r.skip(1)
        var caps = UInt32(try r.readUInt16())
        let charset = try r.readUInt8()
        let status = ServerStatus(rawValue: try r.readUInt16())
        caps |= UInt32(try r.readUInt16()) << 16
        let capabilities = CapabilityFlags(rawValue: caps)
        let dataLength = Int(try r.readUInt8())
        try r.skip(10)
        if capabilities.contains(.secureConnection) {
            let rest = max(13, dataLength - 8)
            data += try r.readBytes(rest)
            if data.last == 0 { data.removeLast() }
        }
        var plugin = ""
        if capabilities.contains(.pluginAuth) {
            plugin = String(decoding: r.readNullTerminatedOrRemainingBytes(), as: UTF8.self)
        }
        return HandshakeV10(serverVersion: serverVersion, connectionID: connectionID, authPluginData: data,
                            capabilities: capabilities, characterSet: charset, status: status,
                            authPluginName: plugin)
    }
}
