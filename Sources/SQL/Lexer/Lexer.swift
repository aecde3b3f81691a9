/// Turns MySQL statement text into tokens, working on UTF-8 bytes so every token can
/// carry its byte offset (error messages and statement splitting need it).
///
/// What MySQL does that a generic SQL lexer does not:
/// - backtick identifiers with doubled-backtick escapes;
/// - `'...'` and `"..."` strings with backslash escapes (`\%` and `\_` keep their
///   backslash so LIKE patterns still see an escaped wildcard) and doubled quotes;
/// - `#` and `-- ` (dash dash *space*) line comments; `--x` is two minus signs;
/// - `/*! ... */` and `/*!80000 ... */` are executable comments: their body is lexed as
///   code (when the version is not newer than ours); `/*+ ... */` optimizer hints are kept
///   as `.hint` tokens because the daemon reads `/*+ CONSISTENCY(ALL) */`;
/// - identifiers may start with a digit (`1st_table`) as long as they are not a number;
/// - `X'..'`, `0x..`, `b'..'`, `0b..` literals; `?` placeholders numbered in order;
///   `@var`, `@'var'`, `@@var`, `@@session.var`.
public struct Lexer: Sendable {
    public struct Options: Hashable, Sendable {
        /// False under sql_mode NO_BACKSLASH_ESCAPES: a backslash is an ordinary character.
        public var backslashEscapes: Bool
        /// True under sql_mode ANSI_QUOTES: `"..."` is an identifier, not a string.
        public var ansiQuotes: Bool
        /// Version compared against `/*!NNNNN ... */` comments (8.0.36 → 80036).
        public var serverVersion: Int

        public init(backslashEscapes: Bool = true, ansiQuotes: Bool = false, serverVersion: Int = 80036) {
            self.backslashEscapes = backslashEscapes
            self.ansiQuotes = ansiQuotes
            self.serverVersion = serverVersion
        }

        public static let `default` = Options()
    }

    public let options: Options

    public init(options: Options = .default) {
        self.options = options
    }

    /// Tokenizes `sql`; the last token is always `.endOfInput` at the end offset.
    public func tokenize(_ sql: String) throws(SQLError) -> [Token] {
        try tokenize(bytes: Array(sql.utf8))
    }

    public func tokenize(bytes b: [UInt8]) throws(SQLError) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(b.count / 4 + 4)
        let n = b.count
        var i = 0
        var executableDepth = 0
        var placeholders = 0

        func text(_ start: Int, _ end: Int) -> String { String(decoding: b[start..<end], as: UTF8.self) }

        while i < n {
            let c = b[i]
            // Whitespace (ASCII; MySQL treats other bytes as identifier characters).
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C {
                i += 1
                continue
            }
            // `#` comment.
            if c == UInt8(ascii: "#") {
                while i < n && b[i] != 0x0A { i += 1 }
                continue
            }
            // `-- ` comment: the second dash must be followed by whitespace, a control
            // character or the end.
            if c == UInt8(ascii: "-") && i + 1 < n && b[i + 1] == UInt8(ascii: "-") && (i + 2 == n || b[i + 2] <= 0x20) {
                while i < n && b[i] != 0x0A { i += 1 }
                continue
            }
            if c == UInt8(ascii: "/") && i + 1 < n && b[i + 1] == UInt8(ascii: "*") {
                let start = i
                if i + 2 < n && b[i + 2] == UInt8(ascii: "+") {
                    guard let end = Self.findCommentEnd(b, from: i + 3) else { throw SQLError.syntax(in: b, at: start) }
                    let body = text(i + 3, end).trimmingASCIIWhitespace()
                    tokens.append(Token(kind: .hint, text: body, offset: start, length: end + 2 - start))
                    i = end + 2
                    continue
                }
                if i + 2 < n && b[i + 2] == UInt8(ascii: "!") {
                    var j = i + 3
                    var digits = 0
                    var version = 0
                    while j < n && digits < 6 && Self.isDigit(b[j]) {
                        version = version * 10 + Int(b[j] - 0x30)
                        digits += 1
                        j += 1
                    }
                    if digits == 5 || digits == 6 {
                        if version > options.serverVersion {
                            // A newer server's code: MySQL skips it like a comment.
                            guard let end = Self.findCommentEnd(b, from: j) else { throw SQLError.syntax(in: b, at: start) }
                            i = end + 2
                            continue
                        }
                    } else {
                        j = i + 3
                    }
                    executableDepth += 1
                    i = j
                    continue
                }
                // Ordinary comment (MariaDB's `/*M!...*/` is one for MySQL too).
                guard let end = Self.findCommentEnd(b, from: i + 2) else { throw SQLError.syntax(in: b, at: start) }
                i = end + 2
                continue
            }
            if executableDepth > 0 && c == UInt8(ascii: "*") && i + 1 < n && b[i + 1] == UInt8(ascii: "/") {
                executableDepth -= 1
                i += 2
                continue
            }
            let start = i
            switch c {
            case UInt8(ascii: "`"):
                let (value, end) = try quoted(b, from: i, quote: c, escapes: false)
                tokens.append(Token(kind: .quotedIdentifier, text: value, offset: start, length: end - start))
                i = end
                continue
            case UInt8(ascii: "'"):
                let (value, end) = try quoted(b, from: i, quote: c, escapes: options.backslashEscapes)
                tokens.append(Token(kind: .string, text: value, offset: start, length: end - start))
                i = end
                continue
            case UInt8(ascii: "\""):
                let identifier = options.ansiQuotes
                let (value, end) = try quoted(b, from: i, quote: c, escapes: !identifier && options.backslashEscapes)
                tokens.append(Token(kind: identifier ? .quotedIdentifier : .string, text: value, offset: start, length: end - start))
                i = end
                continue
            case UInt8(ascii: "?"):
                tokens.append(Token(kind: .placeholder, text: "?", offset: start, length: 1, parameterIndex: placeholders))
                placeholders += 1
                i += 1
                continue
            case UInt8(ascii: "@"):
                let token = try variable(b, from: i)
                tokens.append(token)
                i = token.offset + token.length
                continue
            default:
                break
            }
            // N'national', X'hex', B'bits'.
            if i + 1 < n && b[i + 1] == UInt8(ascii: "'") {
                switch c | 0x20 {
                case UInt8(ascii: "n"):
                    let (value, end) = try quoted(b, from: i + 1, quote: b[i + 1], escapes: options.backslashEscapes)
                    tokens.append(Token(kind: .string, text: value, offset: start, length: end - start, national: true))
                    i = end
                    continue
                case UInt8(ascii: "x"):
                    let (digits, end) = try quoted(b, from: i + 1, quote: b[i + 1], escapes: false)
                    guard digits.utf8.count % 2 == 0, digits.utf8.allSatisfy(Self.isHexDigit) else {
                        throw SQLError.syntax(in: b, at: start)
                    }
                    tokens.append(Token(kind: .hex, text: digits, offset: start, length: end - start))
                    i = end
                    continue
                case UInt8(ascii: "b"):
                    let (digits, end) = try quoted(b, from: i + 1, quote: b[i + 1], escapes: false)
                    guard digits.utf8.allSatisfy({ $0 == 0x30 || $0 == 0x31 }) else { throw SQLError.syntax(in: b, at: start) }
                    tokens.append(Token(kind: .bit, text: digits, offset: start, length: end - start))
                    i = end
                    continue
                default:
                    break
                }
            }
            // Numbers, 0x / 0b literals and digit-led identifiers.
            let previousIsQualifier = tokens.last.map { $0.isSymbol(".") && $0.offset + 1 == i } ?? false
            if Self.isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < n && Self.isDigit(b[i + 1]) && !Self.followsName(tokens, at: i)) {
                if !previousIsQualifier, let token = number(b, from: i) {
                    tokens.append(token)
                    i = token.offset + token.length
                    continue
                }
                if Self.isDigit(c) {
                    var j = i
                    while j < n && Self.isWordByte(b[j]) { j += 1 }
                    tokens.append(Token(kind: .word, text: text(i, j), offset: start, length: j - start))
                    i = j
                    continue
                }
            }
            if Self.isWordByte(c) {
                var j = i
                while j < n && Self.isWordByte(b[j]) { j += 1 }
                tokens.append(Token(kind: .word, text: text(i, j), offset: start, length: j - start))
                i = j
                continue
            }
            if let symbol = Self.symbol(b, at: i) {
                tokens.append(Token(kind: .symbol, text: symbol, offset: start, length: symbol.utf8.count))
                i += symbol.utf8.count
                continue
            }
            throw SQLError.syntax(in: b, at: start)
        }
        tokens.append(Token(kind: .endOfInput, text: "", offset: n, length: 0))
        return tokens
    }

    // MARK: pieces

    /// Reads a quoted run starting at the opening quote; returns the decoded value and the
    /// offset just past the closing quote. A doubled quote stands for one quote.
    private func quoted(_ b: [UInt8], from start: Int, quote: UInt8, escapes: Bool) throws(SQLError) -> (String, Int) {
        var out: [UInt8] = []
        var i = start + 1
        let n = b.count
        while true {
            guard i < n else { throw SQLError.syntax(in: b, at: start) }
            let c = b[i]
            if escapes && c == UInt8(ascii: "\\") && i + 1 < n {
                let e = b[i + 1]
                switch e {
                case UInt8(ascii: "0"): out.append(0)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "Z"): out.append(0x1A)
                case UInt8(ascii: "%"), UInt8(ascii: "_"):
                    // MySQL keeps the backslash so `LIKE 'a\_b'` still matches a literal `_`.
                    out.append(UInt8(ascii: "\\"))
                    out.append(e)
                default:
                    // `\\`, `\'`, `\"` and any other character stand for themselves.
                    out.append(e)
                }
                i += 2
                continue
            }
            if c == quote {
                if i + 1 < n && b[i + 1] == quote {
                    out.append(quote)
                    i += 2
                    continue
                }
                return (String(decoding: out, as: UTF8.self), i + 1)
            }
            out.append(c)
            i += 1
        }
    }

    private func variable(_ b: [UInt8], from start: Int) throws(SQLError) -> Token {
        let n = b.count
        var i = start + 1
        if i < n && b[i] == UInt8(ascii: "@") {
            // @@name, @@session.name, @@`name`.
            i += 1
            var name = ""
            if i < n && b[i] == UInt8(ascii: "`") {
                let (value, end) = try quoted(b, from: i, quote: b[i], escapes: false)
                name = value
                i = end
            } else {
                let s = i
                while i < n && Self.isWordByte(b[i]) { i += 1 }
                name = String(decoding: b[s..<i], as: UTF8.self)
            }
            if i + 1 < n && b[i] == UInt8(ascii: "."), Self.isWordByte(b[i + 1]) || b[i + 1] == UInt8(ascii: "`") {
                // A scope prefix: session., global., local., persist., persist_only.
                i += 1
                if b[i] == UInt8(ascii: "`") {
                    let (value, end) = try quoted(b, from: i, quote: b[i], escapes: false)
                    name += "." + value
                    i = end
                } else {
                    let s = i
                    while i < n && Self.isWordByte(b[i]) { i += 1 }
                    name += "." + String(decoding: b[s..<i], as: UTF8.self)
                }
            }
            guard !name.isEmpty else { throw SQLError.syntax(in: b, at: start) }
            return Token(kind: .systemVariable, text: name, offset: start, length: i - start)
        }
        if i < n && (b[i] == UInt8(ascii: "`") || b[i] == UInt8(ascii: "'") || b[i] == UInt8(ascii: "\"")) {
            let (value, end) = try quoted(b, from: i, quote: b[i], escapes: b[i] != UInt8(ascii: "`") && options.backslashEscapes)
            return Token(kind: .userVariable, text: value, offset: start, length: end - start)
        }
        let s = i
        while i < n && (Self.isWordByte(b[i]) || b[i] == UInt8(ascii: ".")) { i += 1 }
        guard i > s else { throw SQLError.syntax(in: b, at: start) }
        return Token(kind: .userVariable, text: String(decoding: b[s..<i], as: UTF8.self), offset: start, length: i - start)
    }

    /// A numeric literal at `start`, or nil when the run is really an identifier
    /// (`1abc`, `0xZZ`).
    private func number(_ b: [UInt8], from start: Int) -> Token? {
        let n = b.count
        var i = start
        // 0x... and 0b...
        if b[i] == UInt8(ascii: "0") && i + 1 < n && (b[i + 1] == UInt8(ascii: "x") || b[i + 1] == UInt8(ascii: "b")) {
            let isHex = b[i + 1] == UInt8(ascii: "x")
            var j = i + 2
            while j < n && (isHex ? Self.isHexDigit(b[j]) : (b[j] == 0x30 || b[j] == 0x31)) { j += 1 }
            if j > i + 2 && !(j < n && Self.isWordByte(b[j])) {
                var digits = String(decoding: b[(i + 2)..<j], as: UTF8.self)
                if isHex && digits.utf8.count % 2 == 1 { digits = "0" + digits }
                return Token(kind: isHex ? .hex : .bit, text: digits, offset: start, length: j - start)
            }
            return nil
        }
        var kind: Token.Kind = .integer
        while i < n && Self.isDigit(b[i]) { i += 1 }
        if i < n && b[i] == UInt8(ascii: ".") {
            kind = .decimal
            i += 1
            while i < n && Self.isDigit(b[i]) { i += 1 }
        }
        if i < n && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            var j = i + 1
            if j < n && (b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-")) { j += 1 }
            if j < n && Self.isDigit(b[j]) {
                while j < n && Self.isDigit(b[j]) { j += 1 }
                kind = .float
                i = j
            }
        }
        // `123abc` is an identifier; `1.5abc` is not valid either way, let the parser fail.
        if i < n && Self.isWordByte(b[i]) && kind == .integer { return nil }
        return Token(kind: kind, text: String(decoding: b[start..<i], as: UTF8.self), offset: start, length: i - start)
    }

    private static let symbols3 = ["<=>", "->>"]
    private static let symbols2 = ["<=", ">=", "<>", "!=", "<<", ">>", ":=", "||", "&&", "->"]
    private static let symbols1: Set<UInt8> = Set("=<>!~^&|+-*/%(),.;{}:".utf8)

    private static func symbol(_ b: [UInt8], at i: Int) -> String? {
        let n = b.count
        for s in symbols3 where i + 3 <= n && b[i..<(i + 3)].elementsEqual(s.utf8) { return s }
        for s in symbols2 where i + 2 <= n && b[i..<(i + 2)].elementsEqual(s.utf8) { return s }
        if symbols1.contains(b[i]) { return String(UnicodeScalar(b[i])) }
        return nil
    }

    private static func findCommentEnd(_ b: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 1 < b.count {
            if b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/") { return i }
            i += 1
        }
        return nil
    }

    /// True when a `.` at `i` directly follows a name, so `t.5` is not the number `.5`.
    private static func followsName(_ tokens: [Token], at i: Int) -> Bool {
        guard let last = tokens.last, last.offset + last.length == i else { return false }
        return last.kind == .word || last.kind == .quotedIdentifier || last.isSymbol(")")
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always) static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    /// Letters, digits, `_`, `$` and any non-ASCII byte (MySQL allows U+0080 and up).
    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || isDigit(c) || c == 0x5F || c == 0x24 || c >= 0x80
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
