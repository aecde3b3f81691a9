/// One cell of a result row or one bound statement parameter.
public enum MySQLValue: Hashable, Sendable {
    case null
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// An exact decimal kept as its text ("12.50").
    case decimal(String)
    case string(String)
    case bytes([UInt8])
    /// A DATE (only the date components are used).
    case date(MySQLDateTime)
    case datetime(MySQLDateTime)
    case time(MySQLTime)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The text-protocol form of the value, nil for NULL.
    public var textBytes: [UInt8]? { textBytes(columnType: nil) }

    /// The text-protocol form; a FLOAT column prints a double at float precision.
    public func textBytes(columnType: MySQLType?) -> [UInt8]? {
        switch self {
        case .null: return nil
        case .bytes(let bytes): return bytes
        case .double(let value) where columnType == .float:
            return Array(DecimalText.float(Float(value)).utf8)
        default: return text.map { Array($0.utf8) }
        }
    }

    /// A textual rendering (bytes decoded as UTF-8), nil for NULL.
    public var text: String? {
        switch self {
        case .null: return nil
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .double(let v): return DecimalText.double(v)
        case .decimal(let s), .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .date(let d): return d.dateText
        case .datetime(let d): return d.dateTimeText
        case .time(let t): return t.text
        }
    }

    /// The value as a signed integer the way MySQL coerces (text: leading digits).
    public var int64Value: Int64 {
        switch self {
        case .null: return 0
        case .int(let v): return v
        case .uint(let v): return Int64(truncatingIfNeeded: v)
        case .double(let v):
            guard v.isFinite else { return 0 }
            if v >= 9.223372036854775807e18 { return .max }
            if v <= -9.223372036854775808e18 { return .min }
            return Int64(v.rounded())
        case .decimal(let s), .string(let s): return Self.integer(fromText: s)
        case .bytes(let b): return Self.integer(fromText: String(decoding: b, as: UTF8.self))
        case .date(let d): return Int64(d.year) * 10_000 + Int64(d.month) * 100 + Int64(d.day)
        case .datetime(let d):
            let date = Int64(d.year) * 10_000 + Int64(d.month) * 100 + Int64(d.day)
            return date * 1_000_000 + Int64(d.hour) * 10_000 + Int64(d.minute) * 100 + Int64(d.second)
        case .time(let t):
            let hours = Int64(t.days) * 24 + Int64(t.hour)
            let v = hours * 10_000 + Int64(t.minute) * 100 + Int64(t.second)
            return t.isNegative ? -v : v
        }
    }

    /// The value as a double the way MySQL coerces.
    public var doubleValue: Double {
        switch self {
        case .double(let v): return v
        case .uint(let v): return Double(v)
        case .decimal(let s), .string(let s): return Self.double(fromText: s)
        case .bytes(let b): return Self.double(fromText: String(decoding: b, as: UTF8.self))
        default: return Double(int64Value)
        }
    }

    private static func integer(fromText text: String) -> Int64 {
        let trimmed = text.drop(while: { $0 == " " })
        if trimmed.contains(".") || trimmed.contains("e") || trimmed.contains("E") {
            let d = double(fromText: String(trimmed))
            return MySQLValue.double(d).int64Value
        }
        return DecimalText.leadingInteger(text)
    }

    private static func double(fromText text: String) -> Double {
        let trimmed = text.trimmingSpaces
        if let d = Double(trimmed) { return d }
        // MySQL uses the numeric prefix ("12abc" is 12); keep to the integer part here.
        return Double(DecimalText.leadingInteger(trimmed))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
