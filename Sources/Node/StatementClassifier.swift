/// What kind of statement a client sent, decided from its leading keywords. The MySQL
/// dialect layer (the SQL target) will hand the node parsed statements instead; until then
/// statements are SQLite SQL and this is enough to route them.
enum StatementKind: Equatable, Sendable {
    case read
    case write
    case schema
    case createDatabase(name: String, ifNotExists: Bool)
    case dropDatabase(name: String, ifExists: Bool)
    case transaction(TransactionControl)
    case show(ShowKind)
    case unsupported(String)
}

enum TransactionControl: Equatable, Sendable {
    case begin, commit, rollback
    case savepoint(String), rollbackTo(String), release(String)
}

enum ShowKind: Equatable, Sendable {
    case databases, tables
}

enum StatementClassifier {
    static func classify(_ sql: String) -> StatementKind {
        let words = leadingWords(sql, count: 6)
        guard let first = words.first else { return .unsupported("empty statement") }
        switch first {
        case "SELECT", "WITH", "VALUES", "EXPLAIN", "PRAGMA":
            return .read
        case "INSERT", "UPDATE", "DELETE", "REPLACE":
            return .write
        case "CREATE", "DROP":
            if words.count > 1 && (words[1] == "DATABASE" || words[1] == "SCHEMA") {
                let ifClause = words.count > 3 && words[2] == "IF"
                let nameIndex = ifClause ? (first == "CREATE" ? 5 : 4) : 2
                let name = identifier(in: sql, wordIndex: nameIndex) ?? ""
                return first == "CREATE" ? .createDatabase(name: name, ifNotExists: ifClause) : .dropDatabase(name: name, ifExists: ifClause)
            }
            return .schema
        case "ALTER":
            return .schema
        case "BEGIN", "START", "END":
            if first == "START" && (words.count < 2 || words[1] != "TRANSACTION") { return .unsupported(first) }
            return first == "END" ? .transaction(.commit) : .transaction(.begin)
        case "COMMIT":
            return .transaction(.commit)
        case "ROLLBACK":
            // ROLLBACK [WORK] TO [SAVEPOINT] name
            let rest = words.dropFirst().filter { $0 != "WORK" && $0 != "TRANSACTION" }
            if rest.first == "TO" {
                let name = rest.dropFirst().first == "SAVEPOINT" ? rest.dropFirst(2).first : rest.dropFirst().first
                return .transaction(.rollbackTo(name ?? ""))
            }
            return .transaction(.rollback)
        case "SAVEPOINT":
            return .transaction(.savepoint(words.count > 1 ? words[1] : ""))
        case "RELEASE":
            let name = words.count > 2 && words[1] == "SAVEPOINT" ? words[2] : (words.count > 1 ? words[1] : "")
            return .transaction(.release(name))
        case "SHOW":
            if words.count > 1 && (words[1] == "DATABASES" || words[1] == "SCHEMAS") { return .show(.databases) }
            if words.count > 1 && words[1] == "TABLES" { return .show(.tables) }
            return .unsupported("SHOW")
        default:
            return .unsupported(first)
        }
    }

    /// DDL replays safely on every node: CREATE gains IF NOT EXISTS, DROP gains IF EXISTS.
    static func idempotent(_ sql: String) -> String {
        let words = leadingWords(sql, count: 4)
        guard words.count >= 2 else { return sql }
        let objects: Set<String> = ["TABLE", "INDEX", "VIEW", "TRIGGER"]
        var objectIndex = 1
        if words[0] == "CREATE" && (words[1] == "UNIQUE" || words[1] == "TEMP" || words[1] == "TEMPORARY") { objectIndex = 2 }
        guard words.count > objectIndex, objects.contains(words[objectIndex]) else { return sql }
        if words.count > objectIndex + 1 && words[objectIndex + 1] == "IF" { return sql }
        guard let range = rangeAfterWord(sql, wordIndex: objectIndex) else { return sql }
        switch words[0] {
        case "CREATE": return sql.replacingCharacters(in: range, with: " IF NOT EXISTS")
        case "DROP": return sql.replacingCharacters(in: range, with: " IF EXISTS")
        default: return sql
        }
    }

    /// Upper-cased leading words, skipping whitespace and comments.
    static func leadingWords(_ sql: String, count: Int) -> [String] {
        var words: [String] = []
        var i = sql.startIndex
        while i < sql.endIndex && words.count < count {
            let c = sql[i]
            if c.isWhitespace || c == ";" || c == "(" || c == ")" || c == "," { i = sql.index(after: i); continue }
            if sql[i...].hasPrefix("--") || c == "#" {
                while i < sql.endIndex && sql[i] != "\n" { i = sql.index(after: i) }
                continue
            }
            if sql[i...].hasPrefix("/*") {
                if let end = sql[i...].range(of: "*/") { i = end.upperBound } else { i = sql.endIndex }
                continue
            }
            var j = i
            while j < sql.endIndex, !(sql[j].isWhitespace || sql[j] == ";" || sql[j] == "(" || sql[j] == ")" || sql[j] == ",") {
                j = sql.index(after: j)
            }
            words.append(String(sql[i..<j]).uppercased())
            i = j
        }
        return words
    }

    private static func identifier(in sql: String, wordIndex: Int) -> String? {
        let words = rawWords(sql, count: wordIndex + 1)
        guard words.count > wordIndex else { return nil }
        return words[wordIndex].trimmingCharacters(in: Set("`\"'[]"))
    }

    private static func rawWords(_ sql: String, count: Int) -> [String] {
        sql.split(whereSeparator: { $0.isWhitespace || $0 == ";" }).prefix(count).map(String.init)
    }

    /// The empty range right after the `wordIndex`-th word, where a clause can be inserted.
    private static func rangeAfterWord(_ sql: String, wordIndex: Int) -> Range<String.Index>? {
        var seen = -1
        var i = sql.startIndex
        while i < sql.endIndex {
            if sql[i].isWhitespace { i = sql.index(after: i); continue }
            var j = i
            while j < sql.endIndex && !sql[j].isWhitespace && sql[j] != "(" { j = sql.index(after: j) }
            seen += 1
            if seen == wordIndex { return j..<j }
            i = j == i ? sql.index(after: i) : j
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
