/// Protocol::AuthSwitchRequest: asks the client to restart authentication
/// with another plugin and a fresh scramble.
public struct AuthSwitchRequest: Equatable, Sendable {
    public var pluginName: String
    public var pluginData: [UInt8]

    public init(pluginName: String = NativePassword.pluginName, pluginData: [UInt8]) {
        self.pluginName = pluginName
        self.pluginData = pluginData
    }

    /// 0xFE, the plugin name, the scramble and a terminating NUL (as MySQL sends it).
    public func encode() -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 48)
        w.writeUInt8(0xFE)
        w.writeNullTerminatedString(pluginName)
        w.writeBytes(pluginData)
        w.writeUInt8(0)
        return w.bytes
    }
}
