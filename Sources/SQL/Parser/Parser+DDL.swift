/// CREATE / ALTER / DROP / TRUNCATE / RENAME for tables, indexes, views and databases.
extension Parser {
    mutating func createStatement() throws(SQLError) -> Statement {
        try expect("CREATE")
        if accept("OR") {
            try expect("REPLACE")
            return .createView(try createView(orReplace: true))
        }
        if at("ALGORITHM") || at("DEFINER") || at("SQL") || at("VIEW") {
            return .createView(try createView(orReplace: false))
        }
        if at("TEMPORARY") || at("TABLE") { return .createTable(try createTable()) }
        if at("UNIQUE") || at("FULLTEXT") || at("SPATIAL") || at("INDEX") { return .createIndex(try createIndex()) }
        if accept("DATABASE") || accept("SCHEMA") {
            let ifNotExists = accept("IF", "NOT", "EXISTS")
            let name = try identifier()
            return .createDatabase(DatabaseStatement(name: name, ifNotExists: ifNotExists, options: try databaseOptions()))
        }
        if at("USER") { return .account(try createUser()) }
        if at("TRIGGER") || at("PROCEDURE") || at("FUNCTION") || at("EVENT") || at("ROLE") || at("TABLESPACE")
            || at("SERVER") || at("LOGFILE") || at("SPATIAL") || at("AGGREGATE") {
            throw notSupported("CREATE \(current.upper)")
        }
        throw syntaxError()
    }

    // MARK: CREATE TABLE

    private mutating func createTable() throws(SQLError) -> CreateTableStatement {
        let temporary = accept("TEMPORARY")
        try expect("TABLE")
        let ifNotExists = accept("IF", "NOT", "EXISTS")
        var statement = CreateTableStatement(temporary: temporary, ifNotExists: ifNotExists, name: try tableName())
        if accept("LIKE") {
            statement.like = try tableName()
            return statement
        }
        if atSymbol("(") && peek().isWord("LIKE") {
            advance()
            advance()
            statement.like = try tableName()
            try expectSymbol(")")
            return statement
        }
        if atSymbol("(") && !(peek().isWord("SELECT") || peek().isWord("WITH")) {
            advance()
            repeat { statement.elements.append(try tableElement()) } while acceptSymbol(",")
            try expectSymbol(")")
        }
        statement.options = try tableOptions()
        if at("PARTITION") { throw notSupported("PARTITION BY") }
        _ = accept("IGNORE") || accept("REPLACE")
        if accept("AS") || at("SELECT") || at("WITH") || atSymbol("(") {
            statement.asSelect = try selectStatement()
        }
        return statement
    }

    private mutating func tableElement() throws(SQLError) -> TableElement {
        var constraintName: String?
        if accept("CONSTRAINT") {
            if atIdentifier { constraintName = try identifier() }
            guard at("PRIMARY") || at("UNIQUE") || at("FOREIGN") || at("CHECK") else { throw syntaxError() }
        }
        if at("PRIMARY") || at("UNIQUE") || at("INDEX") || at("KEY") || at("FULLTEXT") || at("SPATIAL") {
            var index = try indexDefinition()
            index.constraintName = constraintName
            return .index(index)
        }
        if at("FOREIGN") {
            var fk = try foreignKeyDefinition()
            fk.constraintName = constraintName
            return .foreignKey(fk)
        }
        if at("CHECK") {
            var check = try checkConstraint()
            check.name = constraintName
            return .check(check)
        }
        return .column(try columnDefinition())
    }

    /// PRIMARY KEY / UNIQUE [KEY] / KEY / INDEX / FULLTEXT / SPATIAL definitions.
    mutating func indexDefinition() throws(SQLError) -> IndexDefinition {
        let kind: IndexDefinition.Kind
        if accept("PRIMARY") {
            try expect("KEY")
            kind = .primaryKey
        } else if accept("UNIQUE") {
            _ = accept("INDEX") || accept("KEY")
            kind = .unique
        } else if accept("FULLTEXT") || accept("SPATIAL") {
            kind = previous.upper == "FULLTEXT" ? .fulltext : .spatial
            _ = accept("INDEX") || accept("KEY")
        } else if accept("INDEX") || accept("KEY") {
            kind = .index
        } else {
            throw syntaxError()
        }
        var index = IndexDefinition(kind: kind, columns: [])
        if kind != .primaryKey && atIdentifier && !at("USING") { index.name = try identifier() }
        try indexOptions(&index)
        index.columns = try keyParts()
        try indexOptions(&index)
        return index
    }

    /// `(col, col(191), col DESC, (expr))`.
    mutating func keyParts() throws(SQLError) -> [IndexColumn] {
        try expectSymbol("(")
        var parts: [IndexColumn] = []
        repeat {
            var part: IndexColumn
            if acceptSymbol("(") {
                part = IndexColumn(expression: try expression())
                try expectSymbol(")")
            } else {
                part = IndexColumn(column: try identifier(), prefixLength: try optionalLength())
            }
            if accept("DESC") { part.descending = true } else { _ = accept("ASC") }
            parts.append(part)
        } while acceptSymbol(",")
        try expectSymbol(")")
        return parts
    }

    /// USING BTREE|HASH, KEY_BLOCK_SIZE, COMMENT, WITH PARSER, VISIBLE / INVISIBLE.
    mutating func indexOptions(_ index: inout IndexDefinition) throws(SQLError) {
        while true {
            if accept("USING") {
                index.using = try anyName().uppercased()
            } else if accept("TYPE") {
                index.using = try anyName().uppercased()
            } else if accept("KEY_BLOCK_SIZE") {
                optionalEquals()
                _ = try integerLiteral()
            } else if accept("COMMENT") {
                index.comment = try stringLiteral()
            } else if accept("WITH", "PARSER") {
                _ = try identifier()
            } else if accept("VISIBLE") || accept("INVISIBLE") {
                continue
            } else {
                return
            }
        }
    }

    mutating func foreignKeyDefinition() throws(SQLError) -> ForeignKeyDefinition {
        try expect("FOREIGN")
        try expect("KEY")
        let indexName: String? = atIdentifier ? try identifier() : nil
        let columns = try parenthesizedIdentifiers()
        return ForeignKeyDefinition(indexName: indexName, columns: columns, reference: try foreignKeyReference())
    }

    private mutating func foreignKeyReference() throws(SQLError) -> ForeignKeyReference {
        try expect("REFERENCES")
        let table = try tableName()
        var reference = ForeignKeyReference(table: table, columns: atSymbol("(") ? try parenthesizedIdentifiers() : [])
        if accept("MATCH") { reference.match = try anyName().uppercased() }
        while accept("ON") {
            let onDelete: Bool
            if accept("DELETE") { onDelete = true } else { try expect("UPDATE"); onDelete = false }
            let action: ForeignKeyReference.Action
            if accept("RESTRICT") {
                action = .restrict
            } else if accept("CASCADE") {
                action = .cascade
            } else if accept("SET", "NULL") {
                action = .setNull
            } else if accept("SET", "DEFAULT") {
                action = .setDefault
            } else if accept("NO", "ACTION") {
                action = .noAction
            } else {
                throw syntaxError()
            }
            if onDelete { reference.onDelete = action } else { reference.onUpdate = action }
        }
        return reference
    }

    private mutating func checkConstraint() throws(SQLError) -> CheckConstraint {
        try expect("CHECK")
        try expectSymbol("(")
        var check = CheckConstraint(expression: try expression())
        try expectSymbol(")")
        if accept("NOT", "ENFORCED") { check.enforced = false } else if accept("ENFORCED") { check.enforced = true }
        return check
    }

    // MARK: columns

    mutating func columnDefinition() throws(SQLError) -> ColumnDefinition {
        let name = try identifier()
        let (type, serial) = try dataType()
        var column = ColumnDefinition(name: name, type: type)
        if serial {
            column.nullable = false
            column.autoIncrement = true
            column.unique = true
        }
        try columnOptions(&column)
        return column
    }

    private mutating func columnOptions(_ column: inout ColumnDefinition) throws(SQLError) {
        while true {
            if accept("NOT") {
                try expect("NULL")
                column.nullable = false
            } else if accept("NULL") {
                column.nullable = true
            } else if accept("DEFAULT") {
                column.defaultValue = try defaultValue()
            } else if accept("ON") {
                try expect("UPDATE")
                let value = try defaultValue()
                guard case .function = value else { throw syntaxError(at: previous) }
                column.onUpdateCurrentTimestamp = true
            } else if accept("AUTO_INCREMENT") {
                column.autoIncrement = true
            } else if accept("PRIMARY") {
                try expect("KEY")
                column.primaryKey = true
            } else if accept("KEY") {
                column.primaryKey = true
            } else if accept("UNIQUE") {
                _ = accept("KEY")
                column.unique = true
            } else if accept("COMMENT") {
                column.comment = try stringLiteral()
            } else if accept("COLLATE") {
                column.type.collation = try anyName()
            } else if accept("CHARACTER", "SET") || accept("CHARSET") {
                column.type.charset = try anyName()
            } else if accept("COLUMN_FORMAT") || accept("STORAGE") || accept("SRID") || accept("ENGINE_ATTRIBUTE") {
                let option = previous.upper
                column.otherOptions.append(option + " " + advance().text)
            } else if accept("VISIBLE") || accept("INVISIBLE") {
                column.otherOptions.append(previous.upper)
            } else if accept("GENERATED") {
                try expect("ALWAYS")
                try expect("AS")
                column.generated = try generatedColumn()
            } else if accept("AS") {
                column.generated = try generatedColumn()
            } else if at("REFERENCES") {
                column.references = try foreignKeyReference()
            } else if at("CHECK") || at("CONSTRAINT") {
                if accept("CONSTRAINT") && atIdentifier { _ = try identifier() }
                column.check = try checkConstraint().expression
            } else if accept("SERIAL", "DEFAULT", "VALUE") {
                column.nullable = false
                column.autoIncrement = true
                column.unique = true
            } else {
                return
            }
        }
    }

    private mutating func generatedColumn() throws(SQLError) -> GeneratedColumn {
        try expectSymbol("(")
        let e = try expression()
        try expectSymbol(")")
        var stored = false
        if accept("STORED") || accept("PERSISTENT") { stored = true } else { _ = accept("VIRTUAL") }
        return GeneratedColumn(expression: e, stored: stored)
    }

    /// A column DEFAULT: a (signed) literal, NULL, a niladic time function such as
    /// CURRENT_TIMESTAMP / NOW() with optional precision, or `(expression)`.
    private mutating func defaultValue() throws(SQLError) -> Expr {
        if acceptSymbol("(") {
            let e = try expression()
            try expectSymbol(")")
            return e
        }
        if atSymbol("-") || atSymbol("+") {
            let negative = advance().text == "-"
            let t = current
            let literal: Literal
            switch t.kind {
            case .integer: literal = .integer(t.text)
            case .decimal: literal = .decimal(t.text)
            case .float: literal = .float(t.text)
            default: throw syntaxError()
            }
            advance()
            return negative ? .unary(.negate, .literal(literal)) : .literal(literal)
        }
        let t = current
        switch t.kind {
        case .string, .integer, .decimal, .float, .hex, .bit:
            return try primary()
        case .word:
            let w = t.upper
            if w == "NULL" || w == "TRUE" || w == "FALSE" { return try primary() }
            if w.hasPrefix("_") && peek().kind == .string { return try primary() }
            if Keywords.niladicFunctions.contains(w) || w == "NOW" || w == "LOCALTIME" || w == "LOCALTIMESTAMP" {
                advance()
                var call = FunctionCall(name: w)
                if acceptSymbol("(") {
                    if !atSymbol(")") { call.arguments = [.literal(.integer(String(try integerLiteral())))] }
                    try expectSymbol(")")
                }
                return .function(call)
            }
            throw syntaxError()
        default:
            throw syntaxError()
        }
    }

    private static let integerTypes: [String: String] = [
        "TINYINT": "TINYINT", "INT1": "TINYINT", "SMALLINT": "SMALLINT", "INT2": "SMALLINT",
        "MEDIUMINT": "MEDIUMINT", "INT3": "MEDIUMINT", "MIDDLEINT": "MEDIUMINT",
        "INT": "INT", "INTEGER": "INT", "INT4": "INT", "BIGINT": "BIGINT", "INT8": "BIGINT",
    ]

    private static let plainTypes: Set<String> = [
        "DATE", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "JSON",
        "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
        "GEOMETRYCOLLECTION", "GEOMCOLLECTION",
    ]

    /// A MySQL column type; the flag is true for SERIAL (BIGINT UNSIGNED NOT NULL
    /// AUTO_INCREMENT UNIQUE), whose column options the caller applies.
    mutating func dataType() throws(SQLError) -> (DataType, Bool) {
        guard current.kind == .word else { throw syntaxError() }
        let word = advance().upper
        var type: DataType
        if let canonical = Self.integerTypes[word] {
            type = DataType(name: canonical, length: try optionalLength())
            try numericAttributes(&type)
            return (type, false)
        }
        switch word {
        case "SERIAL":
            return (DataType(name: "BIGINT", unsigned: true), true)
        case "BIT":
            return (DataType(name: "BIT", length: try optionalLength()), false)
        case "BOOL", "BOOLEAN":
            // MySQL stores BOOL as TINYINT(1) and reports it so.
            return (DataType(name: "TINYINT", length: 1), false)
        case "DECIMAL", "DEC", "NUMERIC", "FIXED", "FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8":
            var name = word
            switch word {
            case "DEC", "NUMERIC", "FIXED": name = "DECIMAL"
            case "FLOAT4": name = "FLOAT"
            case "FLOAT8", "REAL": name = "DOUBLE"
            case "DOUBLE": _ = accept("PRECISION")
            default: break
            }
            type = DataType(name: name)
            if acceptSymbol("(") {
                type.length = try integerLiteral()
                if acceptSymbol(",") { type.scale = try integerLiteral() }
                try expectSymbol(")")
            }
            try numericAttributes(&type)
            return (type, false)
        case "TIME", "DATETIME", "TIMESTAMP":
            return (DataType(name: word, length: try optionalLength()), false)
        case "YEAR":
            return (DataType(name: "YEAR", length: try optionalLength()), false)
        case "CHAR", "CHARACTER", "NCHAR", "VARCHAR", "NVARCHAR", "VARCHARACTER", "NATIONAL":
            var varying = word == "VARCHAR" || word == "NVARCHAR" || word == "VARCHARACTER"
            if word == "NATIONAL" {
                guard accept("CHAR") || accept("CHARACTER") || accept("VARCHAR") else { throw syntaxError() }
                varying = previous.upper == "VARCHAR"
            }
            if accept("VARYING") { varying = true }
            type = DataType(name: varying ? "VARCHAR" : "CHAR", length: try optionalLength())
            if varying && type.length == nil { throw syntaxError() }
            if word.hasPrefix("N") { type.charset = "utf8mb3" }
        case "BINARY", "VARBINARY":
            type = DataType(name: word, length: try optionalLength())
            if word == "VARBINARY" && type.length == nil { throw syntaxError() }
            return (type, false)
        case "BLOB":
            return (DataType(name: "BLOB", length: try optionalLength()), false)
        case "TEXT":
            type = DataType(name: "TEXT", length: try optionalLength())
        case "LONG":
            if accept("VARBINARY") { return (DataType(name: "MEDIUMBLOB"), false) }
            _ = accept("VARCHAR") || accept("VARCHARACTER")
            type = DataType(name: "MEDIUMTEXT")
        case "ENUM", "SET":
            try expectSymbol("(")
            var values: [String] = []
            repeat { values.append(try stringLiteral()) } while acceptSymbol(",")
            try expectSymbol(")")
            type = DataType(name: word, values: values)
        default:
            guard Self.plainTypes.contains(word) else {
                pos -= 1
                throw syntaxError()
            }
            if word == "GEOMCOLLECTION" { return (DataType(name: "GEOMETRYCOLLECTION"), false) }
            type = DataType(name: word)
            if !(word.hasSuffix("TEXT")) { return (type, false) }
        }
        try stringAttributes(&type)
        return (type, false)
    }

    private mutating func numericAttributes(_ type: inout DataType) throws(SQLError) {
        while true {
            if accept("UNSIGNED") {
                type.unsigned = true
            } else if accept("SIGNED") {
                type.unsigned = false
            } else if accept("ZEROFILL") {
                type.zerofill = true
                type.unsigned = true
            } else {
                return
            }
        }
    }

    /// BINARY, CHARACTER SET / CHARSET, COLLATE, ASCII, UNICODE after a string type.
    private mutating func stringAttributes(_ type: inout DataType) throws(SQLError) {
        while true {
            if accept("BINARY") {
                type.binaryCollation = true
            } else if accept("CHARACTER", "SET") || accept("CHARSET") {
                type.charset = try anyName()
            } else if at("COLLATE") {
                advance()
                type.collation = try anyName()
            } else if accept("ASCII") {
                type.charset = "latin1"
            } else if accept("UNICODE") {
                type.charset = "ucs2"
            } else {
                return
            }
        }
    }

    // MARK: table and database options

    /// ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=... AUTO_INCREMENT=5 COMMENT='x' ...
    mutating func tableOptions() throws(SQLError) -> [TableOption] {
        var options: [TableOption] = []
        while true {
            // Options may be separated by commas, but in ALTER TABLE a comma can also
            // start the next action: only take it when an option follows.
            let save = pos
            _ = acceptSymbol(",")
            guard let name = try optionName() else {
                pos = save
                return options
            }
            optionalEquals()
            let t = current
            switch t.kind {
            case .word, .quotedIdentifier, .integer, .decimal:
                advance()
                options.append(TableOption(name: name, value: t.text))
            case .string:
                options.append(TableOption(name: name, value: try stringLiteral()))
            case .symbol where t.text == "(" && name == "UNION":
                options.append(TableOption(name: name, value: try parenthesizedIdentifiers().joined(separator: ",")))
            default:
                throw syntaxError()
            }
        }
    }

    private static let singleWordOptions: Set<String> = [
        "ENGINE", "TYPE", "AUTO_INCREMENT", "AVG_ROW_LENGTH", "CHECKSUM", "TABLE_CHECKSUM", "COMMENT",
        "COMPRESSION", "CONNECTION", "DELAY_KEY_WRITE", "ENCRYPTION", "INSERT_METHOD", "KEY_BLOCK_SIZE",
        "MAX_ROWS", "MIN_ROWS", "PACK_KEYS", "PASSWORD", "ROW_FORMAT", "STATS_AUTO_RECALC",
        "STATS_PERSISTENT", "STATS_SAMPLE_PAGES", "TABLESPACE", "UNION", "SECONDARY_ENGINE",
        "ENGINE_ATTRIBUTE", "AUTOEXTEND_SIZE", "READ_ONLY",
    ]

    /// The normalized name of the next table/database option, or nil when none follows.
    private mutating func optionName() throws(SQLError) -> String? {
        let save = pos
        let isDefault = accept("DEFAULT")
        if accept("CHARACTER", "SET") || accept("CHARSET") { return "CHARSET" }
        if accept("COLLATE") { return "COLLATE" }
        if accept("ENCRYPTION") { return "ENCRYPTION" }
        if isDefault {
            pos = save
            return nil
        }
        if accept("DATA", "DIRECTORY") { return "DATA DIRECTORY" }
        if accept("INDEX", "DIRECTORY") { return "INDEX DIRECTORY" }
        if current.kind == .word && Self.singleWordOptions.contains(current.upper) {
            let w = advance().upper
            return w == "TYPE" ? "ENGINE" : w
        }
        return nil
    }

    private mutating func databaseOptions() throws(SQLError) -> [TableOption] {
        var options: [TableOption] = []
        while true {
            let save = pos
            _ = accept("DEFAULT")
            let name: String
            if accept("CHARACTER", "SET") || accept("CHARSET") {
                name = "CHARSET"
            } else if accept("COLLATE") {
                name = "COLLATE"
            } else if accept("ENCRYPTION") {
                name = "ENCRYPTION"
            } else if accept("READ", "ONLY") {
                name = "READ ONLY"
            } else {
                pos = save
                return options
            }
            optionalEquals()
            options.append(TableOption(name: name, value: try anyName()))
        }
    }

    // MARK: CREATE INDEX / VIEW

    private mutating func createIndex() throws(SQLError) -> CreateIndexStatement {
        var kind = IndexDefinition.Kind.index
        if accept("UNIQUE") { kind = .unique } else if accept("FULLTEXT") { kind = .fulltext } else if accept("SPATIAL") { kind = .spatial }
        try expect("INDEX")
        let ifNotExists = accept("IF", "NOT", "EXISTS")
        var index = IndexDefinition(kind: kind, name: try identifier(), columns: [])
        try indexOptions(&index)
        try expect("ON")
        let table = try tableName()
        index.columns = try keyParts()
        try indexOptions(&index)
        try skipAlgorithmAndLock()
        return CreateIndexStatement(index: index, table: table, ifNotExists: ifNotExists)
    }

    /// `ALGORITHM [=] x` and `LOCK [=] x` after index DDL: online-DDL advice.
    private mutating func skipAlgorithmAndLock() throws(SQLError) {
        while accept("ALGORITHM") || accept("LOCK") {
            optionalEquals()
            _ = try anyName()
        }
    }

    private mutating func createView(orReplace: Bool) throws(SQLError) -> CreateViewStatement {
        var options: [String] = []
        while true {
            if accept("ALGORITHM") {
                try expectSymbol("=")
                options.append("ALGORITHM=" + (try anyName()).uppercased())
            } else if accept("DEFINER") {
                try expectSymbol("=")
                let account = try accountName()
                options.append("DEFINER=" + account.description)
            } else if accept("SQL", "SECURITY") {
                options.append("SQL SECURITY " + (try anyName()).uppercased())
            } else {
                break
            }
        }
        try expect("VIEW")
        let name = try tableName()
        let columns = atSymbol("(") ? try parenthesizedIdentifiers() : []
        try expect("AS")
        let query = try selectStatement()
        if accept("WITH") {
            var option = "WITH"
            if accept("CASCADED") { option += " CASCADED" } else if accept("LOCAL") { option += " LOCAL" }
            try expect("CHECK")
            try expect("OPTION")
            options.append(option + " CHECK OPTION")
        }
        return CreateViewStatement(orReplace: orReplace, name: name, columns: columns, query: query, options: options)
    }

    // MARK: ALTER

    mutating func alterStatement() throws(SQLError) -> Statement {
        try expect("ALTER")
        if accept("DATABASE") || accept("SCHEMA") {
            let name: String? = atIdentifier && !at("DEFAULT") && !at("CHARACTER") && !at("CHARSET") && !at("COLLATE") && !at("ENCRYPTION") && !at("READ")
                ? try identifier() : nil
            let options = try databaseOptions()
            guard !options.isEmpty else { throw syntaxError() }
            return .alterDatabase(DatabaseStatement(name: name, options: options))
        }
        if at("USER") { return .account(try alterUser()) }
        if at("VIEW") || at("ALGORITHM") || at("DEFINER") || at("SQL") {
            // ALTER VIEW has CREATE VIEW's shape; it replaces the definition.
            return .createView(try createView(orReplace: true))
        }
        _ = accept("ONLINE") || accept("OFFLINE")
        _ = accept("IGNORE")
        guard accept("TABLE") else {
            if at("EVENT") || at("FUNCTION") || at("PROCEDURE") || at("TABLESPACE") || at("SERVER") || at("INSTANCE") || at("LOGFILE") {
                throw notSupported("ALTER \(current.upper)")
            }
            throw syntaxError()
        }
        let name = try tableName()
        var actions: [AlterTableAction] = []
        if current.kind != .endOfInput && !atSymbol(";") {
            repeat { actions.append(try alterAction()) } while acceptSymbol(",")
        }
        if at("PARTITION") { throw notSupported("PARTITION BY") }
        return .alterTable(AlterTableStatement(name: name, actions: actions))
    }

    private mutating func alterAction() throws(SQLError) -> AlterTableAction {
        if accept("ADD") {
            var constraintName: String?
            if accept("CONSTRAINT") {
                if atIdentifier { constraintName = try identifier() }
            }
            if at("PRIMARY") || at("UNIQUE") || at("INDEX") || at("KEY") || at("FULLTEXT") || at("SPATIAL") {
                var index = try indexDefinition()
                index.constraintName = constraintName
                return .addIndex(index)
            }
            if at("FOREIGN") {
                var fk = try foreignKeyDefinition()
                fk.constraintName = constraintName
                return .addForeignKey(fk)
            }
            if at("CHECK") {
                var check = try checkConstraint()
                check.name = constraintName
                return .addCheck(check)
            }
            if constraintName != nil { throw syntaxError() }
            _ = accept("COLUMN")
            if acceptSymbol("(") {
                var columns: [ColumnDefinition] = []
                repeat { columns.append(try columnDefinition()) } while acceptSymbol(",")
                try expectSymbol(")")
                return .addColumns(columns)
            }
            let column = try columnDefinition()
            return .addColumn(column, position: try columnPosition())
        }
        if accept("DROP") {
            if accept("PRIMARY") {
                try expect("KEY")
                return .dropPrimaryKey
            }
            if accept("INDEX") || accept("KEY") { return .dropIndex(try identifier()) }
            if accept("FOREIGN") {
                try expect("KEY")
                return .dropForeignKey(try identifier())
            }
            if accept("CHECK") || accept("CONSTRAINT") { return .dropCheck(try identifier()) }
            _ = accept("COLUMN")
            return .dropColumn(try identifier())
        }
        if accept("MODIFY") {
            _ = accept("COLUMN")
            let column = try columnDefinition()
            return .modifyColumn(column, position: try columnPosition())
        }
        if accept("CHANGE") {
            _ = accept("COLUMN")
            let old = try identifier()
            let column = try columnDefinition()
            return .changeColumn(oldName: old, column, position: try columnPosition())
        }
        if accept("RENAME") {
            if accept("COLUMN") {
                let from = try identifier()
                try expect("TO")
                return .renameColumn(from: from, to: try identifier())
            }
            if accept("INDEX") || accept("KEY") {
                let from = try identifier()
                try expect("TO")
                return .renameIndex(from: from, to: try identifier())
            }
            _ = accept("TO") || accept("AS")
            return .renameTable(try tableName())
        }
        if accept("ALTER") {
            if at("INDEX") || at("CHECK") || at("CONSTRAINT") {
                advance()
                let name = try identifier()
                let option = advance().upper
                return .other("ALTER INDEX \(name) \(option)")
            }
            _ = accept("COLUMN")
            let column = try identifier()
            if accept("SET") {
                if accept("DEFAULT") { return .alterColumnDefault(column, try defaultValue()) }
                if accept("VISIBLE") || accept("INVISIBLE") { return .other("ALTER COLUMN \(column) SET \(previous.upper)") }
                throw syntaxError()
            }
            try expect("DROP")
            try expect("DEFAULT")
            return .alterColumnDefault(column, nil)
        }
        if accept("CONVERT") {
            try expect("TO")
            guard accept("CHARACTER", "SET") || accept("CHARSET") else { throw syntaxError() }
            let charset = try anyName()
            let collation: String? = accept("COLLATE") ? try anyName() : nil
            return .convertCharset(charset, collation: collation)
        }
        if accept("ALGORITHM") || accept("LOCK") {
            let name = previous.upper
            optionalEquals()
            return .other("\(name)=\(try anyName().uppercased())")
        }
        if accept("FORCE") { return .other("FORCE") }
        if accept("ENABLE", "KEYS") || accept("DISABLE", "KEYS") { return .other(tokens[pos - 2].upper + " KEYS") }
        if accept("ORDER") {
            try expect("BY")
            _ = try orderItems()
            return .other("ORDER BY")
        }
        if accept("WITH", "VALIDATION") || accept("WITHOUT", "VALIDATION") { return .other("VALIDATION") }
        let options = try tableOptions()
        guard !options.isEmpty else { throw syntaxError() }
        return .options(options)
    }

    private mutating func columnPosition() throws(SQLError) -> ColumnPosition? {
        if accept("FIRST") { return .first }
        if accept("AFTER") { return .after(try identifier()) }
        return nil
    }

    // MARK: DROP / TRUNCATE / RENAME

    mutating func dropStatement() throws(SQLError) -> Statement {
        try expect("DROP")
        if at("TEMPORARY") || at("TABLE") || at("TABLES") {
            let temporary = accept("TEMPORARY")
            guard accept("TABLE") || accept("TABLES") else { throw syntaxError() }
            let ifExists = accept("IF", "EXISTS")
            let names = try tableNameList()
            _ = accept("RESTRICT") || accept("CASCADE")
            return .dropTable(DropTableStatement(temporary: temporary, ifExists: ifExists, names: names))
        }
        if accept("INDEX") {
            let ifExists = accept("IF", "EXISTS")
            let name = try identifier()
            try expect("ON")
            let table = try tableName()
            try skipAlgorithmAndLock()
            return .dropIndex(DropIndexStatement(name: name, table: table, ifExists: ifExists))
        }
        if accept("VIEW") {
            let ifExists = accept("IF", "EXISTS")
            let names = try tableNameList()
            _ = accept("RESTRICT") || accept("CASCADE")
            return .dropView(DropViewStatement(ifExists: ifExists, names: names))
        }
        if accept("DATABASE") || accept("SCHEMA") {
            let ifExists = accept("IF", "EXISTS")
            return .dropDatabase(DropDatabaseStatement(name: try identifier(), ifExists: ifExists))
        }
        if at("USER") {
            advance()
            let ifExists = accept("IF", "EXISTS")
            var accounts = [try accountName()]
            while acceptSymbol(",") { accounts.append(try accountName()) }
            return .account(.dropUser(ifExists: ifExists, accounts))
        }
        if at("TRIGGER") || at("PROCEDURE") || at("FUNCTION") || at("EVENT") || at("ROLE") || at("TABLESPACE") || at("SERVER") {
            throw notSupported("DROP \(current.upper)")
        }
        throw syntaxError()
    }

    mutating func truncateStatement() throws(SQLError) -> Statement {
        try expect("TRUNCATE")
        _ = accept("TABLE")
        return .truncateTable(try tableName())
    }

    mutating func renameStatement() throws(SQLError) -> Statement {
        try expect("RENAME")
        if at("USER") { throw notSupported("RENAME USER") }
        guard accept("TABLE") || accept("TABLES") else { throw syntaxError() }
        var pairs: [RenameTablePair] = []
        repeat {
            let from = try tableName()
            try expect("TO")
            pairs.append(RenameTablePair(from: from, to: try tableName()))
        } while acceptSymbol(",")
        return .renameTable(pairs)
    }
}
