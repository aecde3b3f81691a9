/// MySQL column types → SQLite declared types.
///
/// SQLite stores any value in any column; the declared type only picks an affinity (how
/// values are coerced on the way in). We declare the affinity's canonical name so SQLite
/// never has to guess from words like `bigint(20) unsigned` (which it rejects outright);
/// the MySQL type itself stays in the AST for the catalog (SHOW COLUMNS, DESCRIBE).
///
/// | MySQL | SQLite |
/// |---|---|
/// | TINYINT … BIGINT, BIT, BOOL, YEAR | INTEGER |
/// | DECIMAL / NUMERIC | NUMERIC (exact integers stay integers) |
/// | FLOAT, DOUBLE | REAL |
/// | CHAR, VARCHAR, *TEXT, ENUM, SET, JSON, DATE, TIME, DATETIME, TIMESTAMP | TEXT (dates as `YYYY-MM-DD hh:mm:ss` text, as MySQL prints them) |
/// | BINARY, VARBINARY, *BLOB, spatial types | BLOB |
public enum SQLiteTypeMapping {
    public static let integerTypes: Set<String> = ["TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT"]

    public static func sqliteType(for type: DataType) -> String {
        switch type.name {
        case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "BIT", "BOOL", "YEAR":
            return "INTEGER"
        case "DECIMAL":
            return "NUMERIC"
        case "FLOAT", "DOUBLE":
            return "REAL"
        case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB",
             "GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
             "GEOMETRYCOLLECTION":
            return "BLOB"
        default:
            return "TEXT"
        }
    }

    /// True for types whose single-column primary key becomes SQLite's 64-bit rowid alias.
    public static func isIntegerKey(_ type: DataType) -> Bool {
        integerTypes.contains(type.name)
    }

    /// The value MySQL (non-strict) fills into a NOT NULL column that has no DEFAULT; used
    /// when ALTER TABLE ADD COLUMN needs one because SQLite refuses NOT NULL without it.
    public static func implicitDefault(for type: DataType) -> String {
        switch type.name {
        case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "BIT", "BOOL", "YEAR", "DECIMAL", "FLOAT", "DOUBLE":
            return "0"
        case "DATE":
            return "'0000-00-00'"
        case "DATETIME", "TIMESTAMP":
            return "'0000-00-00 00:00:00'"
        case "TIME":
            return "'00:00:00'"
        case "ENUM":
            return SQLiteSyntax.quoteString(type.values.first ?? "")
        case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB":
            return "X''"
        default:
            return "''"
        }
    }
}
