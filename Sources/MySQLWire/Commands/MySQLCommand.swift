/// A command-phase packet from the client.
public enum MySQLCommand: Equatable, Sendable {
    case quit
    case initDB(String)
    case query(String)
    case fieldList(table: String, wildcard: String)
    case statistics
    case ping
    case changeUser
    case statementPrepare(String)
    case statementExecute(StatementExecutePacket)
    case statementSendLongData(statementID: UInt32, parameter: UInt16, data: [UInt8])
    case statementClose(UInt32)
    case statementReset(UInt32)
    case setOption(UInt16)
    case statementFetch(statementID: UInt32, rows: UInt32)
    case resetConnection
    /// Anything else (COM_DEBUG, COM_PROCESS_KILL, COM_SHUTDOWN, ...): answered with ERR 1047.
    case unknown(UInt8)

    public enum Code {
        public static let quit: UInt8 = 0x01
        public static let initDB: UInt8 = 0x02
        public static let query: UInt8 = 0x03
        public static let fieldList: UInt8 = 0x04
        public static let statistics: UInt8 = 0x09
        public static let ping: UInt8 = 0x0E
        public static let changeUser: UInt8 = 0x11
        public static let statementPrepare: UInt8 = 0x16
        public static let statementExecute: UInt8 = 0x17
        public static let statementSendLongData: UInt8 = 0x18
        public static let statementClose: UInt8 = 0x19
        public static let statementReset: UInt8 = 0x1A
        public static let setOption: UInt8 = 0x1B
        public static let statementFetch: UInt8 = 0x1C
        public static let resetConnection: UInt8 = 0x1F
    }

    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> MySQLCommand {
        var r = MySQLPayloadReader(payload)
        let code = try r.readUInt8()
        switch code {
        case Code.quit: return .quit
        case Code.initDB: return .initDB(text(r.readRemainingBytes()))
        case Code.query: return .query(text(r.readRemainingBytes()))
        case Code.fieldList:
            let table = text(r.readNullTerminatedOrRemainingBytes())
            return .fieldList(table: table, wildcard: text(r.readRemainingBytes()))
        case Code.statistics: return .statistics
        case Code.ping: return .ping
        case Code.changeUser: return .changeUser
        case Code.statementPrepare: return .statementPrepare(text(r.readRemainingBytes()))
        case Code.statementExecute:
            let id = try r.readUInt32()
            let flags = try r.readUInt8()
            let iterations = try r.readUInt32()
            return .statementExecute(StatementExecutePacket(statementID: id, flags: flags, iterationCount: iterations,
                                                            parameterBlock: r.readRemainingBytes()))
        case Code.statementSendLongData:
            let id = try r.readUInt32()
            let parameter = try r.readUInt16()
            return .statementSendLongData(statementID: id, parameter: parameter, data: r.readRemainingBytes())
        case Code.statementClose: return .statementClose(try r.readUInt32())
        case Code.statementReset: return .statementReset(try r.readUInt32())
        case Code.setOption: return .setOption(try r.readUInt16())
        case Code.statementFetch:
            let id = try r.readUInt32()
            return .statementFetch(statementID: id, rows: try r.readUInt32())
        case Code.resetConnection: return .resetConnection
        default: return .unknown(code)
        }
    }

    /// Builds the packet as a client would (for tests and tools).
    public func encode() -> [UInt8] {
        var w = MySQLPayloadWriter()
        switch self {
        case .quit: w.writeUInt8(Code.quit)
        case .initDB(let db): w.writeUInt8(Code.initDB); w.writeString(db)
        case .query(let sql): w.writeUInt8(Code.query); w.writeString(sql)
        case .fieldList(let table, let wildcard):
            w.writeUInt8(Code.fieldList); w.writeNullTerminatedString(table); w.writeString(wildcard)
        case .statistics: w.writeUInt8(Code.statistics)
        case .ping: w.writeUInt8(Code.ping)
        case .changeUser: w.writeUInt8(Code.changeUser)
        case .statementPrepare(let sql): w.writeUInt8(Code.statementPrepare); w.writeString(sql)
        case .statementExecute(let e):
            w.writeUInt8(Code.statementExecute); w.writeUInt32(e.statementID); w.writeUInt8(e.flags)
            w.writeUInt32(e.iterationCount); w.writeBytes(e.parameterBlock)
        case .statementSendLongData(let id, let parameter, let data):
            w.writeUInt8(Code.statementSendLongData); w.writeUInt32(id); w.writeUInt16(parameter); w.writeBytes(data)
        case .statementClose(let id): w.writeUInt8(Code.statementClose); w.writeUInt32(id)
        case .statementReset(let id): w.writeUInt8(Code.statementReset); w.writeUInt32(id)
        case .setOption(let option): w.writeUInt8(Code.setOption); w.writeUInt16(option)
        case .statementFetch(let id, let rows): w.writeUInt8(Code.statementFetch); w.writeUInt32(id); w.writeUInt32(rows)
        case .resetConnection: w.writeUInt8(Code.resetConnection)
        case .unknown(let code): w.writeUInt8(code)
        }
        return w.bytes
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
