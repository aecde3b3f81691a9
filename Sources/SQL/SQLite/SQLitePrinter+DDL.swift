/// CREATE / ALTER / DROP for tables, indexes and views.
///
/// CREATE TABLE:
/// - column types become affinities (`SQLiteTypeMapping`); UNSIGNED, ZEROFILL, COMMENT,
///   CHARACTER SET, COLLATE and table options are dropped (the AST keeps them for the catalog);
/// - a single-column integer PRIMARY KEY (typically `BIGINT UNSIGNED AUTO_INCREMENT`)
///   becomes `"id" INTEGER PRIMARY KEY`, SQLite's 64-bit rowid alias; AUTO_INCREMENT itself
///   is not printed (ids are injected cluster-wide by a later step);
/// - KEY / INDEX / UNIQUE KEY / inline UNIQUE leave the table as separate
///   `CREATE [UNIQUE] INDEX IF NOT EXISTS "table__name" ON "table" (...)` statements, prefix
///   lengths dropped (SQLite index names are per database, MySQL's per table);
/// - FULLTEXT and SPATIAL indexes are dropped; `ON UPDATE CURRENT_TIMESTAMP` is not
///   printed (kept in the AST); `DEFAULT CURRENT_TIMESTAMP` / `NOW()` → `DEFAULT CURRENT_TIMESTAMP`.
///
/// ALTER TABLE: ADD / DROP / RENAME COLUMN, ADD / DROP INDEX and RENAME TO map directly;
/// MODIFY / CHANGE only rename (SQLite columns are untyped, the catalog keeps the new
/// type); engine, charset and online-DDL options print nothing. Changes SQLite can only do
/// by rebuilding the table (primary keys, defaults, CHECKs) throw 1235.
extension SQLitePrinter {
    // MARK: CREATE TABLE

    func createTable(_ s: CreateTableStatement) throws(SQLError) -> [String] {
        if s.like != nil { throw SQLError.notSupported("CREATE TABLE ... LIKE (needs the catalog)") }
        let ifNotExists = s.ifNotExists || options.idempotentDDL
        let head = "CREATE " + (s.temporary ? "TEMP " : "") + "TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + table(s.name)
        if let query = s.asSelect {
            if !s.elements.isEmpty { throw SQLError.notSupported("CREATE TABLE with columns ... SELECT") }
            return [head + " AS " + (try select(query))]
        }
        let columns = s.columns
        guard !columns.isEmpty else { throw SQLError.notSupported("CREATE TABLE without columns") }

        // The primary key: inline or a table constraint.
        var primaryKey: [IndexColumn] = []
        for c in columns where c.primaryKey { primaryKey = [IndexColumn(column: c.name)] }
        for index in s.indexes where index.kind == .primaryKey { primaryKey = index.columns }
        var rowidColumn: String?
        if primaryKey.count == 1, let name = primaryKey[0].column,
           let column = columns.first(where: { $0.name.lowercased() == name.lowercased() }),
           SQLiteTypeMapping.isIntegerKey(column.type) {
            rowidColumn = column.name
        }

        var parts: [String] = []
        for c in columns { parts.append(try columnDefinition(c, rowidAlias: c.name == rowidColumn, inlinePrimaryKey: false)) }
        if rowidColumn == nil && !primaryKey.isEmpty {
            parts.append("PRIMARY KEY (" + primaryKey.compactMap(\.column).map(quote).joined(separator: ", ") + ")")
        }
        for element in s.elements {
            switch element {
            case .foreignKey(let fk):
                parts.append((fk.constraintName.map { "CONSTRAINT " + quote($0) + " " } ?? "")
                    + "FOREIGN KEY (" + fk.columns.map(quote).joined(separator: ", ") + ") " + foreignKeyReference(fk.reference))
            case .check(let check):
                if check.enforced == false { continue }
                parts.append((check.name.map { "CONSTRAINT " + quote($0) + " " } ?? "") + "CHECK (" + (try expression(check.expression)) + ")")
            case .column, .index:
                continue
            }
        }
        var statements = [head + " (" + parts.joined(separator: ", ") + ")"]
        statements += try secondaryIndexes(table: s.name, columns: columns, indexes: s.indexes)
        return statements
    }

    /// `"c" TYPE [PRIMARY KEY] [NOT NULL] [DEFAULT x] [CHECK] [REFERENCES] [AS (...)]`.
    func columnDefinition(_ c: ColumnDefinition, rowidAlias: Bool, inlinePrimaryKey: Bool) throws(SQLError) -> String {
        var s = quote(c.name) + " " + (rowidAlias ? "INTEGER PRIMARY KEY" : SQLiteTypeMapping.sqliteType(for: c.type))
        if inlinePrimaryKey && !rowidAlias { s += " PRIMARY KEY" }
        if c.nullable == false { s += " NOT NULL" }
        if let d = c.defaultValue { s += " DEFAULT " + (try defaultValue(d)) }
        if let check = c.check { s += " CHECK (" + (try expression(check)) + ")" }
        if let r = c.references { s += " " + foreignKeyReference(r) }
        if let g = c.generated {
            s += " GENERATED ALWAYS AS (" + (try expression(g.expression)) + ")" + (g.stored ? " STORED" : " VIRTUAL")
        }
        return s
    }

    /// A DEFAULT in SQLite's grammar: a literal, a signed number, CURRENT_TIMESTAMP-style
    /// keywords, or a parenthesized expression.
    func defaultValue(_ e: Expr) throws(SQLError) -> String {
        switch e {
        case .literal(let l):
            return literal(l)
        case .unary(.negate, .literal(let l)):
            return "-" + literal(l)
        case .unary(.plus, .literal(let l)):
            return literal(l)
        case .function(let f) where f.arguments.count <= 1:
            switch f.upperName {
            case "CURRENT_TIMESTAMP", "NOW", "LOCALTIME", "LOCALTIMESTAMP", "UTC_TIMESTAMP": return "CURRENT_TIMESTAMP"
            case "CURRENT_DATE", "CURDATE", "UTC_DATE": return "CURRENT_DATE"
            case "CURRENT_TIME", "CURTIME", "UTC_TIME": return "CURRENT_TIME"
            default: return "(" + (try expression(e)) + ")"
            }
        default:
            return "(" + (try expression(e)) + ")"
        }
    }

    private func foreignKeyReference(_ r: ForeignKeyReference) -> String {
        // SQLite's REFERENCES names a table in the same database: no qualifier.
        var s = "REFERENCES " + quote(r.table.name)
        if !r.columns.isEmpty { s += " (" + r.columns.map(quote).joined(separator: ", ") + ")" }
        if let a = r.onDelete { s += " ON DELETE " + a.rawValue }
        if let a = r.onUpdate { s += " ON UPDATE " + a.rawValue }
        return s
    }

    /// UNIQUE / KEY / INDEX definitions and inline UNIQUE columns as CREATE INDEX
    /// statements, named the way MySQL names unnamed indexes (first column, then `_2`...).
    private func secondaryIndexes(table name: TableName, columns: [ColumnDefinition], indexes: [IndexDefinition]) throws(SQLError) -> [String] {
        var used = Set<String>()
        var statements: [String] = []
        func uniqueName(_ base: String) -> String {
            var candidate = base
            var n = 2
            while used.contains(candidate.lowercased()) {
                candidate = base + "_\(n)"
                n += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
        for index in indexes where index.kind != .primaryKey { if let n = index.name { used.insert(n.lowercased()) } }
        for c in columns where c.unique {
            statements.append(try indexStatement(table: name, index: IndexDefinition(kind: .unique, name: uniqueName(c.name), columns: [IndexColumn(column: c.name)]), ifNotExists: true))
        }
        for index in indexes {
            guard index.kind == .unique || index.kind == .index else { continue }
            var named = index
            if named.name == nil { named.name = uniqueName(index.columns.first?.column ?? "index") }
            statements.append(try indexStatement(table: name, index: named, ifNotExists: true))
        }
        return statements
    }

    /// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] ["db".]"table__name" ON "table" (...)`.
    func indexStatement(table name: TableName, index: IndexDefinition, ifNotExists: Bool) throws(SQLError) -> String {
        guard let indexName = index.name else { throw SQLError.notSupported("an unnamed index") }
        var s = "CREATE " + (index.kind == .unique ? "UNIQUE " : "") + "INDEX " + (ifNotExists ? "IF NOT EXISTS " : "")
        if let db = qualifier(name.database) { s += quote(db) + "." }
        s += quote(SQLiteSyntax.indexName(table: name.name, index: indexName)) + " ON " + quote(name.name) + " ("
        var parts: [String] = []
        for part in index.columns {
            var p: String
            if let column = part.column {
                p = quote(column)
            } else if let e = part.expression {
                p = "(" + (try expression(e)) + ")"
            } else {
                continue
            }
            if part.descending { p += " DESC" }
            parts.append(p)
        }
        return s + parts.joined(separator: ", ") + ")"
    }

    private func dropIndexStatement(table name: TableName, index: String, ifExists: Bool) -> String {
        var s = "DROP INDEX " + (ifExists ? "IF EXISTS " : "")
        if let db = qualifier(name.database) { s += quote(db) + "." }
        return s + quote(SQLiteSyntax.indexName(table: name.name, index: index))
    }

    // MARK: DROP / RENAME / INDEX / VIEW

    func dropTable(_ s: DropTableStatement) -> [String] {
        let ifExists = s.ifExists || options.idempotentDDL
        return s.names.map { "DROP TABLE " + (ifExists ? "IF EXISTS " : "") + table($0) }
    }

    func renameTables(_ pairs: [RenameTablePair]) throws(SQLError) -> [String] {
        var statements: [String] = []
        for p in pairs {
            if qualifier(p.to.database) != qualifier(p.from.database) { throw SQLError.notSupported("RENAME TABLE across databases") }
            statements.append("ALTER TABLE " + table(p.from) + " RENAME TO " + quote(p.to.name))
        }
        return statements
    }

    func createIndex(_ s: CreateIndexStatement) throws(SQLError) -> [String] {
        switch s.index.kind {
        case .fulltext, .spatial: return []
        case .primaryKey: throw SQLError.notSupported("adding a PRIMARY KEY")
        case .unique, .index: return [try indexStatement(table: s.table, index: s.index, ifNotExists: s.ifNotExists || options.idempotentDDL)]
        }
    }

    func dropIndex(_ s: DropIndexStatement) throws(SQLError) -> [String] {
        if s.name.uppercased() == "PRIMARY" { throw SQLError.notSupported("dropping a PRIMARY KEY") }
        return [dropIndexStatement(table: s.table, index: s.name, ifExists: s.ifExists || options.idempotentDDL)]
    }

    func createView(_ s: CreateViewStatement) throws(SQLError) -> [String] {
        var statements: [String] = []
        var head = "CREATE VIEW "
        if s.orReplace {
            statements.append("DROP VIEW IF EXISTS " + table(s.name))
        } else if options.idempotentDDL {
            head += "IF NOT EXISTS "
        }
        head += table(s.name)
        if !s.columns.isEmpty { head += " (" + s.columns.map(quote).joined(separator: ", ") + ")" }
        statements.append(head + " AS " + (try select(s.query)))
        return statements
    }

    func dropView(_ s: DropViewStatement) -> [String] {
        let ifExists = s.ifExists || options.idempotentDDL
        return s.names.map { "DROP VIEW " + (ifExists ? "IF EXISTS " : "") + table($0) }
    }

    // MARK: ALTER TABLE

    func alterTable(_ s: AlterTableStatement) throws(SQLError) -> [String] {
        var name = s.name
        var statements: [String] = []
        for action in s.actions {
            let alter = "ALTER TABLE " + table(name)
            switch action {
            case .addColumn(let c, _):
                statements += try addColumn(c, table: name)
            case .addColumns(let columns):
                for c in columns { statements += try addColumn(c, table: name) }
            case .addIndex(let index):
                switch index.kind {
                case .primaryKey: throw SQLError.notSupported("ALTER TABLE ... ADD PRIMARY KEY")
                case .fulltext, .spatial: continue
                case .unique, .index:
                    var named = index
                    if named.name == nil { named.name = index.columns.first?.column }
                    statements.append(try indexStatement(table: name, index: named, ifNotExists: true))
                }
            case .addForeignKey, .dropForeignKey:
                // SQLite cannot add or drop constraints in place, and Marmot does not enforce
                // foreign keys (rows replicate independently); the catalog keeps them.
                continue
            case .addCheck, .dropCheck:
                throw SQLError.notSupported("ALTER TABLE ... CHECK constraints")
            case .dropColumn(let c):
                statements.append(alter + " DROP COLUMN " + quote(c))
            case .dropIndex(let index):
                if index.uppercased() == "PRIMARY" { throw SQLError.notSupported("dropping a PRIMARY KEY") }
                statements.append(dropIndexStatement(table: name, index: index, ifExists: options.idempotentDDL))
            case .dropPrimaryKey:
                throw SQLError.notSupported("ALTER TABLE ... DROP PRIMARY KEY")
            case .modifyColumn(let c, _):
                statements += try changedColumn(c, table: name)
            case .changeColumn(let old, let c, _):
                if old != c.name { statements.append(alter + " RENAME COLUMN " + quote(old) + " TO " + quote(c.name)) }
                statements += try changedColumn(c, table: name)
            case .renameColumn(let from, let to):
                statements.append(alter + " RENAME COLUMN " + quote(from) + " TO " + quote(to))
            case .renameIndex:
                throw SQLError.notSupported("ALTER TABLE ... RENAME INDEX")
            case .renameTable(let to):
                if qualifier(to.database) != qualifier(name.database) { throw SQLError.notSupported("RENAME TABLE across databases") }
                statements.append(alter + " RENAME TO " + quote(to.name))
                name = TableName(database: name.database, name: to.name)
            case .alterColumnDefault:
                throw SQLError.notSupported("ALTER TABLE ... ALTER COLUMN ... DEFAULT")
            case .options, .convertCharset, .other:
                continue
            }
        }
        return statements
    }

    /// `ALTER TABLE t ADD COLUMN ...` within SQLite's limits: no PRIMARY KEY, UNIQUE as a
    /// separate index, and MySQL's implicit default for a NOT NULL column without one.
    private func addColumn(_ c: ColumnDefinition, table name: TableName) throws(SQLError) -> [String] {
        if c.primaryKey { throw SQLError.notSupported("ALTER TABLE ... ADD COLUMN ... PRIMARY KEY") }
        var column = c
        if column.nullable == false && column.defaultValue == nil && column.generated == nil {
            column.defaultValue = try Parser.parseExpression(SQLiteTypeMapping.implicitDefault(for: column.type))
        }
        var statements = ["ALTER TABLE " + table(name) + " ADD COLUMN " + (try columnDefinition(column, rowidAlias: false, inlinePrimaryKey: false))]
        if c.unique {
            statements.append(try indexStatement(table: name, index: IndexDefinition(kind: .unique, name: c.name, columns: [IndexColumn(column: c.name)]), ifNotExists: true))
        }
        return statements
    }

    /// MODIFY / CHANGE: SQLite columns carry no enforced type, so only new keys matter.
    private func changedColumn(_ c: ColumnDefinition, table name: TableName) throws(SQLError) -> [String] {
        if c.primaryKey { throw SQLError.notSupported("ALTER TABLE ... MODIFY ... PRIMARY KEY") }
        if c.unique {
            return [try indexStatement(table: name, index: IndexDefinition(kind: .unique, name: c.name, columns: [IndexColumn(column: c.name)]), ifNotExists: true)]
        }
        return []
    }
}
