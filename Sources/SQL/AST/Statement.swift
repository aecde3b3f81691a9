/// One parsed MySQL statement.
public indirect enum Statement: Hashable, Sendable {
    case select(SelectStatement)
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)

    case createTable(CreateTableStatement)
    case alterTable(AlterTableStatement)
    case dropTable(DropTableStatement)
    case truncateTable(TableName)
    case renameTable([RenameTablePair])
    case createIndex(CreateIndexStatement)
    case dropIndex(DropIndexStatement)
    case createView(CreateViewStatement)
    case dropView(DropViewStatement)
    case createDatabase(DatabaseStatement)
    case alterDatabase(DatabaseStatement)
    case dropDatabase(DropDatabaseStatement)

    case use(String)
    case set(SetStatement)
    case show(ShowStatement)
    case describe(DescribeStatement)
    /// `EXPLAIN [FORMAT=...] statement` / `DESCRIBE SELECT ...`.
    case explain(Statement)

    case transaction(TransactionStatement)
    case lockTables([TableLock])
    case unlockTables
    case xa(XAStatement)
    case account(AccountStatement)
    case tableMaintenance(TableMaintenanceStatement)
}

/// A statement with what came around it: optimizer hints (`/*+ CONSISTENCY(ALL) */`),
/// the number of `?` placeholders, and the original text.
public struct ParsedStatement: Hashable, Sendable {
    public var statement: Statement
    /// Bodies of every `/*+ ... */` hint in the statement, in order.
    public var hints: [String]
    public var parameterCount: Int
    public var text: String

    public init(statement: Statement, hints: [String] = [], parameterCount: Int = 0, text: String) {
        self.statement = statement
        self.hints = hints
        self.parameterCount = parameterCount
        self.text = text
    }
}
