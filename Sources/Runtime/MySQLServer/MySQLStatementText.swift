/// One statement of a COM_QUERY (or a prepared statement): its tokens over the query's
/// bytes, plus the helpers the session's recognisers use.
struct MySQLStatementText: Sendable {
    /// The bytes of the whole query the statement came from.
    let source: [UInt8]
    /// Every token of this statement, comments included, without the terminating `;`.
    let tokens: [MySQLToken]
    /// The tokens that carry meaning (no comments or versioned-comment markers).
    let significant: [MySQLToken]

    init(source: [UInt8], tokens: [MySQLToken]) {
        self.source = source
        self.tokens = tokens
        self.significant = tokens.filter(\.isSignificant)
    }

    init(_ sql: String, backslashEscapes: Bool = true) {
        let bytes = Array(sql.utf8)
        self.init(source: bytes, tokens: MySQLLexer(bytes, backslashEscapes: backslashEscapes).tokenize())
    }

    /// Splits a query at top-level semicolons; empty statements are dropped.
    static func split(_ sql: String, backslashEscapes: Bool = true) -> [MySQLStatementText] {
        let bytes = Array(sql.utf8)
        let tokens = MySQLLexer(bytes, backslashEscapes: backslashEscapes).tokenize()
        var statements: [MySQLStatementText] = []
        var current: [MySQLToken] = []
        func flush() {
            let statement = MySQLStatementText(source: bytes, tokens: current)
            if !statement.significant.isEmpty { statements.append(statement) }
            current = []
        }
        for token in tokens {
            if token.isSymbol(";") { flush() } else { current.append(token) }
        }
        flush()
        return statements
    }

    var isEmpty: Bool { significant.isEmpty }

    /// The statement as written, from its first to its last token (comments included).
    var text: String {
        guard let first = tokens.first, let last = tokens.last else { return "" }
        return String(decoding: source[first.start..<last.end], as: UTF8.self)
    }

    /// Source text of a token.
    func text(of token: MySQLToken) -> String { String(decoding: source[token.start..<token.end], as: UTF8.self) }

    /// Source text from the start of `first` to the end of `last` (significant indices).
    func text(from first: Int, through last: Int) -> String {
        guard first <= last, first >= 0, last < significant.count else { return "" }
        return String(decoding: source[significant[first].start..<significant[last].end], as: UTF8.self)
    }

    /// The significant token at `index` as an upper-cased keyword, if it is a plain word.
    func keyword(_ index: Int) -> String? {
        guard index >= 0, index < significant.count, case .word = significant[index].kind else { return nil }
        return text(of: significant[index]).uppercased()
    }

    /// An identifier at `index`: a plain word or a backquoted name (or a string, which MySQL
    /// also accepts in several places). Names keep their case.
    func identifier(_ index: Int) -> String? {
        guard index >= 0, index < significant.count else { return nil }
        let token = significant[index]
        switch token.kind {
        case .word: return text(of: token)
        case .quotedIdentifier(let name): return name
        case .string(let value, _, _): return String(decoding: value, as: UTF8.self)
        default: return nil
        }
    }

    /// A string literal's value at `index`.
    func stringValue(_ index: Int) -> String? {
        guard index >= 0, index < significant.count, case .string(let value, _, _) = significant[index].kind else { return nil }
        return String(decoding: value, as: UTF8.self)
    }

    func isSymbol(_ index: Int, _ symbol: String) -> Bool {
        index >= 0 && index < significant.count && significant[index].isSymbol(symbol)
    }

    /// Whether the significant tokens from `index` on are exactly these keywords.
    func keywords(at index: Int, _ words: String...) -> Bool {
        for (k, word) in words.enumerated() where keyword(index + k) != word { return false }
        return true
    }

    /// Number of `?` placeholders.
    var placeholderCount: Int {
        significant.reduce(0) { count, token in
            if case .placeholder = token.kind { return count + 1 }
            return count
        }
    }

    /// The consistency named by an optimizer hint `/*+ CONSISTENCY(ALL) */` (ONE, QUORUM, ALL).
    var consistencyHint: String? {
        for token in tokens {
            guard case .comment(hint: true) = token.kind else { continue }
            let body = text(of: token).uppercased()
            guard let open = body.range(of: "CONSISTENCY") else { continue }
            var rest = body[open.upperBound...].drop { $0 == " " || $0 == "(" || $0 == "=" || $0 == "'" || $0 == "\"" }
            rest = rest.prefix { $0.isLetter || $0 == "_" }
            if !rest.isEmpty { return String(rest) }
        }
        return nil
    }
}
