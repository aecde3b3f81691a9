/// A MySQL column type exactly as declared, so a catalog can answer SHOW COLUMNS with
/// `bigint(20) unsigned` while SQLite stores the column with an affinity.
public struct DataType: Hashable, Sendable, CustomStringConvertible {
    /// Upper-cased canonical base name: `INT`, `BIGINT`, `VARCHAR`, `DECIMAL`, `ENUM`, ...
    /// (synonyms folded: INTEGER → INT, BOOLEAN → BOOL, CHARACTER VARYING → VARCHAR).
    public var name: String
    /// Display width, length, precision or fractional-seconds digits: `(20)`, `(255)`, `(10,2)`.
    public var length: Int?
    public var scale: Int?
    public var unsigned: Bool
    public var zerofill: Bool
    /// ENUM / SET members.
    public var values: [String]
    public var charset: String?
    public var collation: String?
    /// `CHAR(10) BINARY`: a binary collation.
    public var binaryCollation: Bool

    public init(name: String, length: Int? = nil, scale: Int? = nil, unsigned: Bool = false, zerofill: Bool = false,
                values: [String] = [], charset: String? = nil, collation: String? = nil, binaryCollation: Bool = false) {
        self.name = name
        self.length = length
        self.scale = scale
        self.unsigned = unsigned
        self.zerofill = zerofill
        self.values = values
        self.charset = charset
        self.collation = collation
        self.binaryCollation = binaryCollation
    }

    /// MySQL's own spelling as SHOW COLUMNS prints it: `bigint(20) unsigned`, `varchar(255)`,
    /// `enum('a','b')`, `decimal(10,2)`.
    public var description: String {
        var s = name.lowercased()
        if !values.isEmpty {
            s += "(" + values.map { "'" + $0.doubling("'") + "'" }.joined(separator: ",") + ")"
        } else if let length {
            s += scale.map { "(\(length),\($0))" } ?? "(\(length))"
        }
        if unsigned { s += " unsigned" }
        if zerofill { s += " zerofill" }
        return s
    }
}

public struct ColumnDefinition: Hashable, Sendable {
    public var name: String
    public var type: DataType
    /// nil when neither NULL nor NOT NULL was written.
    public var nullable: Bool?
    public var defaultValue: Expr?
    /// `ON UPDATE CURRENT_TIMESTAMP[(fsp)]`.
    public var onUpdateCurrentTimestamp: Bool
    public var autoIncrement: Bool
    /// Inline `PRIMARY KEY` (or `KEY`, which MySQL reads as PRIMARY KEY in a column).
    public var primaryKey: Bool
    /// Inline `UNIQUE [KEY]`.
    public var unique: Bool
    public var comment: String?
    /// `[GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED]`.
    public var generated: GeneratedColumn?
    /// Inline `REFERENCES t (c)`.
    public var references: ForeignKeyReference?
    public var check: Expr?
    /// `INVISIBLE`, `COLUMN_FORMAT ...`, `STORAGE ...`, `SRID n`: kept, never printed for SQLite.
    public var otherOptions: [String]

    public init(name: String, type: DataType, nullable: Bool? = nil, defaultValue: Expr? = nil,
                onUpdateCurrentTimestamp: Bool = false, autoIncrement: Bool = false, primaryKey: Bool = false,
                unique: Bool = false, comment: String? = nil, generated: GeneratedColumn? = nil,
                references: ForeignKeyReference? = nil, check: Expr? = nil, otherOptions: [String] = []) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.defaultValue = defaultValue
        self.onUpdateCurrentTimestamp = onUpdateCurrentTimestamp
        self.autoIncrement = autoIncrement
        self.primaryKey = primaryKey
        self.unique = unique
        self.comment = comment
        self.generated = generated
        self.references = references
        self.check = check
        self.otherOptions = otherOptions
    }
}

public struct GeneratedColumn: Hashable, Sendable {
    public var expression: Expr
    public var stored: Bool

    public init(expression: Expr, stored: Bool) {
        self.expression = expression
        self.stored = stored
    }
}

/// PRIMARY KEY, UNIQUE, KEY/INDEX, FULLTEXT and SPATIAL, in CREATE TABLE, ALTER TABLE
/// and CREATE INDEX.
public struct IndexDefinition: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case primaryKey = "PRIMARY KEY"
        case unique = "UNIQUE"
        case index = "INDEX"
        case fulltext = "FULLTEXT"
        case spatial = "SPATIAL"
    }

    public var kind: Kind
    public var name: String?
    /// `CONSTRAINT symbol` before PRIMARY KEY / UNIQUE.
    public var constraintName: String?
    public var columns: [IndexColumn]
    /// `USING BTREE|HASH`.
    public var using: String?
    public var comment: String?

    public init(kind: Kind, name: String? = nil, constraintName: String? = nil, columns: [IndexColumn],
                using: String? = nil, comment: String? = nil) {
        self.kind = kind
        self.name = name
        self.constraintName = constraintName
        self.columns = columns
        self.using = using
        self.comment = comment
    }
}

/// One key part: a column with an optional prefix length (`meta_key(191)`) and direction,
/// or a functional key part `((expr))`.
public struct IndexColumn: Hashable, Sendable {
    public var column: String?
    public var expression: Expr?
    public var prefixLength: Int?
    public var descending: Bool

    public init(column: String, prefixLength: Int? = nil, descending: Bool = false) {
        self.column = column
        self.expression = nil
        self.prefixLength = prefixLength
        self.descending = descending
    }

    public init(expression: Expr, descending: Bool = false) {
        self.column = nil
        self.expression = expression
        self.prefixLength = nil
        self.descending = descending
    }
}

public struct ForeignKeyReference: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        case restrict = "RESTRICT"
        case cascade = "CASCADE"
        case setNull = "SET NULL"
        case setDefault = "SET DEFAULT"
        case noAction = "NO ACTION"
    }

    public var table: TableName
    public var columns: [String]
    public var onDelete: Action?
    public var onUpdate: Action?
    /// `MATCH FULL|PARTIAL|SIMPLE`.
    public var match: String?

    public init(table: TableName, columns: [String], onDelete: Action? = nil, onUpdate: Action? = nil, match: String? = nil) {
        self.table = table
        self.columns = columns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
        self.match = match
    }
}

public struct ForeignKeyDefinition: Hashable, Sendable {
    public var constraintName: String?
    public var indexName: String?
    public var columns: [String]
    public var reference: ForeignKeyReference

    public init(constraintName: String? = nil, indexName: String? = nil, columns: [String], reference: ForeignKeyReference) {
        self.constraintName = constraintName
        self.indexName = indexName
        self.columns = columns
        self.reference = reference
    }
}

public struct CheckConstraint: Hashable, Sendable {
    public var name: String?
    public var expression: Expr
    /// `[NOT] ENFORCED`; nil when not written.
    public var enforced: Bool?

    public init(name: String? = nil, expression: Expr, enforced: Bool? = nil) {
        self.name = name
        self.expression = expression
        self.enforced = enforced
    }
}

public enum TableElement: Hashable, Sendable {
    case column(ColumnDefinition)
    case index(IndexDefinition)
    case foreignKey(ForeignKeyDefinition)
    case check(CheckConstraint)
}

/// A table option (`ENGINE=InnoDB`, `DEFAULT CHARSET=utf8mb4`, `AUTO_INCREMENT=5`), or a
/// database option. Names are normalized: `CHARSET` for every character-set spelling,
/// `COLLATE`, `ENGINE`, `AUTO_INCREMENT`, `COMMENT`, else the upper-cased words.
public struct TableOption: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public struct CreateTableStatement: Hashable, Sendable {
    public var temporary: Bool
    public var ifNotExists: Bool
    public var name: TableName
    public var elements: [TableElement]
    public var options: [TableOption]
    /// `CREATE TABLE t LIKE other`.
    public var like: TableName?
    /// `CREATE TABLE t [AS] SELECT ...`.
    public var asSelect: SelectStatement?

    public init(temporary: Bool = false, ifNotExists: Bool = false, name: TableName, elements: [TableElement] = [],
                options: [TableOption] = [], like: TableName? = nil, asSelect: SelectStatement? = nil) {
        self.temporary = temporary
        self.ifNotExists = ifNotExists
        self.name = name
        self.elements = elements
        self.options = options
        self.like = like
        self.asSelect = asSelect
    }

    public var columns: [ColumnDefinition] {
        elements.compactMap { if case .column(let c) = $0 { return c } else { return nil } }
    }

    public var indexes: [IndexDefinition] {
        elements.compactMap { if case .index(let i) = $0 { return i } else { return nil } }
    }
}

/// `FIRST` / `AFTER col` in ALTER TABLE ADD/MODIFY/CHANGE.
public enum ColumnPosition: Hashable, Sendable {
    case first
    case after(String)
}

public enum AlterTableAction: Hashable, Sendable {
    case addColumn(ColumnDefinition, position: ColumnPosition?)
    /// `ADD (a INT, b INT)`.
    case addColumns([ColumnDefinition])
    case addIndex(IndexDefinition)
    case addForeignKey(ForeignKeyDefinition)
    case addCheck(CheckConstraint)
    case dropColumn(String)
    case dropIndex(String)
    case dropPrimaryKey
    case dropForeignKey(String)
    case dropCheck(String)
    case modifyColumn(ColumnDefinition, position: ColumnPosition?)
    case changeColumn(oldName: String, ColumnDefinition, position: ColumnPosition?)
    case renameColumn(from: String, to: String)
    case renameIndex(from: String, to: String)
    case renameTable(TableName)
    /// `ALTER [COLUMN] c SET DEFAULT x` (value) or `DROP DEFAULT` (nil).
    case alterColumnDefault(String, Expr?)
    case options([TableOption])
    /// `CONVERT TO CHARACTER SET x [COLLATE y]`.
    case convertCharset(String, collation: String?)
    /// ALGORITHM=, LOCK=, FORCE, ENABLE/DISABLE KEYS, ORDER BY ...: storage-engine advice.
    case other(String)
}

public struct AlterTableStatement: Hashable, Sendable {
    public var name: TableName
    public var actions: [AlterTableAction]

    public init(name: TableName, actions: [AlterTableAction]) {
        self.name = name
        self.actions = actions
    }
}

public struct DropTableStatement: Hashable, Sendable {
    public var temporary: Bool
    public var ifExists: Bool
    public var names: [TableName]

    public init(temporary: Bool = false, ifExists: Bool = false, names: [TableName]) {
        self.temporary = temporary
        self.ifExists = ifExists
        self.names = names
    }
}

public struct RenameTablePair: Hashable, Sendable {
    public var from: TableName
    public var to: TableName

    public init(from: TableName, to: TableName) {
        self.from = from
        self.to = to
    }
}

public struct CreateIndexStatement: Hashable, Sendable {
    /// `index.name` is always set here.
    public var index: IndexDefinition
    public var table: TableName
    public var ifNotExists: Bool

    public init(index: IndexDefinition, table: TableName, ifNotExists: Bool = false) {
        self.index = index
        self.table = table
        self.ifNotExists = ifNotExists
    }
}

public struct DropIndexStatement: Hashable, Sendable {
    public var name: String
    public var table: TableName
    public var ifExists: Bool

    public init(name: String, table: TableName, ifExists: Bool = false) {
        self.name = name
        self.table = table
        self.ifExists = ifExists
    }
}

public struct CreateViewStatement: Hashable, Sendable {
    public var orReplace: Bool
    public var name: TableName
    public var columns: [String]
    public var query: SelectStatement
    /// `ALGORITHM=`, `DEFINER=`, `SQL SECURITY`, `WITH CHECK OPTION` as written.
    public var options: [String]

    public init(orReplace: Bool = false, name: TableName, columns: [String] = [], query: SelectStatement, options: [String] = []) {
        self.orReplace = orReplace
        self.name = name
        self.columns = columns
        self.query = query
        self.options = options
    }
}

public struct DropViewStatement: Hashable, Sendable {
    public var ifExists: Bool
    public var names: [TableName]

    public init(ifExists: Bool = false, names: [TableName]) {
        self.ifExists = ifExists
        self.names = names
    }
}

/// CREATE / ALTER DATABASE (or SCHEMA).
public struct DatabaseStatement: Hashable, Sendable {
    /// Nil only for `ALTER DATABASE` without a name (the current database).
    public var name: String?
    public var ifNotExists: Bool
    public var options: [TableOption]

    public init(name: String?, ifNotExists: Bool = false, options: [TableOption] = []) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.options = options
    }
}

public struct DropDatabaseStatement: Hashable, Sendable {
    public var name: String
    public var ifExists: Bool

    public init(name: String, ifExists: Bool = false) {
        self.name = name
        self.ifExists = ifExists
    }
}
