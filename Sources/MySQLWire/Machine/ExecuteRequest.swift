/// A decoded COM_STMT_EXECUTE, ready to run.
public struct ExecuteRequest: Equatable, Sendable {
    public var statementID: UInt32
    /// The text the statement was prepared from.
    public var sql: String
    public var parameters: [MySQLValue]
    public var parameterTypes: [ParameterType]
    /// Cursor flags the client sent (served as an ordinary result set).
    public var cursorFlags: UInt8

    public init(statementID: UInt32, sql: String, parameters: [MySQLValue], parameterTypes: [ParameterType],
                cursorFlags: UInt8 = 0) {
        self.statementID = statementID
        self.sql = sql
        self.parameters = parameters
        self.parameterTypes = parameterTypes
        self.cursorFlags = cursorFlags
    }
}
