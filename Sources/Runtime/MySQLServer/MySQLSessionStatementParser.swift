/// Recognises the statements a session handles itself from their tokens. Whatever it does
/// not recognise exactly is `.forward`: the node gets it and answers (or fails) as it does.
enum MySQLSessionStatementParser {
    static func parse(_ s: MySQLStatementText) -> MySQLSessionStatement {
        guard let first = s.keyword(0) else { return .forward(implicitCommit: false) }
        switch first {
        case "USE":
            if s.significant.count == 2, let name = s.identifier(1) { return .use(name) }
        case "SET":
            if let statement = parseSet(s) { return statement }
        case "BEGIN":
            if s.significant.count == 1 || (s.significant.count == 2 && s.keyword(1) == "WORK") { return .begin }
        case "START":
            if s.keyword(1) == "TRANSACTION" { return .begin }
        case "COMMIT", "ROLLBACK":
            return parseEnd(s, commit: first == "COMMIT")
        case "SAVEPOINT":
            if s.significant.count == 2, let name = s.identifier(1) { return .savepoint(name) }
        case "RELEASE":
            if s.keyword(1) == "SAVEPOINT", s.significant.count == 3, let name = s.identifier(2) { return .releaseSavepoint(name) }
        case "SELECT":
            if let statement = parseSelect(s) { return statement }
        case "SHOW":
            if let statement = parseShow(s) { return statement }
        case "DESCRIBE", "DESC", "EXPLAIN":
            // DESCRIBE t [column]; EXPLAIN SELECT ... goes to the node.
            if s.significant.count >= 2, s.significant.count <= 5, let (table, db, next) = qualifiedName(s, at: 1),
               s.keyword(1) != "SELECT", s.keyword(1) != "FORMAT", s.keyword(1) != "EXTENDED" {
                var filter: MySQLSessionStatement.Filter?
                if next < s.significant.count, let column = s.identifier(next) { filter = .like(column) }
                return .showColumns(full: false, table: table, database: db, filter: filter)
            }
        case "LOCK", "UNLOCK":
            if s.keyword(1) == "TABLES" || s.keyword(1) == "TABLE" { return .tableLocks }
        case "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE":
            let temporary = first == "CREATE" && s.keyword(1) == "TEMPORARY"
            return .forward(implicitCommit: !temporary)
        default:
            break
        }
        return .forward(implicitCommit: false)
    }

    // MARK: Transactions

    private static func parseEnd(_ s: MySQLStatementText, commit: Bool) -> MySQLSessionStatement {
        var i = 1
        if s.keyword(i) == "WORK" || s.keyword(i) == "TRANSACTION" { i += 1 }
        if !commit, s.keyword(i) == "TO" {
            i += 1
            if s.keyword(i) == "SAVEPOINT" { i += 1 }
            return .rollbackToSavepoint(s.identifier(i) ?? "")
        }
        var chain = false
        if s.keyword(i) == "AND" {
            if s.keyword(i + 1) == "NO", s.keyword(i + 2) == "CHAIN" { i += 3 } else if s.keyword(i + 1) == "CHAIN" { chain = true; i += 2 }
        }
        return commit ? .commit(chain: chain) : .rollback(chain: chain)
    }

    // MARK: SET

    private static func parseSet(_ s: MySQLStatementText) -> MySQLSessionStatement? {
        var i = 1
        let scopeWords: Set<String> = ["GLOBAL", "SESSION", "LOCAL", "PERSIST", "PERSIST_ONLY"]
        if let word = s.keyword(1), scopeWords.contains(word), s.keyword(2) == "TRANSACTION" { return .setTransaction }
        if s.keyword(1) == "TRANSACTION" { return .setTransaction }
        var assignments: [MySQLSessionStatement.Assignment] = []
        let n = s.significant.count
        while i < n {
            let end = topLevelComma(s, from: i) ?? n
            guard let assignment = parseAssignment(s, from: i, to: end) else { return nil }
            assignments.append(assignment)
            i = end + 1
        }
        return assignments.isEmpty ? nil : .set(assignments)
    }

    private static func parseAssignment(_ s: MySQLStatementText, from start: Int, to end: Int) -> MySQLSessionStatement.Assignment? {
        var i = start
        if s.keyword(i) == "NAMES" {
            let charset = s.keyword(i + 1) == "DEFAULT" ? nil : s.identifier(i + 1)
            var collation: String?
            if s.keyword(i + 2) == "COLLATE" { collation = s.identifier(i + 3) }
            return .init(target: .names(charset: charset, collation: collation), value: end..<end)
        }
        if (s.keyword(i) == "CHARACTER" && s.keyword(i + 1) == "SET") || s.keyword(i) == "CHARSET" {
            let at = s.keyword(i) == "CHARSET" ? i + 1 : i + 2
            let charset = s.keyword(at) == "DEFAULT" ? nil : s.identifier(at)
            return .init(target: .characterSet(charset), value: end..<end)
        }
        var target: MySQLSessionStatement.Assignment.Target
        guard i < end else { return nil }
        switch s.significant[i].kind {
        case .userVariable(let name):
            target = .user(name)
            i += 1
        case .systemVariable(let scope, let name):
            target = .system(scope: scope, name: name)
            i += 1
        case .word:
            var scope: String?
            if let word = s.keyword(i), ["GLOBAL", "SESSION", "LOCAL", "PERSIST", "PERSIST_ONLY"].contains(word) {
                scope = word == "LOCAL" ? "session" : word.lowercased()
                i += 1
            }
            guard i < end, let name = s.identifier(i) else { return nil }
            target = .system(scope: scope, name: name.lowercased())
            i += 1
        default:
            return nil
        }
        guard i < end, s.isSymbol(i, "=") || s.isSymbol(i, ":=") else { return nil }
        i += 1
        guard i < end else { return nil }
        return .init(target: target, value: i..<end)
    }

    /// The index of the next comma outside parentheses, from `start`.
    static func topLevelComma(_ s: MySQLStatementText, from start: Int, stopWords: Set<String> = []) -> Int? {
        var depth = 0
        var i = start
        while i < s.significant.count {
            let t = s.significant[i]
            if t.isSymbol("(") { depth += 1 } else if t.isSymbol(")") { depth -= 1 } else if depth == 0 && t.isSymbol(",") { return i }
            i += 1
        }
        return nil
    }

    // MARK: SELECT of variables

    private static let sessionFunctions: Set<String> = [
        "DATABASE", "SCHEMA", "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "VERSION",
        "CONNECTION_ID", "LAST_INSERT_ID", "ROW_COUNT", "FOUND_ROWS",
    ]

    private static func parseSelect(_ s: MySQLStatementText) -> MySQLSessionStatement? {
        let n = s.significant.count
        var items: [MySQLSessionStatement.SelectItem] = []
        var i = 1
        var sawSessionItem = false
        var placeholders = 0
        let clauseWords: Set<String> = ["FROM", "LIMIT"]
        while i < n {
            let itemStart = i
            var source: MySQLSessionStatement.SelectItem.Source
            switch s.significant[i].kind {
            case .systemVariable(let scope, let name):
                source = .system(scope: scope, name: name)
                sawSessionItem = true
                i += 1
            case .userVariable(let name):
                source = .user(name)
                sawSessionItem = true
                i += 1
            case .string, .number:
                source = .literal(i)
                i += 1
            case .placeholder:
                source = .placeholder(placeholders)
                placeholders += 1
                i += 1
            case .symbol("-") where i + 1 < n && s.significant[i + 1].kind == .number:
                source = .literal(i)
                i += 2
            case .word:
                let word = s.keyword(i) ?? ""
                if word == "NULL" {
                    source = .literal(i)
                    i += 1
                } else if sessionFunctions.contains(word), s.isSymbol(i + 1, "("), s.isSymbol(i + 2, ")") {
                    source = .function(word)
                    sawSessionItem = true
                    i += 3
                } else if word == "CURRENT_USER" {
                    source = .function(word)
                    sawSessionItem = true
                    i += 1
                } else {
                    return nil
                }
            default:
                return nil
            }
            var name = s.text(from: itemStart, through: i - 1)
            if case .literal = source, case .string(let value, _, _) = s.significant[itemStart].kind {
                name = String(decoding: value, as: UTF8.self)
            }
            // [AS] alias
            if s.keyword(i) == "AS" {
                guard let alias = s.identifier(i + 1) else { return nil }
                name = alias
                i += 2
            } else if i < n, !s.isSymbol(i, ","), !clauseWords.contains(s.keyword(i) ?? ""), let alias = s.identifier(i) {
                name = alias
                i += 1
            }
            items.append(.init(source: source, name: name))
            if s.isSymbol(i, ",") { i += 1; continue }
            break
        }
        guard sawSessionItem, !items.isEmpty else { return nil }
        if s.keyword(i) == "FROM" {
            guard s.keyword(i + 1) == "DUAL" else { return nil }
            i += 2
        }
        var limit: Int?
        if s.keyword(i) == "LIMIT" {
            guard i + 1 < n, s.significant[i + 1].kind == .number, let value = Int(s.text(of: s.significant[i + 1])) else { return nil }
            limit = value
            i += 2
            if s.isSymbol(i, ","), i + 1 < n, let count = Int(s.text(of: s.significant[i + 1])) {
                // LIMIT offset, count
                limit = value > 0 ? 0 : count
                i += 2
            }
        }
        guard i == n else { return nil }
        return .selectSession(items, limit: limit)
    }

    // MARK: SHOW

    private static func parseShow(_ s: MySQLStatementText) -> MySQLSessionStatement? {
        var i = 1
        var full = false
        if s.keyword(i) == "FULL" { full = true; i += 1 }
        if ["GLOBAL", "SESSION", "LOCAL"].contains(s.keyword(i) ?? "") { i += 1 }
        switch s.keyword(i) {
        case "DATABASES", "SCHEMAS":
            guard !full, let filter = parseFilter(s, at: i + 1) else { return nil }
            return .showDatabases(filter.filter)
        case "TABLES":
            var database: String?
            var next = i + 1
            if s.keyword(next) == "FROM" || s.keyword(next) == "IN" {
                guard let name = s.identifier(next + 1) else { return nil }
                database = name
                next += 2
            }
            guard let filter = parseFilter(s, at: next) else { return nil }
            return .showTables(full: full, database: database, filter: filter.filter)
        case "VARIABLES":
            guard let filter = parseFilter(s, at: i + 1) else { return nil }
            return .showVariables(filter.filter)
        case "STATUS":
            guard let filter = parseFilter(s, at: i + 1) else { return nil }
            return .showStatus(filter.filter)
        case "WARNINGS", "ERRORS":
            return .showWarnings(countOnly: false, errorsOnly: s.keyword(i) == "ERRORS")
        case "COUNT":
            // SHOW COUNT(*) WARNINGS
            if s.isSymbol(i + 1, "("), s.isSymbol(i + 2, "*"), s.isSymbol(i + 3, ")"),
               let what = s.keyword(i + 4), what == "WARNINGS" || what == "ERRORS" {
                return .showWarnings(countOnly: true, errorsOnly: what == "ERRORS")
            }
        case "COLUMNS", "FIELDS":
            guard s.keyword(i + 1) == "FROM" || s.keyword(i + 1) == "IN",
                  let (table, qualifier, afterName) = qualifiedName(s, at: i + 2) else { return nil }
            var database = qualifier
            var next = afterName
            if s.keyword(next) == "FROM" || s.keyword(next) == "IN" {
                guard let name = s.identifier(next + 1) else { return nil }
                database = name
                next += 2
            }
            guard let filter = parseFilter(s, at: next) else { return nil }
            return .showColumns(full: full, table: table, database: database, filter: filter.filter)
        case "CREATE":
            guard s.keyword(i + 1) == "TABLE", let (table, database, next) = qualifiedName(s, at: i + 2),
                  next == s.significant.count else { return nil }
            return .showCreateTable(table: table, database: database)
        default:
            break
        }
        return nil
    }

    /// `[LIKE 'pattern' | WHERE col = 'value']` at `index` to the end; nil if something else follows.
    private static func parseFilter(_ s: MySQLStatementText, at index: Int) -> (filter: MySQLSessionStatement.Filter?, Void)? {
        let n = s.significant.count
        if index >= n { return (nil, ()) }
        if s.keyword(index) == "LIKE", let pattern = s.stringValue(index + 1), index + 2 == n { return (.like(pattern), ()) }
        if s.keyword(index) == "WHERE" {
            if index + 4 == n, s.identifier(index + 1) != nil, s.isSymbol(index + 2, "="), let value = s.stringValue(index + 3) {
                return (.equals(value), ())
            }
            if index + 4 == n, s.identifier(index + 1) != nil, s.keyword(index + 2) == "LIKE", let value = s.stringValue(index + 3) {
                return (.like(value), ())
            }
            return (.unsupportedWhere, ())
        }
        return nil
    }

    /// `name` or `db.name` at `index`: (table, database, index after the name).
    static func qualifiedName(_ s: MySQLStatementText, at index: Int) -> (String, String?, Int)? {
        guard let first = s.identifier(index) else { return nil }
        if case .string = s.significant[index].kind { return nil }
        if s.isSymbol(index + 1, "."), let second = s.identifier(index + 2) {
            return (second, first, index + 3)
        }
        return (first, nil, index + 1)
    }
}
