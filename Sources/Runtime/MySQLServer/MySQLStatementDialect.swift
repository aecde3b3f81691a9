/// What the node expects statements in.
///
/// - `sqlite`: today's node runs SQLite SQL. The session turns MySQL's lexical forms that
///   SQLite reads differently into SQLite ones: backslash escapes in strings, "double quoted"
///   strings, `_binary'..'` and `_utf8mb4'..'` introducers, `# comments` and `/*!40101 ... */`
///   versioned comments.
/// - `mysql`: the node parses the MySQL dialect itself (the SQL target); statements pass
///   through as written, and substituted parameters and variables are MySQL literals.
public enum MySQLStatementDialect: Sendable, Hashable {
    case sqlite
    case mysql
}
