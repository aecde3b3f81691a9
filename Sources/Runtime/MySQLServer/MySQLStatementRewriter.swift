import MySQLWire

/// Produces the text a statement is sent to the node with: `?` replaced by the bound
/// parameters, `@user` variables and known `@@system` variables by their values, and (for
/// a SQLite node) MySQL's lexical forms turned into SQLite's. Statements that need none of
/// it go out byte for byte as the client wrote them.
struct MySQLStatementRewriter {
    var dialect: MySQLStatementDialect
    var backslashEscapes: Bool
    /// Literal text for each `?`, in order; nil leaves placeholders alone.
    var parameters: [String]?
    var userVariable: (String) -> MySQLValue?
    var systemVariable: (_ scope: String?, _ name: String) -> MySQLValue?

    func rewrite(_ statement: MySQLStatementText) -> String {
        let tokens = statement.tokens
        guard let first = tokens.first, let last = tokens.last else { return "" }
        let source = statement.source
        var out: [UInt8] = []
        var copied = first.start
        var changed = false
        var parameterIndex = 0

        func replace(_ index: Int, with text: String) {
            let token = tokens[index]
            out.append(contentsOf: source[copied..<token.start])
            out.append(contentsOf: text.utf8)
            copied = token.end
            changed = true
        }
        func literal(_ value: MySQLValue) -> String {
            MySQLLiteral.sql(value, dialect: dialect, backslashEscapes: backslashEscapes)
        }
        func nextSignificant(after index: Int) -> MySQLToken? {
            tokens[(index + 1)...].first(where: \.isSignificant)
        }

        for index in tokens.indices {
            let token = tokens[index]
            switch token.kind {
            case .placeholder:
                if let parameters, parameterIndex < parameters.count {
                    replace(index, with: parameters[parameterIndex])
                }
                parameterIndex += 1
            case .userVariable(let name):
                // `@v := expr` assigns; leave it to the node.
                if nextSignificant(after: index)?.isSymbol(":=") == true { continue }
                replace(index, with: literal(userVariable(name) ?? .null))
            case .systemVariable(let scope, let name):
                if let value = systemVariable(scope, name) { replace(index, with: literal(value)) }
            case .string(let value, _, let needsRewrite):
                let introducer = index > 0 ? introducerWord(tokens[index - 1], before: token, in: statement) : nil
                if dialect == .sqlite, let introducer {
                    // Drop the introducer; a binary one makes the literal a blob.
                    out.append(contentsOf: source[copied..<tokens[index - 1].start])
                    copied = tokens[index - 1].end
                    changed = true
                    if introducer == "_BINARY" {
                        replace(index, with: MySQLLiteral.hex(value))
                        continue
                    }
                    replace(index, with: MySQLLiteral.string(value, dialect: .sqlite, backslashEscapes: false))
                } else if dialect == .sqlite && needsRewrite {
                    replace(index, with: MySQLLiteral.string(value, dialect: .sqlite, backslashEscapes: false))
                }
            case .hashComment, .versionedCommentStart, .versionedCommentEnd:
                if dialect == .sqlite { replace(index, with: " ") }
            default:
                continue
            }
        }
        guard changed else { return String(decoding: source[first.start..<last.end], as: UTF8.self) }
        out.append(contentsOf: source[copied..<last.end])
        return String(decoding: out, as: UTF8.self)
    }

    /// `_binary`, `_utf8mb4`, `N` ... directly before a string literal.
    private func introducerWord(_ token: MySQLToken, before string: MySQLToken, in statement: MySQLStatementText) -> String? {
        guard case .word = token.kind else { return nil }
        let word = statement.text(of: token).uppercased()
        if word == "N" { return token.end == string.start ? word : nil }
        if word == "_BINARY" { return word }
        let charsets: Set<String> = ["_UTF8", "_UTF8MB4", "_UTF8MB3", "_LATIN1", "_ASCII", "_UCS2", "_UTF16", "_UTF32"]
        return charsets.contains(word) ? word : nil
    }
}
