/// The server side's answer to a prepare: how many `?` the statement has and
/// the columns it will return (empty for statements without a result set).
public struct PreparedStatementInfo: Equatable, Sendable {
    public var parameters: [ColumnDefinition]
    public var columns: [ColumnDefinition]
    public var warnings: UInt16

    public init(parameters: [ColumnDefinition], columns: [ColumnDefinition] = [], warnings: UInt16 = 0) {
        self.parameters = parameters
        self.columns = columns
        self.warnings = warnings
    }

    public init(parameterCount: Int, columns: [ColumnDefinition] = [], warnings: UInt16 = 0) {
        self.init(parameters: Array(repeating: .parameter, count: max(0, parameterCount)), columns: columns,
                  warnings: warnings)
    }
}
