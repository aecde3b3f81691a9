/// A small MySQL tokenizer: enough to split a COM_QUERY at top-level `;`, count and replace
/// `?` placeholders, find hints, and recognise the statements a session answers itself.
/// It never fails: unterminated strings and comments run to the end of the text (the node
/// reports the syntax error).
struct MySQLLexer {
    let bytes: [UInt8]
    /// MySQL's default; off under sql_mode NO_BACKSLASH_ESCAPES.
    let backslashEscapes: Bool

    init(_ bytes: [UInt8], backslashEscapes: Bool = true) {
        self.bytes = bytes
        self.backslashEscapes = backslashEscapes
    }

    static func tokenize(_ text: String, backslashEscapes: Bool = true) -> [MySQLToken] {
        MySQLLexer(Array(text.utf8), backslashEscapes: backslashEscapes).tokenize()
    }

    func tokenize() -> [MySQLToken] {
        var tokens: [MySQLToken] = []
        var i = 0
        var inVersionedComment = false
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            let start = i
            if Self.isSpace(c) { i += 1; continue }
            func next(_ k: Int) -> UInt8? { i + k < n ? bytes[i + k] : nil }
            func push(_ kind: MySQLToken.Kind) { tokens.append(MySQLToken(kind: kind, start: start, end: i)) }

            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                let (value, rewrite) = scanString(from: &i, quote: c)
                push(.string(value: value, doubleQuoted: c == UInt8(ascii: "\""), needsRewrite: rewrite || c == UInt8(ascii: "\"")))
            case UInt8(ascii: "`"):
                i += 1
                var name: [UInt8] = []
                while i < n {
                    if bytes[i] == UInt8(ascii: "`") {
                        if next(1) == UInt8(ascii: "`") { name.append(UInt8(ascii: "`")); i += 2; continue }
                        i += 1
                        break
                    }
                    name.append(bytes[i])
                    i += 1
                }
                push(.quotedIdentifier(String(decoding: name, as: UTF8.self)))
            case UInt8(ascii: "#"):
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                push(.hashComment)
            case UInt8(ascii: "-") where next(1) == UInt8(ascii: "-") && (next(2).map { Self.isSpace($0) || $0 < 0x20 } ?? true):
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                push(.comment(hint: false))
            case UInt8(ascii: "/") where next(1) == UInt8(ascii: "*"):
                if next(2) == UInt8(ascii: "!") || (next(2) == UInt8(ascii: "M") && next(3) == UInt8(ascii: "!")) {
                    i += next(2) == UInt8(ascii: "!") ? 3 : 4
                    while i < n && Self.isDigit(bytes[i]) { i += 1 }
                    inVersionedComment = true
                    push(.versionedCommentStart)
                    continue
                }
                let hint = next(2) == UInt8(ascii: "+")
                i += 2
                while i < n && !(bytes[i] == UInt8(ascii: "*") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i = min(n, i + 2)
                push(.comment(hint: hint))
            case UInt8(ascii: "*") where inVersionedComment && next(1) == UInt8(ascii: "/"):
                i += 2
                inVersionedComment = false
                push(.versionedCommentEnd)
            case UInt8(ascii: "?"):
                i += 1
                push(.placeholder)
            case UInt8(ascii: "@"):
                if next(1) == UInt8(ascii: "@") {
                    i += 2
                    var parts: [String] = []
                    while true {
                        parts.append(scanVariableName(from: &i))
                        if i < n && bytes[i] == UInt8(ascii: "."), i + 1 < n, Self.isIdentifier(bytes[i + 1]) || bytes[i + 1] == UInt8(ascii: "`") {
                            i += 1
                            continue
                        }
                        break
                    }
                    let scopes: Set<String> = ["global", "session", "local", "persist", "persist_only"]
                    if parts.count >= 2, scopes.contains(parts[0]) {
                        push(.systemVariable(scope: parts[0] == "local" ? "session" : parts[0], name: parts.dropFirst().joined(separator: ".")))
                    } else {
                        push(.systemVariable(scope: nil, name: parts.joined(separator: ".")))
                    }
                } else {
                    i += 1
                    push(.userVariable(scanVariableName(from: &i)))
                }
            case UInt8(ascii: "0") where (next(1) == UInt8(ascii: "x") || next(1) == UInt8(ascii: "b")) && next(2).map(Self.isHexDigit) == true:
                i += 2
                while i < n && Self.isIdentifier(bytes[i]) { i += 1 }
                push(.bitOrHexLiteral)
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "b"), UInt8(ascii: "B"):
                if next(1) == UInt8(ascii: "'") {
                    i += 2
                    while i < n && bytes[i] != UInt8(ascii: "'") { i += 1 }
                    i = min(n, i + 1)
                    push(.bitOrHexLiteral)
                } else {
                    scanWord(from: &i)
                    push(.word)
                }
            default:
                if Self.isDigit(c) || (c == UInt8(ascii: ".") && next(1).map(Self.isDigit) == true && !Self.endsIdentifier(tokens.last)) {
                    scanNumber(from: &i)
                    if i < n && Self.isIdentifier(bytes[i]) && !Self.isDigit(bytes[i]) {
                        // 1abc is an identifier in MySQL.
                        scanWord(from: &i)
                        push(.word)
                    } else {
                        push(.number)
                    }
                } else if Self.isIdentifier(c) {
                    scanWord(from: &i)
                    push(.word)
                } else {
                    let pairs: Set<String> = [":=", "<=", ">=", "<>", "!=", "||", "&&", "<<", ">>", "->", "<=>"]
                    if i + 2 < n, String(decoding: bytes[i..<(i + 3)], as: UTF8.self) == "<=>" {
                        i += 3
                    } else if i + 1 < n, pairs.contains(String(decoding: bytes[i..<(i + 2)], as: UTF8.self)) {
                        i += 2
                    } else {
                        i += 1
                    }
                    push(.symbol(String(decoding: bytes[start..<i], as: UTF8.self)))
                }
            }
        }
        return tokens
    }

    // MARK: Pieces

    /// Reads a quoted string starting at its opening quote; returns the unescaped bytes and
    /// whether a backslash escape occurred.
    private func scanString(from i: inout Int, quote: UInt8) -> ([UInt8], Bool) {
        let n = bytes.count
        i += 1
        // Fast path: no escape and no doubled quote, the value is a plain slice.
        let start = i
        var j = i
        while j < n && bytes[j] != quote && !(bytes[j] == UInt8(ascii: "\\") && backslashEscapes) { j += 1 }
        if j >= n || (bytes[j] == quote && !(j + 1 < n && bytes[j + 1] == quote)) {
            i = min(n, j + 1)
            return (Array(bytes[start..<min(j, n)]), false)
        }
        var value = Array(bytes[start..<j])
        var escaped = false
        i = j
        while i < n {
            let c = bytes[i]
            if c == quote {
                if i + 1 < n && bytes[i + 1] == quote { value.append(quote); i += 2; continue }
                i += 1
                return (value, escaped)
            }
            if c == UInt8(ascii: "\\") && backslashEscapes && i + 1 < n {
                escaped = true
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "0"): value.append(0)
                case UInt8(ascii: "b"): value.append(8)
                case UInt8(ascii: "n"): value.append(10)
                case UInt8(ascii: "r"): value.append(13)
                case UInt8(ascii: "t"): value.append(9)
                case UInt8(ascii: "Z"): value.append(26)
                // \% and \_ keep their backslash: they matter to LIKE.
                case UInt8(ascii: "%"), UInt8(ascii: "_"): value.append(UInt8(ascii: "\\")); value.append(e)
                default: value.append(e)
                }
                i += 2
                continue
            }
            value.append(c)
            i += 1
        }
        return (value, escaped)
    }

    private func scanVariableName(from i: inout Int) -> String {
        let n = bytes.count
        guard i < n else { return "" }
        let q = bytes[i]
        if q == UInt8(ascii: "`") || q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") {
            i += 1
            let s = i
            while i < n && bytes[i] != q { i += 1 }
            let name = String(decoding: bytes[s..<i], as: UTF8.self)
            i = min(n, i + 1)
            return name.lowercased()
        }
        let s = i
        while i < n && Self.isIdentifier(bytes[i]) { i += 1 }
        return String(decoding: bytes[s..<i], as: UTF8.self).lowercased()
    }

    private func scanWord(from i: inout Int) {
        while i < bytes.count && Self.isIdentifier(bytes[i]) { i += 1 }
    }

    private func scanNumber(from i: inout Int) {
        let n = bytes.count
        while i < n && Self.isDigit(bytes[i]) { i += 1 }
        if i < n && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n && Self.isDigit(bytes[i]) { i += 1 }
        }
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            var j = i + 1
            if j < n && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) { j += 1 }
            if j < n && Self.isDigit(bytes[j]) {
                i = j
                while i < n && Self.isDigit(bytes[i]) { i += 1 }
            }
        }
    }

    private static func endsIdentifier(_ token: MySQLToken?) -> Bool {
        guard let token else { return false }
        switch token.kind {
        case .word, .quotedIdentifier: return true
        default: return false
        }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66) }
    static func isIdentifier(_ c: UInt8) -> Bool {
        isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "_") || c == UInt8(ascii: "$") || c >= 0x80
    }
}
