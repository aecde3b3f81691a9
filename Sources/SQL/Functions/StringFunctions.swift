import Foundation
import Protocol

typealias Scalars = [Unicode.Scalar]

func scalars(_ s: String) -> Scalars { Array(s.unicodeScalars) }

func string<C: Sequence>(_ u: C) -> String where C.Element == Unicode.Scalar {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: u)
    return String(view)
}

/// Case folding for the default case-insensitive collation, one scalar at a time (so
/// positions in the folded text are positions in the original).
func folded(_ u: Scalars) -> [String] { u.map { $0.properties.lowercaseMapping } }

/// 1-based position of `needle` in `hay` at or after `from` (1-based), 0 when absent;
/// case-insensitive as MySQL's default collation.
func locate(_ needle: String, _ hay: String, from: Int64 = 1) -> Int64 {
    let h = folded(scalars(hay)), n = folded(scalars(needle))
    guard from >= 1, from <= Int64(h.count) + 1 else { return 0 }
    if n.isEmpty { return from }
    var i = Int(from) - 1
    while i + n.count <= h.count {
        if Array(h[i..<(i + n.count)]) == n { return Int64(i + 1) }
        i += 1
    }
    return 0
}

func mysqlEqualFold(_ a: String, _ b: String) -> Bool { folded(scalars(a)) == folded(scalars(b)) }

extension MySQLFunctions {
    static func stringFunctions() -> [Definition] {
        var defs: [Definition] = []
        defs.append(Definition("CONCAT", -1) { args in
            guard !args.isEmpty else { throw argumentError("CONCAT") }
            var out = ""
            for a in args {
                guard let s = a.mysqlText else { return .null }
                out += s
            }
            return .text(out)
        })
        defs.append(Definition("CONCAT_WS", -1) { args in
            guard args.count >= 2 else { throw argumentError("CONCAT_WS") }
            guard let sep = args[0].mysqlText else { return .null }
            return .text(args.dropFirst().compactMap { $0.mysqlText }.joined(separator: sep))
        })
        defs.append(Definition("SUBSTRING_INDEX", 3) { args in
            guard let s = args[0].mysqlText, let d = args[1].mysqlText, let n = args[2].mysqlInt else { return .null }
            if d.isEmpty || n == 0 { return .text("") }
            let parts = s.components(separatedBy: d)
            if n > 0 {
                return .text(parts.prefix(Int(min(n, Int64(parts.count)))).joined(separator: d))
            }
            let k = n == Int64.min ? parts.count : Int(min(-n, Int64(parts.count)))
            return .text(parts.suffix(k).joined(separator: d))
        })
        defs.append(Definition("FIND_IN_SET", 2) { args in
            guard let s = args[0].mysqlText, let list = args[1].mysqlText else { return .null }
            if list.isEmpty || s.contains(",") { return .integer(0) }
            for (i, item) in list.split(separator: ",", omittingEmptySubsequences: false).enumerated()
            where mysqlEqualFold(String(item), s) {
                return .integer(Int64(i + 1))
            }
            return .integer(0)
        })
        defs.append(Definition("FIELD", -1) { args in
            guard args.count >= 2 else { throw argumentError("FIELD") }
            if args[0].isNull { return .integer(0) }
            let numeric = args.allSatisfy { $0.isNumeric || $0.isNull }
            for (i, a) in args.dropFirst().enumerated() where !a.isNull {
                let equal = numeric ? a.mysqlDouble == args[0].mysqlDouble : mysqlEqualFold(a.mysqlText!, args[0].mysqlText!)
                if equal { return .integer(Int64(i + 1)) }
            }
            return .integer(0)
        })
        defs.append(Definition("ELT", -1) { args in
            guard args.count >= 2 else { throw argumentError("ELT") }
            guard let n = args[0].mysqlInt, n >= 1, n < Int64(args.count) else { return .null }
            return args[Int(n)].mysqlText.map { .text($0) } ?? .null
        })
        for (name, left) in [("LPAD", true), ("RPAD", false)] {
            defs.append(Definition(name, 3) { args in
                guard let s = args[0].mysqlText, let n = args[1].mysqlInt, let pad = args[2].mysqlText, n >= 0 else { return .null }
                let u = scalars(s)
                if Int64(u.count) >= n { return .text(string(u.prefix(Int(n)))) }
                let p = scalars(pad)
                if p.isEmpty { return .null }
                if n > 1 << 26 { return .null }
                var fill: Scalars = []
                let need = Int(n) - u.count
                while fill.count < need { fill.append(p[fill.count % p.count]) }
                return .text(left ? string(fill + u) : string(u + fill))
            })
        }
        defs.append(Definition("LEFT", 2) { args in
            guard let s = args[0].mysqlText, let n = args[1].mysqlInt else { return .null }
            return .text(n <= 0 ? "" : string(scalars(s).prefix(Int(min(n, Int64(Int32.max))))))
        })
        defs.append(Definition("RIGHT", 2) { args in
            guard let s = args[0].mysqlText, let n = args[1].mysqlInt else { return .null }
            return .text(n <= 0 ? "" : string(scalars(s).suffix(Int(min(n, Int64(Int32.max))))))
        })
        defs.append(Definition("LOCATE", 2) { args in
            guard let n = args[0].mysqlText, let h = args[1].mysqlText else { return .null }
            return .integer(locate(n, h))
        })
        defs.append(Definition("LOCATE", 3) { args in
            guard let n = args[0].mysqlText, let h = args[1].mysqlText, let p = args[2].mysqlInt else { return .null }
            return .integer(locate(n, h, from: p))
        })
        defs.append(Definition("INSTR", 2) { args in
            guard let h = args[0].mysqlText, let n = args[1].mysqlText else { return .null }
            return .integer(locate(n, h))
        })
        for name in ["CHAR_LENGTH", "CHARACTER_LENGTH"] {
            defs.append(Definition(name, 1) { args in
                switch args[0] {
                case .null: return .null
                case .blob(let b): return .integer(Int64(b.count))
                default: return .integer(Int64(args[0].mysqlText!.unicodeScalars.count))
                }
            })
        }
        for name in ["LENGTH", "OCTET_LENGTH"] {
            defs.append(Definition(name, 1) { args in
                switch args[0] {
                case .null: return .null
                case .blob(let b): return .integer(Int64(b.count))
                default: return .integer(Int64(args[0].mysqlText!.utf8.count))
                }
            })
        }
        for name in ["UCASE", "UPPER"] {
            defs.append(Definition(name, 1) { args in args[0].mysqlText.map { .text($0.uppercased()) } ?? .null })
        }
        for name in ["LCASE", "LOWER"] {
            defs.append(Definition(name, 1) { args in args[0].mysqlText.map { .text($0.lowercased()) } ?? .null })
        }
        defs.append(Definition("REVERSE", 1) { args in
            args[0].mysqlText.map { .text(string(scalars($0).reversed())) } ?? .null
        })
        defs.append(Definition("REPEAT", 2) { args in
            guard let s = args[0].mysqlText, let n = args[1].mysqlInt else { return .null }
            if n <= 0 || s.isEmpty { return .text("") }
            if Int64(s.utf8.count) * n > 1 << 26 { return .null }
            return .text(String(repeating: s, count: Int(n)))
        })
        defs.append(Definition("SPACE", 1) { args in
            guard let n = args[0].mysqlInt else { return .null }
            if n > 1 << 26 { return .null }
            return .text(String(repeating: " ", count: Int(max(0, n))))
        })
        defs.append(Definition("INSERT", 4) { args in
            guard let s = args[0].mysqlText, let pos = args[1].mysqlInt, let len = args[2].mysqlInt,
                  let new = args[3].mysqlText else { return .null }
            let u = scalars(s)
            guard pos >= 1, pos <= Int64(u.count) else { return .text(s) }
            let start = Int(pos - 1)
            let end = (len < 0 || len > Int64(u.count - start)) ? u.count : start + Int(len)
            return .text(string(u[..<start]) + new + string(u[end...]))
        })
        for (name, arity) in [("SUBSTRING", Int32(2)), ("SUBSTRING", 3), ("SUBSTR", 2), ("SUBSTR", 3), ("MID", 3)] {
            defs.append(Definition(name, arity) { args in
                guard let pos = args[1].mysqlInt else { return .null }
                var len = Int64.max
                if args.count == 3 {
                    guard let l = args[2].mysqlInt else { return .null }
                    len = l
                }
                if case .blob(let b) = args[0] {
                    return .blob(mysqlSubstring(b, pos, len))
                }
                guard let s = args[0].mysqlText else { return .null }
                return .text(string(mysqlSubstring(scalars(s), pos, len)))
            })
        }
        defs.append(Definition("HEX", 1) { args in
            switch args[0] {
            case .null: return .null
            case .integer(let v): return .text(String(UInt64(bitPattern: v), radix: 16).uppercased())
            case .real:
                let v = args[0].mysqlInt!
                return .text(String(UInt64(bitPattern: v), radix: 16).uppercased())
            case .blob(let b): return .text(hexString(b, upper: true))
            case .text(let s): return .text(hexString(Array(s.utf8), upper: true))
            }
        })
        defs.append(Definition("UNHEX", 1) { args in
            guard let s = args[0].mysqlText else { return .null }
            var digits = Array(s.utf8)
            if digits.count % 2 == 1 { digits.insert(0x30, at: 0) }
            var out: [UInt8] = []
            out.reserveCapacity(digits.count / 2)
            var i = 0
            while i < digits.count {
                guard let hi = hexValue(digits[i]), let lo = hexValue(digits[i + 1]) else { return .null }
                out.append(hi << 4 | lo)
                i += 2
            }
            return .blob(out)
        })
        defs.append(Definition("FORMAT", 2) { args in
            guard let x = args[0].mysqlDouble, let d = args[1].mysqlInt else { return .null }
            return .text(mysqlFormat(x, decimals: Int(max(0, min(30, d)))))
        })
        defs.append(Definition("FORMAT", 3) { args in
            guard let x = args[0].mysqlDouble, let d = args[1].mysqlInt else { return .null }
            return .text(mysqlFormat(x, decimals: Int(max(0, min(30, d)))))
        })
        defs.append(Definition("ASCII", 1) { args in
            guard let s = args[0].mysqlText else { return .null }
            return .integer(Int64(s.utf8.first ?? 0))
        })
        defs.append(Definition("STRCMP", 2) { args in
            guard let a = args[0].mysqlText, let b = args[1].mysqlText else { return .null }
            let fa = folded(scalars(a)).joined(), fb = folded(scalars(b)).joined()
            return .integer(fa == fb ? 0 : (fa < fb ? -1 : 1))
        })
        return defs
    }
}

/// MySQL SUBSTRING: 1-based, negative positions count from the end, position 0 is empty.
func mysqlSubstring<T>(_ u: [T], _ pos: Int64, _ len: Int64) -> [T] {
    let n = Int64(u.count)
    guard pos != 0, len > 0 else { return [] }
    let start = pos > 0 ? pos - 1 : n + pos
    guard start >= 0, start < n else { return [] }
    let end = len >= n - start ? n : start + len
    return Array(u[Int(start)..<Int(end)])
}

func hexString(_ bytes: [UInt8], upper: Bool) -> String {
    let digits = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}

func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x41...0x46: return c - 0x41 + 10
    case 0x61...0x66: return c - 0x61 + 10
    default: return nil
    }
}

/// FORMAT(x, d): rounded to d decimals, thousands separated by ',' (en_US).
func mysqlFormat(_ x: Double, decimals: Int) -> String {
    // MySQL rounds half away from zero (FORMAT(0.5, 0) = '1'); printf would round to even.
    let fixed = String(format: "%.\(decimals)f", decimalRound(x, decimals))
    var sign = ""
    var body = Substring(fixed)
    if body.hasPrefix("-") {
        body = body.dropFirst()
        sign = "-"
    }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let integer = Array(parts[0])
    var grouped = ""
    for (i, c) in integer.enumerated() {
        if i > 0, (integer.count - i) % 3 == 0 { grouped.append(",") }
        grouped.append(c)
    }
    if Double(fixed) == 0 { sign = "" }
    return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
}
