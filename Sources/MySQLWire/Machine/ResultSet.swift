/// Rows with their column definitions. Encoded as a text result set for
/// COM_QUERY and as a binary one for COM_STMT_EXECUTE.
public struct ResultSet: Equatable, Sendable {
    public var columns: [ColumnDefinition]
    public var rows: [[MySQLValue]]
    public var warnings: UInt16
    /// Status for the closing EOF/OK; nil uses the connection's session status.
    public var status: ServerStatus?

    public init(columns: [ColumnDefinition], rows: [[MySQLValue]] = [], warnings: UInt16 = 0,
                status: ServerStatus? = nil) {
        self.columns = columns
        self.rows = rows
        self.warnings = warnings
        self.status = status
    }
}
