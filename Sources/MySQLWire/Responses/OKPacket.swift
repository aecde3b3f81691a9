/// An OK packet. With header 0xFE it is the end-of-result-set marker of a
/// CLIENT_DEPRECATE_EOF connection.
public struct OKPacket: Equatable, Sendable {
    public var header: UInt8
    public var affectedRows: UInt64
    public var lastInsertID: UInt64
    public var status: ServerStatus
    public var warnings: UInt16
    public var info: String

    public init(header: UInt8 = 0x00, affectedRows: UInt64 = 0, lastInsertID: UInt64 = 0,
                status: ServerStatus, warnings: UInt16 = 0, info: String = "") {
        self.header = header
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
        self.status = status
        self.warnings = warnings
        self.info = info
    }

    /// Layout for a CLIENT_PROTOCOL_41 client without CLIENT_SESSION_TRACK.
    public func encode() -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 16 + info.utf8.count)
        w.writeUInt8(header)
        w.writeLengthEncodedInteger(affectedRows)
        w.writeLengthEncodedInteger(lastInsertID)
        w.writeUInt16(status.rawValue)
        w.writeUInt16(warnings)
        w.writeString(info)
        return w.bytes
    }

    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> OKPacket {
        var r = MySQLPayloadReader(payload)
        let header = try r.readUInt8()
        guard header == 0x00 || header == 0xFE else { throw .malformed("not an OK packet") }
        let affected = try r.readLengthEncodedInteger()
        let lastID = try r.readLengthEncodedInteger()
        let status = ServerStatus(rawValue: try r.readUInt16())
        let warnings = try r.readUInt16()
        let info = String(decoding: r.readRemainingBytes(), as: UTF8.self)
        return OKPacket(header: header, affectedRows: affected, lastInsertID: lastID, status: status,
                        warnings: warnings, info: info)
    }
}
