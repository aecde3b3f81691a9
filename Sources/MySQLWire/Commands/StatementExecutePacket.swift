/// The fixed head of COM_STMT_EXECUTE; the parameter block stays raw until
/// the statement (and so its parameter count) is known.
public struct StatementExecutePacket: Equatable, Sendable {
    public var statementID: UInt32
    /// Cursor flags (0 = no cursor); a cursor request is served as a plain result set.
    public var flags: UInt8
    public var iterationCount: UInt32
    /// Null bitmap, new-params-bound flag, types and values.
    public var parameterBlock: [UInt8]

    public init(statementID: UInt32, flags: UInt8 = 0, iterationCount: UInt32 = 1, parameterBlock: [UInt8] = []) {
        self.statementID = statementID
        self.flags = flags
        self.iterationCount = iterationCount
        self.parameterBlock = parameterBlock
    }
}
