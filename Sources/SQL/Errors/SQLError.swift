/// An error of the MySQL dialect layer, shaped the way a MySQL client expects it: a MySQL
/// error number, a SQLSTATE and MySQL's own message text. Parsing and printing never pass a
/// statement through unchanged when they do not understand it; they throw this instead.
public struct SQLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The MySQL error numbers this layer produces.
    public enum Code: Int, Hashable, Sendable {
        /// ER_PARSE_ERROR: the statement is not valid MySQL (or not a form we parse).
        case syntax = 1064
        /// ER_NOT_SUPPORTED_YET: valid MySQL that has no SQLite translation (yet).
        case notSupported = 1235
        /// ER_EMPTY_QUERY: nothing but whitespace and comments.
        case emptyQuery = 1065
    }

    public var code: Code
    /// The full message as MySQL would word it.
    public var message: String
    /// UTF-8 byte offset into the statement text where the problem starts, when known.
    public var offset: Int?
    /// 1-based line of `offset`, when known.
    public var line: Int?

    public init(code: Code, message: String, offset: Int? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.line = line
    }

    /// The MySQL error number sent to clients.
    public var mysqlErrorCode: Int { code.rawValue }

    /// SQLSTATE for the error packet: MySQL reports 42000 for both syntax and
    /// not-supported errors, and 42000 for an empty query as well.
    public var sqlState: String { "42000" }

    public var description: String { "ERROR \(code.rawValue) (\(sqlState)): \(message)" }

    /// A 1064 error pointing at `offset` inside `source` (UTF-8 bytes), worded like MySQL:
    /// the text from the offending token on (at most 80 bytes) and its line number.
    public static func syntax(in source: [UInt8], at offset: Int) -> SQLError {
        let start = max(0, min(offset, source.count))
        var line = 1
        for b in source[..<start] where b == 0x0A { line += 1 }
        var end = min(source.count, start + 80)
        // Do not cut a UTF-8 sequence in half.
        while end < source.count && end > start && (source[end] & 0xC0) == 0x80 { end -= 1 }
        let near = String(decoding: source[start..<end], as: UTF8.self)
        let message = "You have an error in your SQL syntax; check the manual that corresponds to your "
            + "MySQL server version for the right syntax to use near '\(near)' at line \(line)"
        return SQLError(code: .syntax, message: message, offset: start, line: line)
    }

    /// A 1235 error for a construct that parses but has no SQLite translation.
    public static func notSupported(_ what: String) -> SQLError {
        SQLError(code: .notSupported, message: "This version of MySQL doesn't yet support '\(what)'")
    }

    public static let emptyQuery = SQLError(code: .emptyQuery, message: "Query was empty")
}
