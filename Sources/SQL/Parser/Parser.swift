/// A recursive-descent parser for the MySQL statements Marmot understands.
///
/// Entry points are the static `parse` functions. Anything it does not understand fails
/// with a 1064 `SQLError` carrying the byte offset of the offending token and MySQL's
/// wording; statements MySQL has but we do not handle (LOAD DATA, CALL, ...) fail with
/// 1235. Nothing is passed through unparsed.
///
/// The instance holds the token array and a cursor; grammar rules live in extensions
/// (`Parser+Expressions`, `Parser+Select`, `Parser+DML`, `Parser+DDL`, `Parser+Session`).
public struct Parser {
    public struct Options: Hashable, Sendable {
        public var lexer: Lexer.Options
        /// sql_mode PIPES_AS_CONCAT: `||` concatenates instead of meaning OR.
        public var pipesAsConcat: Bool

        public init(lexer: Lexer.Options = .default, pipesAsConcat: Bool = false) {
            self.lexer = lexer
            self.pipesAsConcat = pipesAsConcat
        }

        /// Options implied by a session's sql_mode (`ANSI_QUOTES`, `PIPES_AS_CONCAT`,
        /// `NO_BACKSLASH_ESCAPES`; `ANSI` implies the first two).
        public init(sqlMode: String, serverVersion: Int = 80036) {
            let modes = Set(sqlMode.uppercased().split(separator: ",").map { $0.trimmingASCIIWhitespaceSub() })
            let ansi = modes.contains("ANSI")
            self.lexer = Lexer.Options(backslashEscapes: !modes.contains("NO_BACKSLASH_ESCAPES"),
                                       ansiQuotes: ansi || modes.contains("ANSI_QUOTES"),
                                       serverVersion: serverVersion)
            self.pipesAsConcat = ansi || modes.contains("PIPES_AS_CONCAT")
        }

        public static let `default` = Options()
    }

    let source: [UInt8]
    var tokens: [Token]
    var pos: Int = 0
    let options: Options
    /// Nesting depth of expressions and queries; bounded so hostile input (thousands of
    /// parentheses) fails with an error instead of exhausting the thread's stack.
    var depth = 0
    static let maxDepth = 200
    /// Operators chained along the current path (`a OR b OR c` is a left-deep tree whose
    /// depth every printer and destructor recurses through), bounded for the same reason.
    var chain = 0
    static let maxChain = 2000

    init(source: [UInt8], tokens: [Token], options: Options) {
        self.source = source
        self.tokens = tokens
        self.options = options
    }

    // MARK: entry points

    /// Parses exactly one statement (a trailing `;` is allowed).
    public static func parse(_ sql: String, options: Options = .default) throws(SQLError) -> ParsedStatement {
        let bytes = Array(sql.utf8)
        let script = try parseStatements(bytes, options: options)
        guard let first = script.first else { throw SQLError.emptyQuery }
        // A second statement where one was expected: point at it.
        if script.count > 1 { throw SQLError.syntax(in: bytes, at: script[1].offset) }
        return first.statement
    }

    /// Parses `;`-separated statements (COM_QUERY with CLIENT_MULTI_STATEMENTS, or a
    /// script); empty statements between semicolons are skipped.
    public static func parseScript(_ sql: String, options: Options = .default) throws(SQLError) -> [ParsedStatement] {
        let script = try parseStatements(Array(sql.utf8), options: options)
        if script.isEmpty { throw SQLError.emptyQuery }
        return script.map(\.statement)
    }

    private static func parseStatements(_ bytes: [UInt8], options: Options) throws(SQLError) -> [(statement: ParsedStatement, offset: Int)] {
        let all = try Lexer(options: options.lexer).tokenize(bytes: bytes)
        var result: [(statement: ParsedStatement, offset: Int)] = []
        var start = 0
        var depth = 0
        for (i, t) in all.enumerated() {
            if t.kind == .symbol {
                if t.text == "(" { depth += 1 } else if t.text == ")" { depth = max(0, depth - 1) }
            }
            let ends = t.kind == .endOfInput || (t.isSymbol(";") && depth == 0)
            guard ends else { continue }
            let slice = all[start..<i]
            start = i + 1
            let hints = slice.filter { $0.kind == .hint }.map(\.text)
            var body = slice.filter { $0.kind != .hint }
            guard let first = slice.first, !body.isEmpty else { continue }
            body.append(Token(kind: .endOfInput, text: "", offset: t.offset, length: 0))
            var parser = Parser(source: bytes, tokens: body, options: options)
            let statement = try parser.topLevelStatement()
            let text = String(decoding: bytes[first.offset..<t.offset], as: UTF8.self).trimmingASCIIWhitespace()
            let parameters = body.reduce(0) { $0 + ($1.kind == .placeholder ? 1 : 0) }
            result.append((ParsedStatement(statement: statement, hints: hints, parameterCount: parameters, text: text), first.offset))
        }
        return result
    }

    /// Parses a lone expression (tests, DEFAULT values read back from a catalog).
    public static func parseExpression(_ sql: String, options: Options = .default) throws(SQLError) -> Expr {
        let bytes = Array(sql.utf8)
        let tokens = try Lexer(options: options.lexer).tokenize(bytes: bytes).filter { $0.kind != .hint }
        var parser = Parser(source: bytes, tokens: tokens, options: options)
        let e = try parser.expression()
        guard parser.current.kind == .endOfInput else { throw parser.syntaxError() }
        return e
    }

    mutating func topLevelStatement() throws(SQLError) -> Statement {
        let statement = try statement()
        guard current.kind == .endOfInput else { throw syntaxError() }
        return statement
    }

    mutating func statement() throws(SQLError) -> Statement {
        let t = current
        if t.isSymbol("(") { return .select(try selectStatement()) }
        guard t.kind == .word else { throw syntaxError() }
        switch t.upper {
        case "SELECT", "WITH":
            return try withLedStatement()
        case "INSERT", "REPLACE": return .insert(try insertStatement())
        case "UPDATE": return .update(try updateStatement(with: nil))
        case "DELETE": return .delete(try deleteStatement(with: nil))
        case "CREATE": return try createStatement()
        case "ALTER": return try alterStatement()
        case "DROP": return try dropStatement()
        case "TRUNCATE": return try truncateStatement()
        case "RENAME": return try renameStatement()
        case "USE":
            advance()
            return .use(try identifier())
        case "SET": return try setStatement()
        case "SHOW": return try showStatement()
        case "DESCRIBE", "DESC", "EXPLAIN": return try describeStatement()
        case "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE":
            return .transaction(try transactionStatement())
        case "LOCK": return try lockTablesStatement()
        case "UNLOCK":
            advance()
            guard accept("TABLES") || accept("TABLE") else { throw syntaxError() }
            return .unlockTables
        case "XA": return .xa(try xaStatement())
        case "GRANT": return .account(try grantStatement())
        case "REVOKE": return .account(try revokeStatement())
        case "OPTIMIZE", "REPAIR", "ANALYZE", "CHECK", "CHECKSUM":
            return .tableMaintenance(try tableMaintenanceStatement())
        default:
            if Keywords.unsupportedStatements.contains(t.upper) { throw notSupported(t.upper) }
            throw syntaxError()
        }
    }

    /// SELECT, or `WITH ...` followed by SELECT, UPDATE or DELETE.
    private mutating func withLedStatement() throws(SQLError) -> Statement {
        guard at("WITH") else { return .select(try selectStatement()) }
        let save = pos
        let with = try withClause()
        if at("UPDATE") { return .update(try updateStatement(with: with)) }
        if at("DELETE") { return .delete(try deleteStatement(with: with)) }
        pos = save
        return .select(try selectStatement())
    }

    // MARK: cursor

    var current: Token { tokens[pos] }

    func peek(_ n: Int = 1) -> Token { tokens[min(pos + n, tokens.count - 1)] }

    /// The token before the cursor (for source-text spans).
    var previous: Token { tokens[max(0, pos - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func at(_ word: String) -> Bool { current.isWord(word) }

    /// True when the next tokens are exactly these words.
    func at(_ first: String, _ rest: String...) -> Bool {
        guard current.isWord(first) else { return false }
        for (i, w) in rest.enumerated() where !peek(i + 1).isWord(w) { return false }
        return true
    }

    func atSymbol(_ s: String) -> Bool { current.isSymbol(s) }

    mutating func accept(_ word: String) -> Bool {
        guard current.isWord(word) else { return false }
        advance()
        return true
    }

    /// Accepts a sequence of words only if all of them are next.
    mutating func accept(_ first: String, _ rest: String...) -> Bool {
        guard current.isWord(first) else { return false }
        for (i, w) in rest.enumerated() where !peek(i + 1).isWord(w) { return false }
        for _ in 0...rest.count { advance() }
        return true
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        guard current.isSymbol(s) else { return false }
        advance()
        return true
    }

    mutating func expect(_ word: String) throws(SQLError) {
        guard accept(word) else { throw syntaxError() }
    }

    mutating func expectSymbol(_ s: String) throws(SQLError) {
        guard acceptSymbol(s) else { throw syntaxError() }
    }

    /// Enters one nesting level; throws when the statement nests too deeply.
    mutating func descend() throws(SQLError) {
        depth += 1
        if depth > Self.maxDepth { throw syntaxError() }
    }

    /// Counts one more chained operator for the calling rule (which gives its `levels`
    /// back when it returns).
    mutating func extendChain(_ levels: inout Int) throws(SQLError) {
        levels += 1
        chain += 1
        if chain > Self.maxChain { throw syntaxError() }
    }

    /// A 1235 error for valid MySQL we do not handle, pointing at the current token.
    func notSupported(_ what: String) -> SQLError {
        var error = SQLError.notSupported(what)
        let located = SQLError.syntax(in: source, at: current.offset)
        error.offset = located.offset
        error.line = located.line
        return error
    }

    /// A 1064 error at the current token (or at `token`).
    func syntaxError(at token: Token? = nil) -> SQLError {
        SQLError.syntax(in: source, at: (token ?? current).offset)
    }

    /// The source text from byte `start` to the end of the previous token.
    func sourceText(from start: Int) -> String {
        let end = max(start, previous.offset + previous.length)
        return String(decoding: source[start..<min(end, source.count)], as: UTF8.self)
    }

    // MARK: names

    /// True when the current token can be an identifier (quoted, or a non-reserved word).
    var atIdentifier: Bool {
        let t = current
        return t.kind == .quotedIdentifier || (t.kind == .word && !Keywords.reserved.contains(t.upper))
    }

    mutating func identifier() throws(SQLError) -> String {
        guard atIdentifier else { throw syntaxError() }
        return advance().text
    }

    /// After a `.` any word is an identifier, reserved or not (`t.order`).
    mutating func identifierAfterDot() throws(SQLError) -> String {
        let t = current
        guard t.kind == .quotedIdentifier || t.kind == .word else { throw syntaxError() }
        advance()
        return t.text
    }

    /// An identifier or a string literal (aliases, charset names, user names).
    mutating func identifierOrString() throws(SQLError) -> String {
        if current.kind == .string { return advance().text }
        return try identifier()
    }

    /// Names where MySQL accepts any word, even reserved ones (charset, collation, engine).
    mutating func anyName() throws(SQLError) -> String {
        let t = current
        guard t.kind == .word || t.kind == .quotedIdentifier || t.kind == .string else { throw syntaxError() }
        advance()
        return t.text
    }

    /// `name` or `db.name`.
    mutating func tableName() throws(SQLError) -> TableName {
        let first = try identifier()
        if atSymbol(".") {
            advance()
            return TableName(database: first, name: try identifierAfterDot())
        }
        return TableName(name: first)
    }

    mutating func tableNameList() throws(SQLError) -> [TableName] {
        var names = [try tableName()]
        while acceptSymbol(",") { names.append(try tableName()) }
        return names
    }

    /// `(a, b, c)`.
    mutating func parenthesizedIdentifiers(allowEmpty: Bool = false) throws(SQLError) -> [String] {
        try expectSymbol("(")
        var names: [String] = []
        if allowEmpty && acceptSymbol(")") { return names }
        repeat { names.append(try identifier()) } while acceptSymbol(",")
        try expectSymbol(")")
        return names
    }

    /// `[AS] alias`; strings are allowed for column aliases (`AS 'rows'`).
    mutating func optionalAlias(allowString: Bool) throws(SQLError) -> String? {
        if accept("AS") {
            if allowString && current.kind == .string { return advance().text }
            return try identifier()
        }
        if atIdentifier { return advance().text }
        if allowString && current.kind == .string { return advance().text }
        return nil
    }

    /// A non-negative integer literal (lengths, counts).
    mutating func integerLiteral() throws(SQLError) -> Int {
        guard current.kind == .integer, let v = Int(current.text) else { throw syntaxError() }
        advance()
        return v
    }

    /// A string literal's value.
    mutating func stringLiteral() throws(SQLError) -> String {
        guard current.kind == .string else { throw syntaxError() }
        var s = advance().text
        while current.kind == .string { s += advance().text }
        return s
    }

    /// `=` is optional in `ENGINE = InnoDB`, `AUTO_INCREMENT 5` and the like.
    mutating func optionalEquals() {
        _ = acceptSymbol("=")
    }
}

extension Substring {
    func trimmingASCIIWhitespaceSub() -> String { String(self).trimmingASCIIWhitespace() }
}
