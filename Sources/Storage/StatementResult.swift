import Protocol

/// The rows of a query.
public struct QueryResult: Hashable, Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    /// Declared types of the result columns (nil for expressions), when known.
    public var declaredTypes: [String?] = []

    public init(columns: [String] = [], rows: [[SQLValue]] = []) {
        self.columns = columns
        self.rows = rows
    }
}

/// What one client statement (or the last of several) produced: result rows for queries,
/// affected rows and the last insert rowid for DML.
public struct StatementResult: Hashable, Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    /// Declared types of the result columns (nil for expressions), when known.
    public var declaredTypes: [String?] = []
    /// Rows changed by the statement itself (sqlite3_changes), 0 for queries and DDL.
    public var changes: Int
    public var lastInsertRowID: Int64

    public init(columns: [String] = [], rows: [[SQLValue]] = [], changes: Int = 0, lastInsertRowID: Int64 = 0) {
        self.columns = columns
        self.rows = rows
        self.changes = changes
        self.lastInsertRowID = lastInsertRowID
    }
}
