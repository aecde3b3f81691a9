/// COM_STMT_PREPARE_OK: 0x00, statement id, column count, parameter count,
/// a reserved byte and the warning count.
public struct PrepareOKPacket: Equatable, Sendable {
    public var statementID: UInt32
    public var columnCount: UInt16
    public var parameterCount: UInt16
    public var warnings: UInt16

    public init(statementID: UInt32, columnCount: UInt16, parameterCount: UInt16, warnings: UInt16 = 0) {
        self.statementID = statementID
        self.columnCount = columnCount
        self.parameterCount = parameterCount
        self.warnings = warnings
    }

    public func encode() -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 12)
        w.writeUInt8(0x00)
        w.writeUInt32(statementID)
        w.writeUInt16(columnCount)
        w.writeUInt16(parameterCount)
        w.writeUInt8(0)
        w.writeUInt16(warnings)
        return w.bytes
    }

    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> PrepareOKPacket {
        var r = MySQLPayloadReader(payload)
        guard try r.readUInt8() == 0x00 else { throw .malformed("not a COM_STMT_PREPARE_OK") }
        let id = try r.readUInt32()
        let columns = try r.readUInt16()
        let params = try r.readUInt16()
        try r.skip(1)
        let warnings = r.remaining >= 2 ? try r.readUInt16() : 0
        return PrepareOKPacket(statementID: id, columnCount: columns, parameterCount: params, warnings: warnings)
    }
}
