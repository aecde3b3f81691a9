/// An error as the client sees it: code, SQLSTATE and message (an ERR packet).
public struct MySQLError: Error, Hashable, Sendable {
    public var code: UInt16
    /// Five characters, e.g. "28000".
    public var sqlState: String
    public var message: String

    public init(code: UInt16, sqlState: String, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
    }

    /// 0xFF, code, '#', SQLSTATE (exactly 5 bytes), message.
    public func encode() -> [UInt8] {
        var w = MySQLPayloadWriter(capacity: 16 + message.utf8.count)
        w.writeUInt8(0xFF)
        w.writeUInt16(code)
        w.writeUInt8(UInt8(ascii: "#"))
        var state = Array(sqlState.utf8.prefix(5))
        state.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 5 - state.count))
        w.writeBytes(state)
        w.writeString(message)
        return w.bytes
    }

    /// Reads an ERR packet (client side; for tests and tools).
    public static func decode(_ payload: [UInt8]) throws(MySQLWireError) -> MySQLError {
        var r = MySQLPayloadReader(payload)
        guard try r.readUInt8() == 0xFF else { throw .malformed("not an ERR packet") }
        let code = try r.readUInt16()
        var state = ""
        if r.peekUInt8() == UInt8(ascii: "#") {
            try r.skip(1)
            state = String(decoding: try r.readBytes(5), as: UTF8.self)
        }
        return MySQLError(code: code, sqlState: state, message: String(decoding: r.readRemainingBytes(), as: UTF8.self))
    }

    // MARK: The errors this target produces (and a few the server side needs).

    public static func accessDenied(user: String, host: String, usingPassword: Bool) -> MySQLError {
        MySQLError(code: 1045, sqlState: "28000",
                   message: "Access denied for user '\(user)'@'\(host)' (using password: \(usingPassword ? "YES" : "NO"))")
    }

    public static let badHandshake = MySQLError(code: 1043, sqlState: "08S01", message: "Bad handshake")

    public static let unknownCommand = MySQLError(code: 1047, sqlState: "08S01", message: "Unknown command")

    public static let packetTooLarge = MySQLError(
        code: 1153, sqlState: "08S01", message: "Got a packet bigger than 'max_allowed_packet' bytes")

    public static let packetsOutOfOrder = MySQLError(code: 1156, sqlState: "08S01", message: "Got packets out of order")

    public static let malformedPacket = MySQLError(code: 1835, sqlState: "HY000", message: "Malformed communication packet.")

    public static func unknownStatement(_ id: UInt32, command: String) -> MySQLError {
        MySQLError(code: 1243, sqlState: "HY000",
                   message: "Unknown prepared statement handler (\(id)) given to \(command)")
    }

    public static func wrongArguments(_ command: String) -> MySQLError {
        MySQLError(code: 1210, sqlState: "HY000", message: "Incorrect arguments to \(command)")
    }

    public static func noOpenCursor(_ id: UInt32) -> MySQLError {
        MySQLError(code: 1421, sqlState: "HY000", message: "The statement (\(id)) has no open cursor.")
    }

    public static func notSupportedYet(_ what: String) -> MySQLError {
        MySQLError(code: 1235, sqlState: "42000", message: "This version of MySQL doesn't yet support '\(what)'")
    }

    public static func tooManyPreparedStatements(limit: Int) -> MySQLError {
        MySQLError(code: 1461, sqlState: "42000",
                   message: "Can't create more than max_prepared_stmt_count statements (current value: \(limit))")
    }

    public static func unknownDatabase(_ name: String) -> MySQLError {
        MySQLError(code: 1049, sqlState: "42000", message: "Unknown database '\(name)'")
    }

    public static let noDatabaseSelected = MySQLError(code: 1046, sqlState: "3D000", message: "No database selected")

    public static func internalError(_ message: String) -> MySQLError {
        MySQLError(code: 1105, sqlState: "HY000", message: message)
    }
}
