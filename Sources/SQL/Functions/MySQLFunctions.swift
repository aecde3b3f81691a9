import Protocol
import Storage

/// MySQL's built-in functions as SQLite user functions (issue 4 item 5). Pure Swift; the
/// time functions read only the injected clock so the simulator stays deterministic.
///
/// Conventions: a NULL argument gives NULL unless MySQL says otherwise; dates are text
/// `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` as SQLite stores them, and an invalid date gives NULL.
public enum MySQLFunctions {
    public typealias Clock = @Sendable () -> (unixMillis: Int64, timeZoneOffsetSeconds: Int)
    typealias Body = @Sendable ([SQLValue]) throws -> SQLValue

    struct Definition {
        let name: String
        let arity: Int32
        let deterministic: Bool
        let body: Body
        init(_ name: String, _ arity: Int32, deterministic: Bool = true, _ body: @escaping Body) {
            self.name = name
            self.arity = arity
            self.deterministic = deterministic
            self.body = body
        }
    }

    /// Registers every function on `connection` (replacing SQLite built-ins of the same
    /// name and arity where MySQL differs: LENGTH, LOG, INSTR, SUBSTR, HEX, UPPER ...).
    public static func register(on connection: SQLiteConnection, clock: @escaping Clock) throws {
        try register(on: connection, clock: clock, replacingBuiltins: true)
    }

    /// SQLite built-ins that `register` replaces with MySQL's semantics.
    public static let replacedBuiltins: Set<String> = [
        "LENGTH", "UPPER", "LOWER", "INSTR", "SUBSTR", "SUBSTRING", "HEX", "LOG", "ROUND", "DATE", "TIME", "DATETIME",
    ]

    /// With `replacingBuiltins: false`, the functions SQLite already has keep SQLite's
    /// behaviour (what statements written in SQLite's dialect expect); only MySQL's others
    /// are added.
    public static func register(on connection: SQLiteConnection, clock: @escaping Clock, replacingBuiltins: Bool) throws {
        for d in definitions(clock: clock) where replacingBuiltins || !replacedBuiltins.contains(d.name.uppercased()) {
            try connection.createFunction(name: d.name, argumentCount: d.arity, deterministic: d.deterministic, d.body)
        }
    }

    static func definitions(clock: @escaping Clock) -> [Definition] {
        stringFunctions() + controlFunctions() + mathFunctions(clock: clock) + hashFunctions()
            + dateTimeFunctions(clock: clock) + regexpFunctions() + moreFunctions() + conversionFunctions()
    }
}

// MARK: value conversions with MySQL's implicit casts

extension SQLValue {
    var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The value as a string (numbers printed, blobs decoded as UTF-8); nil for NULL.
    var mysqlText: String? {
        switch self {
        case .null: return nil
        case .integer(let v): return String(v)
        case .real(let v): return mysqlFormatDouble(v)
        case .text(let s): return s
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// The value as a double, strings by their longest numeric prefix (0 when none).
    var mysqlDouble: Double? {
        switch self {
        case .null: return nil
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .text(let s): return numericPrefix(s)
        case .blob(let b): return numericPrefix(String(decoding: b, as: UTF8.self))
        }
    }

    /// The value as an integer (reals rounded half away from zero, as MySQL does).
    var mysqlInt: Int64? {
        switch self {
        case .null: return nil
        case .integer(let v): return v
        default:
            guard let d = mysqlDouble else { return nil }
            let r = d.rounded(.toNearestOrAwayFromZero)
            if r.isNaN { return 0 }
            if r >= 9.2e18 { return Int64.max }
            if r <= -9.2e18 { return Int64.min }
            return Int64(r)
        }
    }

    var isNumeric: Bool {
        switch self {
        case .integer, .real: return true
        default: return false
        }
    }
}

func mysqlFormatDouble(_ v: Double) -> String {
    if v.isNaN || v.isInfinite { return String(v) }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return String(v)
}

/// MySQL's string-to-number cast: leading spaces, an optional sign, digits, a fraction and
/// an exponent; whatever follows is ignored; no number at all is 0.
func numericPrefix(_ s: String) -> Double {
    let u = Array(s.utf8)
    var i = 0
    while i < u.count, u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x0A || u[i] == 0x0D { i += 1 }
    let start = i
    if i < u.count, u[i] == 0x2B || u[i] == 0x2D { i += 1 }
    var digits = 0
    while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1; digits += 1 }
    if i < u.count, u[i] == 0x2E {
        i += 1
        while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1; digits += 1 }
    }
    guard digits > 0 else { return 0 }
    var end = i
    if i < u.count, u[i] == 0x65 || u[i] == 0x45 {
        var j = i + 1
        if j < u.count, u[j] == 0x2B || u[j] == 0x2D { j += 1 }
        var expDigits = 0
        while j < u.count, u[j] >= 0x30, u[j] <= 0x39 { j += 1; expDigits += 1 }
        if expDigits > 0 { end = j }
    }
    return Double(String(decoding: u[start..<end], as: UTF8.self)) ?? 0
}

/// MySQL truthiness: NULL and numeric zero are false (strings by their numeric prefix).
func mysqlTruth(_ v: SQLValue) -> Bool {
    switch v {
    case .null: return false
    case .integer(let i): return i != 0
    default: return (v.mysqlDouble ?? 0) != 0
    }
}

/// A double as an integer result when it is integral and in range, else a real.
func numberResult(_ d: Double) -> SQLValue {
    if d.isNaN || d.isInfinite { return .null }
    if d == d.rounded(), abs(d) < 9.2e18 { return .integer(Int64(d)) }
    return .real(d)
}

func argumentError(_ name: String) -> SQLiteFunctionError {
    SQLiteFunctionError("Incorrect parameter count in the call to native function '\(name)'")
}
