/// What a session makes of one statement: the ones it answers itself (as MySQL does for
/// session state and metadata), transaction control, and everything else, which goes to
/// the node.
enum MySQLSessionStatement: Equatable, Sendable {
    case use(String)
    case set([Assignment])
    /// SET [GLOBAL|SESSION] TRANSACTION ...: accepted, nothing to change.
    case setTransaction
    case begin
    case commit(chain: Bool)
    case rollback(chain: Bool)
    case savepoint(String)
    case rollbackToSavepoint(String)
    case releaseSavepoint(String)
    /// SELECT of variables and session functions only (no FROM but DUAL).
    case selectSession([SelectItem], limit: Int?)
    case showDatabases(Filter?)
    case showTables(full: Bool, database: String?, filter: Filter?)
    case showVariables(Filter?)
    case showStatus(Filter?)
    case showWarnings(countOnly: Bool, errorsOnly: Bool)
    case showColumns(full: Bool, table: String, database: String?, filter: Filter?)
    case showCreateTable(table: String, database: String?)
    /// LOCK TABLES / UNLOCK TABLES: recognised, not enforced across the cluster.
    case tableLocks
    /// Anything else, for the node. `implicitCommit`: DDL, which commits an open transaction first.
    case forward(implicitCommit: Bool)

    struct Assignment: Equatable, Sendable {
        enum Target: Equatable, Sendable {
            case system(scope: String?, name: String)
            case user(String)
            /// SET NAMES charset [COLLATE collation] / SET CHARACTER SET charset.
            case names(charset: String?, collation: String?)
            case characterSet(String?)
        }
        var target: Target
        /// Significant-token indices of the value expression (empty for NAMES / CHARACTER SET).
        var value: Range<Int>
    }

    struct SelectItem: Equatable, Sendable {
        enum Source: Equatable, Sendable {
            case system(scope: String?, name: String)
            case user(String)
            case function(String)
            case literal(Int)
            case placeholder(Int)
        }
        var source: Source
        /// The column name: the alias, or the item as written.
        var name: String
    }

    enum Filter: Equatable, Sendable {
        case like(String)
        /// WHERE <column> = 'value' (the only WHERE form understood; others match everything).
        case equals(String)
        case unsupportedWhere
    }
}
