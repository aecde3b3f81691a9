/// One lexical token of a MySQL statement.
///
/// `text` holds the token's value, already decoded where MySQL decodes it: string
/// literals without quotes and with escapes resolved, quoted identifiers without
/// backticks, hex and bit literals as their digits, variables without the `@` signs,
/// hints as the text between `/*+` and `*/`. Bare words keep their spelling; `upper` is
/// the upper-cased spelling the parser compares keywords against.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A bare word: a keyword or an unquoted identifier.
        case word
        /// `` `name` `` (or `"name"` under ANSI_QUOTES).
        case quotedIdentifier
        /// `'...'` or `"..."`; `N'...'` sets `national`.
        case string
        case integer
        /// A number with a decimal point and no exponent (MySQL's DECIMAL literal).
        case decimal
        /// A number with an exponent (MySQL's DOUBLE literal).
        case float
        /// `X'4142'` or `0x4142`: `text` is the hex digits.
        case hex
        /// `b'101'` or `0b101`: `text` is the binary digits.
        case bit
        /// `?`: `parameterIndex` numbers placeholders from 0 in source order.
        case placeholder
        /// `@name`: `text` is the name.
        case userVariable
        /// `@@name` or `@@scope.name`: `text` is what follows the `@@`.
        case systemVariable
        /// `/*+ ... */`: `text` is the hint body, trimmed.
        case hint
        /// Operators and punctuation, `text` as written (`<=>`, `(`, `,` ...).
        case symbol
        case endOfInput
    }

    public let kind: Kind
    public let text: String
    /// Upper-cased text of a bare word (empty for other kinds), for keyword tests.
    public let upper: String
    /// UTF-8 byte offset of the token's first byte in the statement.
    public let offset: Int
    /// UTF-8 byte length of the token as written.
    public let length: Int
    /// For `.placeholder`: 0-based position among the statement's placeholders.
    public let parameterIndex: Int
    /// For `.string`: written as `N'...'` (national character set).
    public let national: Bool

    public init(kind: Kind, text: String, offset: Int, length: Int, parameterIndex: Int = -1, national: Bool = false) {
        self.kind = kind
        self.text = text
        self.upper = kind == .word ? text.uppercased() : ""
        self.offset = offset
        self.length = length
        self.parameterIndex = parameterIndex
        self.national = national
    }

    /// True for a bare word spelled `keyword` in any case.
    @inline(__always)
    public func isWord(_ keyword: String) -> Bool {
        kind == .word && upper == keyword
    }

    @inline(__always)
    public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

    public var description: String {
        switch kind {
        case .endOfInput: return "<end>"
        case .string: return "'\(text)'"
        case .quotedIdentifier: return "`\(text)`"
        default: return text
        }
    }
}
