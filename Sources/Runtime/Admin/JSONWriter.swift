/// A tiny AdminJSON value for the admin API's bodies (keys keep their order).
public indirect enum AdminJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([AdminJSON])
    case object([(String, AdminJSON)])

    public static func == (a: AdminJSON, b: AdminJSON) -> Bool { a.text == b.text }

    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .string(let s): return JSONLogHandler.quote(s)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let fields): return "{" + fields.map { JSONLogHandler.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }
}
