/// A table (or view, or index target) name, optionally qualified by its database:
/// `wp_posts` or `` `blog`.`wp_posts` ``. Names keep the spelling the client used.
public struct TableName: Hashable, Sendable, CustomStringConvertible {
    public var database: String?
    public var name: String

    public init(database: String? = nil, name: String) {
        self.database = database
        self.name = name
    }

    public var description: String { database.map { "\($0).\(name)" } ?? name }
}

/// A column reference with up to two qualifiers: `col`, `t.col`, `db.t.col`.
public struct ColumnRef: Hashable, Sendable, CustomStringConvertible {
    public var database: String?
    public var table: String?
    public var column: String

    public init(database: String? = nil, table: String? = nil, column: String) {
        self.database = database
        self.table = table
        self.column = column
    }

    /// The table part as a `TableName` (nil for an unqualified column).
    public var tableName: TableName? { table.map { TableName(database: database, name: $0) } }

    public var description: String { [database, table, column].compactMap { $0 }.joined(separator: ".") }
}
