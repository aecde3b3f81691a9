/// One lexical token of a MySQL statement and where it sits in the statement's UTF-8 bytes.
struct MySQLToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// An unquoted identifier or keyword.
        case word
        /// A `backquoted` identifier, unescaped.
        case quotedIdentifier(String)
        /// A '...' or "..." string, its bytes unescaped the MySQL way. `needsRewrite`: the
        /// source used a backslash escape or double quotes (SQLite reads either differently).
        case string(value: [UInt8], doubleQuoted: Bool, needsRewrite: Bool)
        case number
        /// X'..', 0x.., B'..', 0b..: passed through as written.
        case bitOrHexLiteral
        /// `@name` (user variable), name lowercased.
        case userVariable(String)
        /// `@@[global.|session.|local.]name`, scope and name lowercased.
        case systemVariable(scope: String?, name: String)
        /// `?`
        case placeholder
        /// `/* ... */` or `-- ...`; `hint`: an optimizer hint `/*+ ... */`.
        case comment(hint: Bool)
        /// `# ...` to the end of the line (MySQL only; SQLite does not know it).
        case hashComment
        /// `/*!40101` or `/*M!100101`: what follows runs as SQL until the matching `*/`.
        case versionedCommentStart
        case versionedCommentEnd
        /// Any other character, or a two-character operator (`:=`, `<=`, `<>`, `!=`, `||`, ...).
        case symbol(String)
    }

    var kind: Kind
    /// Byte offsets into the source.
    var start: Int
    var end: Int

    /// Whether the token carries meaning (not a comment or a versioned-comment marker).
    var isSignificant: Bool {
        switch kind {
        case .comment, .hashComment, .versionedCommentStart, .versionedCommentEnd: return false
        default: return true
        }
    }

    func isSymbol(_ text: String) -> Bool {
        if case .symbol(let s) = kind { return s == text }
        return false
    }
}
