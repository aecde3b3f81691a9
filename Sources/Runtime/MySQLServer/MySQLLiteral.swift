import MySQLWire
import Protocol

/// Values written into statement text: bound parameters and variables, in the node's dialect.
enum MySQLLiteral {
    static func sql(_ value: MySQLValue, dialect: MySQLStatementDialect, backslashEscapes: Bool) -> String {
        switch value {
        case .null: return "NULL"
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .double(let v):
            guard v.isFinite else { return "NULL" }
            return "\(v)"
        case .decimal(let s):
            return isNumeric(s) ? s : string(Array(s.utf8), dialect: dialect, backslashEscapes: backslashEscapes)
        case .string(let s): return string(Array(s.utf8), dialect: dialect, backslashEscapes: backslashEscapes)
        case .bytes(let b): return hex(b)
        case .date(let d): return "'" + d.dateText + "'"
        case .datetime(let d): return "'" + d.dateTimeText + "'"
        case .time(let t): return "'" + t.text + "'"
        }
    }

    /// A text literal. SQLite: quotes doubled, nothing else special (a NUL byte needs a cast
    /// from hex). MySQL: quotes doubled and, unless NO_BACKSLASH_ESCAPES, backslashes and
    /// NUL escaped.
    static func string(_ bytes: [UInt8], dialect: MySQLStatementDialect, backslashEscapes: Bool) -> String {
        switch dialect {
        case .sqlite:
            if bytes.contains(0) { return "CAST(\(hex(bytes)) AS TEXT)" }
            var out: [UInt8] = [UInt8(ascii: "'")]
            out.reserveCapacity(bytes.count + 2)
            for b in bytes {
                out.append(b)
                if b == UInt8(ascii: "'") { out.append(b) }
            }
            out.append(UInt8(ascii: "'"))
            return String(decoding: out, as: UTF8.self)
        case .mysql:
            var out: [UInt8] = [UInt8(ascii: "'")]
            out.reserveCapacity(bytes.count + 2)
            for b in bytes {
                switch b {
                case UInt8(ascii: "'"): out += [b, b]
                case UInt8(ascii: "\\") where backslashEscapes: out += [b, b]
                case 0 where backslashEscapes: out += [UInt8(ascii: "\\"), UInt8(ascii: "0")]
                default: out.append(b)
                }
            }
            out.append(UInt8(ascii: "'"))
            return String(decoding: out, as: UTF8.self)
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = [UInt8(ascii: "X"), UInt8(ascii: "'")]
        out.reserveCapacity(bytes.count * 2 + 3)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        out.append(UInt8(ascii: "'"))
        return String(decoding: out, as: UTF8.self)
    }

    static func isNumeric(_ s: String) -> Bool {
        var sawDigit = false
        for (i, c) in s.utf8.enumerated() {
            if MySQLLexer.isDigit(c) { sawDigit = true; continue }
            if c == UInt8(ascii: ".") { continue }
            if i == 0 && (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) { continue }
            return false
        }
        return sawDigit
    }

    /// A node value as a MySQL value.
    static func mysqlValue(_ value: SQLValue) -> MySQLValue {
        switch value {
        case .null: return .null
        case .integer(let v): return .int(v)
        case .real(let v): return .double(v)
        case .text(let s): return .string(s)
        case .blob(let b): return .bytes(b)
        }
    }
}
