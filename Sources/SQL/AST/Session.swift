/// `SET ...`: session state the node keeps per connection; never replicated.
public struct SetStatement: Hashable, Sendable {
    public var assignments: [SetAssignment]

    public init(assignments: [SetAssignment]) {
        self.assignments = assignments
    }
}

public enum SetAssignment: Hashable, Sendable {
    /// `SET @a = 1`, `SET @a := 1`.
    case userVariable(String, Expr)
    /// `SET sql_mode = ''`, `SET SESSION x = 1`, `SET @@global.x = 1`, `SET autocommit = 0`.
    /// A bare word value (`SET x = ON`) arrives as a string literal; `DEFAULT` as `.defaultValue(nil)`.
    case systemVariable(SystemVariable, Expr)
    /// `SET NAMES charset [COLLATE collation]`; nil charset for `SET NAMES DEFAULT`.
    case names(charset: String?, collation: String?)
    /// `SET CHARACTER SET x` / `SET CHARSET x`; nil for DEFAULT.
    case characterSet(String?)
    /// `SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL ... , READ ONLY|READ WRITE`.
    case transaction(scope: SystemVariable.Scope?, isolation: IsolationLevel?, readOnly: Bool?)
    /// `SET PASSWORD [FOR user] = 'x'`.
    case password(user: AccountName?, value: Expr)
}

public enum IsolationLevel: String, Hashable, Sendable {
    case readUncommitted = "READ UNCOMMITTED"
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

/// SHOW statements: answered from a catalog by the node, never by SQLite directly.
public enum ShowStatement: Hashable, Sendable {
    public enum Filter: Hashable, Sendable {
        case like(String)
        case whereClause(Expr)
    }

    case databases(Filter?)
    case tables(full: Bool, database: String?, Filter?)
    case tableStatus(database: String?, Filter?)
    case columns(full: Bool, table: TableName, Filter?)
    /// SHOW INDEX / INDEXES / KEYS FROM t [FROM db] [WHERE ...].
    case indexes(table: TableName, Filter?)
    case createTable(TableName)
    case createView(TableName)
    case createDatabase(String, ifNotExists: Bool)
    case variables(scope: SystemVariable.Scope?, Filter?)
    case status(scope: SystemVariable.Scope?, Filter?)
    case warnings(limit: Limit?)
    case errors(limit: Limit?)
    /// `SHOW COUNT(*) WARNINGS|ERRORS`.
    case countDiagnostics(errors: Bool)
    case engines
    case collation(Filter?)
    case characterSet(Filter?)
    case processlist(full: Bool)
    case grants(AccountName?)
    case plugins
    case privileges
    case triggers(database: String?, Filter?)
    case procedureStatus(Filter?)
    case functionStatus(Filter?)
    case openTables(database: String?, Filter?)
    case masterStatus
    case binaryLogs
    case replicaStatus
}

/// `DESCRIBE t [col]`, `DESC t`, `EXPLAIN t`, `SHOW COLUMNS`-like.
public struct DescribeStatement: Hashable, Sendable {
    public var table: TableName
    /// A column name or LIKE-style pattern.
    public var column: String?

    public init(table: TableName, column: String? = nil) {
        self.table = table
        self.column = column
    }
}

public enum TransactionStatement: Hashable, Sendable {
    /// `BEGIN [WORK]`, `START TRANSACTION [READ ONLY|READ WRITE|WITH CONSISTENT SNAPSHOT]`.
    case begin(readOnly: Bool?, consistentSnapshot: Bool)
    /// `COMMIT [WORK] [AND [NO] CHAIN] [[NO] RELEASE]`.
    case commit(chain: Bool?, release: Bool?)
    case rollback(chain: Bool?, release: Bool?)
    case savepoint(String)
    case rollbackToSavepoint(String)
    case releaseSavepoint(String)
}

public struct TableLock: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable {
        case read = "READ"
        case readLocal = "READ LOCAL"
        case write = "WRITE"
        case lowPriorityWrite = "LOW_PRIORITY WRITE"
    }

    public var table: TableName
    public var alias: String?
    public var mode: Mode

    public init(table: TableName, alias: String? = nil, mode: Mode) {
        self.table = table
        self.alias = alias
        self.mode = mode
    }
}

/// `XA START|END|PREPARE|COMMIT|ROLLBACK|RECOVER`: recognized, not replicated.
public struct XAStatement: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        case start = "START"
        case end = "END"
        case prepare = "PREPARE"
        case commit = "COMMIT"
        case rollback = "ROLLBACK"
        case recover = "RECOVER"
    }

    public var action: Action
    /// gtrid [, bqual [, formatID]] as written (strings decoded, numbers as digits); empty for RECOVER.
    public var xid: [String]
    /// JOIN, RESUME, SUSPEND, FOR MIGRATE, ONE PHASE, CONVERT XID.
    public var options: [String]

    public init(action: Action, xid: [String] = [], options: [String] = []) {
        self.action = action
        self.xid = xid
        self.options = options
    }
}

/// `'user'@'host'`.
public struct AccountName: Hashable, Sendable, CustomStringConvertible {
    public var user: String
    public var host: String?

    public init(user: String, host: String? = nil) {
        self.user = user
        self.host = host
    }

    public var description: String { "'\(user)'@'\(host ?? "%")'" }
}

public struct AccountSpec: Hashable, Sendable {
    public var account: AccountName
    /// `IDENTIFIED WITH plugin`.
    public var authPlugin: String?
    /// `IDENTIFIED BY 'password'` (clear text).
    public var password: String?
    /// `IDENTIFIED ... AS 'hash'`.
    public var authString: String?

    public init(account: AccountName, authPlugin: String? = nil, password: String? = nil, authString: String? = nil) {
        self.account = account
        self.authPlugin = authPlugin
        self.password = password
        self.authString = authString
    }
}

/// GRANT / REVOKE / CREATE USER / DROP USER / ALTER USER: user management is node-local.
public enum AccountStatement: Hashable, Sendable {
    case createUser(ifNotExists: Bool, [AccountSpec], options: [String])
    case alterUser(ifExists: Bool, [AccountSpec], options: [String])
    case dropUser(ifExists: Bool, [AccountName])
    /// Privileges as written (`SELECT`, `ALL PRIVILEGES`, `INSERT (col)`), the level
    /// (`*.*`, `db.*`, `db.t`), the grantees, and `WITH GRANT OPTION`.
    case grant(privileges: [String], level: String, to: [AccountSpec], grantOption: Bool)
    case revoke(privileges: [String], level: String, from: [AccountName])
}

/// OPTIMIZE / REPAIR / ANALYZE / CHECK / CHECKSUM TABLE: node-local maintenance.
public struct TableMaintenanceStatement: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case optimize = "OPTIMIZE"
        case repair = "REPAIR"
        case analyze = "ANALYZE"
        case check = "CHECK"
        case checksum = "CHECKSUM"
    }

    public var kind: Kind
    public var tables: [TableName]
    public var options: [String]

    public init(kind: Kind, tables: [TableName], options: [String] = []) {
        self.kind = kind
        self.tables = tables
        self.options = options
    }
}
