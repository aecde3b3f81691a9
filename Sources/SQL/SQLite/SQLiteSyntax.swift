/// Spelling rules for SQLite text: quoting, keywords, literals, and the naming scheme for
/// objects whose MySQL names are not unique in SQLite.
public enum SQLiteSyntax {
    /// `"name"` with inner double quotes doubled. Every identifier is quoted, so MySQL
    /// names that are SQLite keywords (`order`, `group`, `key`) cannot clash.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.doubling("\"") + "\""
    }

    /// A SQLite string literal. Text containing NUL (which would end the statement text
    /// handed to `sqlite3_prepare`) is written as `CAST(X'..' AS TEXT)` instead.
    public static func quoteString(_ value: String) -> String {
        if value.utf8.contains(0) { return "CAST(" + blobLiteral(Array(value.utf8)) + " AS TEXT)" }
        return "'" + value.doubling("'") + "'"
    }

    public static func blobLiteral(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        var s = "X'"
        for b in bytes {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0x0F)])
        }
        return s + "'"
    }

    /// SQLite's index names share one namespace per database while MySQL's are per table;
    /// `wp_postmeta.meta_key` becomes `wp_postmeta__meta_key`.
    public static func indexName(table: String, index: String) -> String {
        table + "__" + index
    }

    /// The MySQL index name inside a SQLite index name: the inverse of
    /// `indexName(table:index:)`, nil when `sqliteName` does not belong to `table`.
    public static func mysqlIndexName(table: String, sqliteName: String) -> String? {
        let prefix = table + "__"
        guard sqliteName.hasPrefix(prefix) else { return nil }
        return String(sqliteName.dropFirst(prefix.count))
    }

    /// SQLite 3.40 keywords. A function whose name is one of these (`LEFT`, `REPLACE`,
    /// `IF`) is printed with a quoted name, which SQLite still resolves as a function.
    public static let keywords: Set<String> = [
        "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC", "ATTACH",
        "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLLATE",
        "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
        "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC",
        "DETACH", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE",
        "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
        "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED",
        "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST",
        "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL",
        "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA",
        "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX",
        "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS",
        "SAVEPOINT", "SELECT", "SET", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION",
        "TRIGGER", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL",
        "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT",
    ]

    /// How a function name is written: bare and upper-cased when that is safe, quoted
    /// when it is a SQLite keyword or not a plain word.
    public static func functionName(_ name: String) -> String {
        let upper = name.uppercased()
        let plain = upper.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
            && !(upper.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true)
        if plain && !keywords.contains(upper) { return upper }
        return quoteIdentifier(upper)
    }

    /// A numeric literal in a form SQLite's tokenizer accepts (`.5` → `0.5`, `1.` → `1.0`).
    static func number(_ text: String) -> String {
        var s = text
        if s.hasPrefix(".") { s = "0" + s }
        if s.hasSuffix(".") { s += "0" }
        if let dot = s.firstIndex(of: "."), s.index(after: dot) < s.endIndex {
            let after = s[s.index(after: dot)]
            if after == "e" || after == "E" { s.insert("0", at: s.index(after: dot)) }
        }
        return s
    }

    /// Decodes hex digits (even count) to bytes.
    static func bytes(fromHex hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var high: UInt8?
        for c in hex.utf8 {
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x41...0x46: v = c - 0x41 + 10
            case 0x61...0x66: v = c - 0x61 + 10
            default: continue
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return out
    }
}
