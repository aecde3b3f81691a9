/// A SQLite storage-class value as it travels between nodes in row images.
public enum SQLValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return "'" + s.replacingQuotes() + "'"
        case .blob(let b): return "X'" + b.map { hexByte($0) }.joined() + "'"
        }
    }
}

private func hexByte(_ b: UInt8) -> String {
    let digits: [Character] = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self { if c == "'" { out += "''" } else { out.append(c) } }
        return out
    }
}

/// The identity of one row inside a database: its table and the values of its primary key
/// (or `[.integer(rowid)]` for a table without one). `encoded` is a canonical byte string,
/// equal for equal keys on every node, used for intents and row versions.
public struct RowKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var table: String
    public var values: [SQLValue]

    public init(table: String, values: [SQLValue]) {
        self.table = table
        self.values = values
    }

    public var encoded: [UInt8] {
        var out: [UInt8] = []
        for v in values { KeyEncoding.append(v, to: &out) }
        return out
    }

    public static func < (a: RowKey, b: RowKey) -> Bool {
        if a.table != b.table { return a.table < b.table }
        return a.encoded.lexicographicallyPrecedes(b.encoded)
    }

    public var description: String { "\(table)(\(values.map(\.description).joined(separator: ",")))" }
}

/// Order-preserving-enough, unambiguous encoding of key values: a type tag then a fixed or
/// length-prefixed body. Integers in big-endian with the sign bit flipped.
public enum KeyEncoding {
    public static func append(_ value: SQLValue, to out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(0)
        case .integer(let v):
            out.append(1)
            let u = UInt64(bitPattern: v) ^ (1 << 63)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: u >> UInt64(shift))) }
        case .real(let d):
            out.append(2)
            let u = d.bitPattern
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: u >> UInt64(shift))) }
        case .text(let s):
            out.append(3)
            let bytes = Array(s.utf8)
            appendLength(bytes.count, to: &out)
            out.append(contentsOf: bytes)
        case .blob(let b):
            out.append(4)
            appendLength(b.count, to: &out)
            out.append(contentsOf: b)
        }
    }

    private static func appendLength(_ n: Int, to out: inout [UInt8]) {
        let u = UInt32(n)
        out.append(UInt8(u >> 24)); out.append(UInt8((u >> 16) & 0xFF)); out.append(UInt8((u >> 8) & 0xFF)); out.append(UInt8(u & 0xFF))
    }
}
