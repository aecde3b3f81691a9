/// The MySQL dialect layer: MySQL statement text in, SQLite statement text out.
///
/// The pipeline, one type per step:
/// 1. `Lexer` — MySQL tokens with byte offsets (backticks, backslash escapes, executable
///    `/*! */` comments, `/*+ */` hints, `?` placeholders, variables).
/// 2. `Parser` — recursive descent to a `Statement` AST (`ParsedStatement` adds hints,
///    placeholder count and text). Errors are `SQLError`s: 1064 with offset and MySQL's
///    wording for syntax, 1235 for valid MySQL we do not handle, 1065 for empty input.
/// 3. `Statement.info` — `StatementClass` (read, write, DDL, session, transaction control,
///    metadata, administration) and the `TableAccess`es with database qualifiers.
/// 4. `SQLitePrinter` — the AST as SQLite SQL with MySQL's meaning (`SQLiteTranslation`),
///    or nil for statements the session / catalog layers answer. `MySQLPrinter` prints
///    canonical MySQL back (round trips, SHOW CREATE TABLE material).
/// 5. `Transpiler` — all of the above behind an LRU cache (`LRUCache`) keyed by the exact
///    text and options, sized by `query_pipeline.transpiler_cache_size`.
///
/// Names the SQLite text relies on that later steps provide: the MySQL functions printed
/// by name (CONCAT, NOW, DATE_ADD(x, n, 'UNIT'), DATE_SUB, YEAR, FOUND_ROWS, REGEXP, ...),
/// `MYSQL_SYSTEM_VARIABLE(scope, name)`, `MYSQL_USER_VARIABLE(name)`,
/// `MYSQL_SET_USER_VARIABLE(name, value)` and `MATCH_AGAINST(query, mode, columns...)`.
public enum SQLDialect {
    /// The MySQL version we present (8.0.36), also the threshold for `/*!NNNNN */` comments.
    public static let serverVersion = 80036

    /// Parses, classifies and prints one statement without a cache.
    public static func translate(_ sql: String, parser: Parser.Options = .default,
                                 printer: SQLitePrinter.Options = SQLitePrinter.Options()) throws(SQLError) -> TranspiledStatement {
        try Transpiler.translate(try Parser.parse(sql, options: parser), printer: printer)
    }
}
