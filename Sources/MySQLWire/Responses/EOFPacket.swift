/// The classic EOF packet: 0xFE, warnings, status.
public struct EOFPacket: Equatable, Sendable {
    public var warnings: UInt16
    public var status: ServerStatus

    public init(warnings: UInt16 = 0, status: ServerStatus) {
        self.warnings = warnings
        self.status = status
    }

    public func encode() -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 5)
        w.writeUInt8(0xFE)
        w.writeUInt16(warnings)
        w.writeUInt16(status.rawValue)
        return w.bytes
    }

    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> EOFPacket {
        var r = MySQLPayloadReader(payload)
        guard try r.readUInt8() == 0xFE, payload.count < 9 else { throw .malformed("not an EOF packet") }
        let warnings = try r.readUInt16()
        return EOFPacket(warnings: warnings, status: ServerStatus(rawValue: try r.readUInt16()))
    }
}
