/// What kind of work a statement is, for routing in the node: reads run locally, writes go
/// through the distributed transaction, DDL takes the cluster lock, session statements
/// change per-connection state, metadata statements are answered from the catalog.
public enum StatementClass: String, Hashable, Sendable {
    case read
    case write
    case ddl
    /// SET, USE, LOCK / UNLOCK TABLES: per-connection state, never replicated.
    case session
    /// BEGIN / COMMIT / ROLLBACK / SAVEPOINT / XA.
    case transactionControl
    /// SHOW, DESCRIBE, EXPLAIN, and SELECTs over information_schema and friends.
    case metadata
    /// GRANT / REVOKE / users, OPTIMIZE / REPAIR / ANALYZE / CHECK TABLE: node-local.
    case administration
}

/// One table a statement touches and how.
public struct TableAccess: Hashable, Sendable, CustomStringConvertible {
    public enum Mode: String, Hashable, Sendable {
        case read
        case write
        /// Created, altered, renamed, dropped or truncated.
        case schema
    }

    public var table: TableName
    public var mode: Mode

    public init(table: TableName, mode: Mode) {
        self.table = table
        self.mode = mode
    }

    public var description: String { "\(mode.rawValue) \(table)" }
}

/// The routing facts about a statement.
public struct StatementInfo: Hashable, Sendable {
    public var statementClass: StatementClass
    /// Real tables (no aliases, no CTE names), each once with its strongest mode, in order
    /// of first appearance.
    public var tables: [TableAccess]
    /// Databases a database-level statement names (CREATE/DROP/ALTER DATABASE, USE,
    /// SHOW TABLES FROM db).
    public var databases: [String]
    /// SELECT ... FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE.
    public var isLockingRead: Bool
    /// Touches information_schema, performance_schema, mysql or sys.
    public var readsSystemSchema: Bool

    public init(statementClass: StatementClass, tables: [TableAccess] = [], databases: [String] = [],
                isLockingRead: Bool = false, readsSystemSchema: Bool = false) {
        self.statementClass = statementClass
        self.tables = tables
        self.databases = databases
        self.isLockingRead = isLockingRead
        self.readsSystemSchema = readsSystemSchema
    }

    /// Tables written (or whose schema changes).
    public var writtenTables: [TableName] { tables.filter { $0.mode != .read }.map(\.table) }

    /// Database names that MySQL reserves for metadata (compared case-insensitively).
    public static let systemSchemas: Set<String> = ["information_schema", "performance_schema", "mysql", "sys"]
}

extension Statement {
    public var statementClass: StatementClass { info.statementClass }

    /// Classification and touched tables, computed from the tree.
    public var info: StatementInfo {
        var collector = TableCollector()
        var info: StatementInfo
        switch self {
        case .select(let s):
            collector.query(s)
            info = StatementInfo(statementClass: .read, isLockingRead: Self.isLocking(s))
        case .insert(let s):
            collector.add(s.table, .write)
            switch s.source {
            case .values(let rows): rows.joined().forEach { collector.expression($0) }
            case .select(let q): collector.query(q)
            case .set(let a): a.forEach { collector.expression($0.value) }
            }
            s.onDuplicateKeyUpdate.forEach { collector.expression($0.value) }
            info = StatementInfo(statementClass: .write)
        case .update(let s):
            collector.with(s.with)
            collector.updateTargets(s)
            s.tables.forEach { collector.reference($0) }
            s.assignments.forEach { collector.expression($0.value) }
            if let w = s.whereClause { collector.expression(w) }
            s.orderBy.forEach { collector.expression($0.expression) }
            info = StatementInfo(statementClass: .write)
        case .delete(let s):
            collector.with(s.with)
            if s.targets.isEmpty {
                s.from.flatMap(\.tables).forEach { collector.add($0.name, .write) }
            } else {
                let aliases = TableCollector.aliasMap(s.from)
                for target in s.targets {
                    collector.add(target.database == nil ? aliases[target.name] ?? target : target, .write)
                }
            }
            s.from.forEach { collector.reference($0) }
            if let w = s.whereClause { collector.expression(w) }
            info = StatementInfo(statementClass: .write)
        case .createTable(let s):
            collector.add(s.name, .schema)
            if let like = s.like { collector.add(like, .read) }
            if let q = s.asSelect { collector.query(q) }
            for case .foreignKey(let fk) in s.elements { collector.add(fk.reference.table, .read) }
            info = StatementInfo(statementClass: .ddl)
        case .alterTable(let s):
            collector.add(s.name, .schema)
            for case .renameTable(let to) in s.actions { collector.add(to, .schema) }
            info = StatementInfo(statementClass: .ddl)
        case .dropTable(let s):
            s.names.forEach { collector.add($0, .schema) }
            info = StatementInfo(statementClass: .ddl)
        case .truncateTable(let t):
            collector.add(t, .schema)
            info = StatementInfo(statementClass: .ddl)
        case .renameTable(let pairs):
            for p in pairs {
                collector.add(p.from, .schema)
                collector.add(p.to, .schema)
            }
            info = StatementInfo(statementClass: .ddl)
        case .createIndex(let s):
            collector.add(s.table, .schema)
            info = StatementInfo(statementClass: .ddl)
        case .dropIndex(let s):
            collector.add(s.table, .schema)
            info = StatementInfo(statementClass: .ddl)
        case .createView(let s):
            collector.add(s.name, .schema)
            collector.query(s.query)
            info = StatementInfo(statementClass: .ddl)
        case .dropView(let s):
            s.names.forEach { collector.add($0, .schema) }
            info = StatementInfo(statementClass: .ddl)
        case .createDatabase(let s), .alterDatabase(let s):
            info = StatementInfo(statementClass: .ddl, databases: s.name.map { [$0] } ?? [])
        case .dropDatabase(let s):
            info = StatementInfo(statementClass: .ddl, databases: [s.name])
        case .use(let db):
            info = StatementInfo(statementClass: .session, databases: [db])
        case .set(let s):
            for a in s.assignments {
                switch a {
                case .userVariable(_, let e), .systemVariable(_, let e), .password(_, let e): collector.expression(e)
                default: break
                }
            }
            info = StatementInfo(statementClass: .session)
        case .lockTables(let locks):
            locks.forEach { collector.add($0.table, .read) }
            info = StatementInfo(statementClass: .session)
        case .unlockTables:
            info = StatementInfo(statementClass: .session)
        case .show(let s):
            info = StatementInfo(statementClass: .metadata)
            switch s {
            case .tables(_, let db?, _), .tableStatus(let db?, _), .triggers(let db?, _), .openTables(let db?, _):
                info.databases = [db]
            case .createDatabase(let db, _):
                info.databases = [db]
            case .columns(_, let t, _), .indexes(let t, _), .createTable(let t), .createView(let t):
                collector.add(t, .read)
            default:
                break
            }
        case .describe(let s):
            collector.add(s.table, .read)
            info = StatementInfo(statementClass: .metadata)
        case .explain(let inner):
            var innerInfo = inner.info
            innerInfo.statementClass = .metadata
            innerInfo.tables = innerInfo.tables.map { TableAccess(table: $0.table, mode: .read) }
            return innerInfo
        case .transaction, .xa:
            info = StatementInfo(statementClass: .transactionControl)
        case .account:
            info = StatementInfo(statementClass: .administration)
        case .tableMaintenance(let s):
            s.tables.forEach { collector.add($0, .read) }
            info = StatementInfo(statementClass: .administration)
        }
        info.tables = collector.accesses
        info.readsSystemSchema = collector.accesses.contains {
            $0.table.database.map { StatementInfo.systemSchemas.contains($0.lowercased()) } ?? false
        }
        if info.readsSystemSchema && info.statementClass == .read { info.statementClass = .metadata }
        return info
    }

    private static func isLocking(_ s: SelectStatement) -> Bool { s.locking != nil }
}
