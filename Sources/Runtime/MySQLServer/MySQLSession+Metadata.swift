import MySQLWire
import Node
import Protocol

extension MySQLSession {
    // MARK: SELECT @@var, DATABASE(), ...

    func selectSession(_ items: [MySQLSessionStatement.SelectItem], limit: Int?, in s: MySQLStatementText,
                       parameters: [MySQLValue]) -> StatementResult {
        var row: [MySQLValue] = []
        for item in items {
            switch item.source {
            case .system(_, let name):
                guard let value = variables.value(name) else { return .error(Self.unknownVariable(name)) }
                row.append(value)
            case .user(let name):
                row.append(variables.user[name] ?? .null)
            case .placeholder(let index):
                row.append(index < parameters.count ? parameters[index] : .null)
            case .literal(let index):
                row.append(literalValue(s, at: index))
            case .function(let name):
                switch name {
                case "DATABASE", "SCHEMA": row.append(database.map { .string($0) } ?? .null)
                case "USER", "SESSION_USER", "SYSTEM_USER": row.append(.string("\(user)@\(clientHost)"))
                case "CURRENT_USER": row.append(.string("\(user)@%"))
                case "VERSION": row.append(.string(environment.serverVersion))
                case "CONNECTION_ID": row.append(.uint(UInt64(connectionID)))
                case "LAST_INSERT_ID": row.append(.uint(lastInsertID))
                case "ROW_COUNT": row.append(.int(rowCount))
                case "FOUND_ROWS": row.append(.int(foundRows))
                default: row.append(.null)
                }
            }
        }
        let rows = (limit ?? 1) > 0 ? [row] : []
        return .rows(MySQLResultBuilder.resultSet(columns: items.map(\.name), rows: rows, status: status))
    }

    private func literalValue(_ s: MySQLStatementText, at index: Int) -> MySQLValue {
        let token = s.significant[index]
        switch token.kind {
        case .string(let value, _, _): return .string(String(decoding: value, as: UTF8.self))
        case .number: return Self.number(s.text(of: token))
        case .symbol("-"): return Self.number("-" + s.text(of: s.significant[index + 1]))
        default: return .null
        }
    }

    // MARK: SHOW

    func showDatabases(_ filter: MySQLSessionStatement.Filter?, done: @escaping StatementDone) {
        send("SHOW DATABASES", transactional: false) { [self] result in
            switch result {
            case .success(let outcome):
                var names = outcome.rows.compactMap { $0.first.map(MySQLLiteral.mysqlValue)?.text }
                names = apply(filter, to: names)
                var column = "Database"
                if case .like(let pattern) = filter { column = "Database (\(pattern))" }
                done(.rows(MySQLResultBuilder.resultSet(columns: [column], rows: names.sorted().map { [.string($0)] },
                                                        status: status)))
            case .failure(let e):
                done(.error(e))
            }
        }
    }

    func showTables(full: Bool, database db: String?, filter: MySQLSessionStatement.Filter?,
                    statement: MySQLStatementText, parameters: [MySQLValue]?, done: @escaping StatementDone) {
        let name = db ?? effectiveDatabase
        if environment.dialect == .mysql {
            return forward(rewrite(statement, parameters: parameters), statement: statement, transactional: false, done: done)
        }
        let sql = "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
            + "AND name NOT LIKE '\\_\\_marmot%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        send(sql, database: name, transactional: false) { [self] result in
            switch result {
            case .success(let outcome):
                var rows: [(String, String)] = outcome.rows.compactMap { row in
                    guard row.count >= 2, case .text(let table) = row[0], case .text(let type) = row[1] else { return nil }
                    return (table, type == "view" ? "VIEW" : "BASE TABLE")
                }
                if !full { rows = rows.filter { $0.1 == "BASE TABLE" } }
                let kept = Set(apply(filter, to: rows.map(\.0)))
                rows = rows.filter { kept.contains($0.0) }
                var column = "Tables_in_\(name)"
                if case .like(let pattern) = filter { column += " (\(pattern))" }
                let columns = full ? [column, "Table_type"] : [column]
                let values: [[MySQLValue]] = rows.map { full ? [.string($0.0), .string($0.1)] : [.string($0.0)] }
                done(.rows(MySQLResultBuilder.resultSet(columns: columns, rows: values, status: status)))
            case .failure(let e):
                done(.error(e))
            }
        }
    }

    func showVariables(_ filter: MySQLSessionStatement.Filter?) -> ResultSet {
        let names = apply(filter, to: variables.names)
        let rows: [[MySQLValue]] = names.map { [.string($0), .string(variables.value($0)?.text ?? "")] }
        return MySQLResultBuilder.resultSet(columns: ["Variable_name", "Value"], rows: rows, status: status)
    }

    func showStatus(_ filter: MySQLSessionStatement.Filter?) -> ResultSet {
        let registry = environment.registry
        let values: [String: String] = [
            "Threads_connected": String(registry?.openConnections ?? 1),
            "Connections": String(registry?.totalConnections ?? 1),
            "Questions": String(registry?.questions ?? 0),
            "Uptime": String(registry?.uptimeSeconds ?? 0),
            "Max_used_connections": String(registry?.openConnections ?? 1),
        ]
        let names = apply(filter, to: values.keys.sorted())
        return MySQLResultBuilder.resultSet(columns: ["Variable_name", "Value"],
                                            rows: names.map { [.string($0), .string(values[$0] ?? "")] }, status: status)
    }

    func showWarnings(countOnly: Bool, errorsOnly: Bool) -> ResultSet {
        let list = errorsOnly ? warnings.filter { $0.level == "Error" } : warnings
        if countOnly {
            let name = errorsOnly ? "@@session.error_count" : "@@session.warning_count"
            return MySQLResultBuilder.resultSet(columns: [name], rows: [[.int(Int64(list.count))]], status: status)
        }
        let set = MySQLResultBuilder.resultSet(
            columns: ["Level", "Code", "Message"],
            rows: list.map { [.string($0.level), .int(Int64($0.code)), .string($0.message)] }, status: status)
        if list.isEmpty {
            // Keep MySQL's column types even without rows.
            return ResultSet(columns: [ColumnDefinition(name: "Level", type: .varString),
                                       ColumnDefinition(name: "Code", type: .long, flags: .unsigned),
                                       ColumnDefinition(name: "Message", type: .varString)], rows: [], status: status)
        }
        return set
    }

    // MARK: Columns

    /// One column of a table as the node's `PRAGMA table_info` describes it.
    struct TableColumn {
        var name: String
        var declaredType: String
        var notNull: Bool
        var defaultValue: SQLValue
        var primaryKey: Bool
    }

    /// The columns of a table; 1146 when it has none (does not exist).
    func tableColumns(_ table: String, database db: String?, _ completion: @escaping (Result<[TableColumn], MySQLError>) -> Void) {
        let name = db ?? effectiveDatabase
        let sql: String
        switch environment.dialect {
        case .sqlite: sql = "PRAGMA table_info(\(quoted(table)))"
        case .mysql: sql = "SHOW COLUMNS FROM \(quoted(table))"
        }
        send(sql, database: name, transactional: false) { [environment] result in
            switch result {
            case .success(let outcome):
                let columns: [TableColumn] = outcome.rows.compactMap { row in
                    func text(_ i: Int) -> String {
                        guard i < row.count else { return "" }
                        return MySQLLiteral.mysqlValue(row[i]).text ?? ""
                    }
                    switch environment.dialect {
                    case .sqlite:
                        guard row.count >= 6 else { return nil }
                        return TableColumn(name: text(1), declaredType: text(2), notNull: text(3) == "1",
                                           defaultValue: row[4], primaryKey: text(5) != "0")
                    case .mysql:
                        guard row.count >= 5 else { return nil }
                        return TableColumn(name: text(0), declaredType: text(1), notNull: text(2) == "NO",
                                           defaultValue: row[4], primaryKey: text(3) == "PRI")
                    }
                }
                if columns.isEmpty {
                    return completion(.failure(MySQLErrorMapper.error(1146, "Table '\(name).\(table)' doesn't exist")))
                }
                completion(.success(columns))
            case .failure(let e):
                completion(.failure(e))
            }
        }
    }

    func showColumns(full: Bool, table: String, database db: String?, filter: MySQLSessionStatement.Filter?,
                     statement: MySQLStatementText, parameters: [MySQLValue]?, done: @escaping StatementDone) {
        if environment.dialect == .mysql {
            return forward(rewrite(statement, parameters: parameters), statement: statement, transactional: false, done: done)
        }
        tableColumns(table, database: db) { [self] result in
            switch result {
            case .success(let columns):
                let kept = Set(apply(filter, to: columns.map(\.name)))
                let rows: [[MySQLValue]] = columns.filter { kept.contains($0.name) }.map { c in
                    let type = c.declaredType.isEmpty ? "blob" : c.declaredType.lowercased()
                    let isRowID = c.primaryKey && type == "integer"
                    let defaultValue: MySQLValue = MySQLLiteral.mysqlValue(c.defaultValue).text.map { .string($0) } ?? .null
                    let nullable: MySQLValue = .string(c.notNull || c.primaryKey ? "NO" : "YES")
                    let key: MySQLValue = .string(c.primaryKey ? "PRI" : "")
                    let extra: MySQLValue = .string(isRowID ? "auto_increment" : "")
                    if full {
                        let collation: MySQLValue = Self.isTextType(type) ? .string("utf8mb4_general_ci") : .null
                        return [.string(c.name), .string(type), collation, nullable, key, defaultValue, extra,
                                .string("select,insert,update,references"), .string("")]
                    }
                    return [.string(c.name), .string(type), nullable, key, defaultValue, extra]
                }
                let names = full
                    ? ["Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment"]
                    : ["Field", "Type", "Null", "Key", "Default", "Extra"]
                var set = MySQLResultBuilder.resultSet(columns: names, rows: rows, status: status)
                for i in set.columns.indices where set.columns[i].type != .varString {
                    set.columns[i] = ColumnDefinition(name: names[i], type: .varString)
                }
                done(.rows(set))
            case .failure(let e):
                done(.error(e))
            }
        }
    }

    func showCreateTable(table: String, database db: String?, statement: MySQLStatementText, parameters: [MySQLValue]?,
                         done: @escaping StatementDone) {
        if environment.dialect == .mysql {
            return forward(rewrite(statement, parameters: parameters), statement: statement, transactional: false, done: done)
        }
        let literal = MySQLLiteral.string(Array(table.utf8), dialect: .sqlite, backslashEscapes: false)
        send("SELECT sql, type FROM sqlite_master WHERE type IN ('table', 'view') AND name = \(literal)",
             database: db ?? effectiveDatabase, transactional: false) { [self] result in
            switch result {
            case .success(let outcome):
                guard let row = outcome.rows.first, case .text(let sql) = row.first ?? .null else {
                    return done(.error(MySQLErrorMapper.error(1146, "Table '\(db ?? effectiveDatabase).\(table)' doesn't exist")))
                }
                let isView = row.count > 1 && row[1] == .text("view")
                let columns = isView ? ["View", "Create View"] : ["Table", "Create Table"]
                done(.rows(MySQLResultBuilder.resultSet(columns: columns, rows: [[.string(table), .string(sql)]], status: status)))
            case .failure(let e):
                done(.error(e))
            }
        }
    }

    /// COM_FIELD_LIST: the table's columns as column definitions.
    func listFields(table: String, wildcard: String, done: @escaping Done) {
        tableColumns(table, database: nil) { [self] result in
            switch result {
            case .success(let columns):
                let pattern = wildcard.isEmpty ? nil : MySQLLikePattern(wildcard)
                let definitions = columns.filter { pattern?.matches($0.name) ?? true }.map { c in
                    definition(for: c, table: table)
                }
                done(.fields(definitions))
            case .failure(let e):
                done(.error(e))
            }
        }
    }

    private func definition(for column: TableColumn, table: String) -> ColumnDefinition {
        let type = column.declaredType.uppercased()
        var flags: ColumnFlags = []
        if column.notNull || column.primaryKey { flags.insert(.notNull) }
        if column.primaryKey { flags.insert(.primaryKey) }
        let mysqlType: MySQLType
        var binary = false
        if type.contains("INT") {
            mysqlType = type.contains("BIGINT") || type == "INTEGER" ? .longlong
                : type.contains("TINY") ? .tiny : type.contains("SMALL") ? .short : .long
            if type == "INTEGER" && column.primaryKey { flags.insert(.autoIncrement) }
        } else if type.contains("CHAR") || type.contains("CLOB") {
            mysqlType = .varString
        } else if type.contains("TEXT") {
            mysqlType = .blob
        } else if type.contains("BLOB") || type.isEmpty {
            mysqlType = .blob
            binary = true
        } else if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") {
            mysqlType = .double
        } else if type.contains("DEC") || type.contains("NUMERIC") {
            mysqlType = .newDecimal
        } else if type.hasPrefix("DATETIME") || type.hasPrefix("TIMESTAMP") {
            mysqlType = .datetime
        } else if type.hasPrefix("DATE") {
            mysqlType = .date
        } else if type.hasPrefix("TIME") {
            mysqlType = .time
        } else {
            mysqlType = .varString
        }
        return ColumnDefinition(name: column.name, type: mysqlType, schema: effectiveDatabase, table: table,
                                flags: flags, binary: binary)
    }

    static func isTextType(_ type: String) -> Bool {
        let t = type.uppercased()
        return t.contains("CHAR") || t.contains("TEXT") || t.contains("CLOB")
    }

    /// Names kept by a SHOW filter (LIKE is case-insensitive; `WHERE col = 'x'` exact).
    func apply(_ filter: MySQLSessionStatement.Filter?, to names: [String]) -> [String] {
        switch filter {
        case .like(let pattern)?:
            let p = MySQLLikePattern(pattern)
            return names.filter { p.matches($0) }
        case .equals(let value)?:
            return names.filter { $0.lowercased() == value.lowercased() }
        case .unsupportedWhere?, nil:
            return names
        }
    }
}
