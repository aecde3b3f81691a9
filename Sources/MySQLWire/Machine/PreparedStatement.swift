/// A statement prepared on one connection.
public struct PreparedStatement: Equatable, Sendable {
    public let id: UInt32
    public let sql: String
    public let parameterCount: Int
    public let columnCount: Int
    /// Types bound by the first execute that sent them; later executes may omit them.
    public var parameterTypes: [ParameterType]?
    /// Bytes accumulated per parameter index by COM_STMT_SEND_LONG_DATA.
    public var longData: [Int: [UInt8]]
    /// Set when long data outgrew max_allowed_packet; the next execute fails.
    public var longDataOverflow: Bool

    public init(id: UInt32, sql: String, parameterCount: Int, columnCount: Int) {
        self.id = id
        self.sql = sql
        self.parameterCount = parameterCount
        self.columnCount = columnCount
        self.parameterTypes = nil
        self.longData = [:]
        self.longDataOverflow = false
    }

    public mutating func clearLongData() {
        longData = [:]
        longDataOverflow = false
    }
}
