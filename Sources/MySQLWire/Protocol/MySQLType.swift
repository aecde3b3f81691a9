/// The MySQL field types (enum_field_types) as they appear on the wire.
public enum MySQLType: UInt8, Sendable, CaseIterable {
    case decimal = 0x00
    case tiny = 0x01
    case short = 0x02
    case long = 0x03
    case float = 0x04
    case double = 0x05
    case null = 0x06
    case timestamp = 0x07
    case longlong = 0x08
    case int24 = 0x09
    case date = 0x0A
    case time = 0x0B
    case datetime = 0x0C
    case year = 0x0D
    case newdate = 0x0E
    case varchar = 0x0F
    case bit = 0x10
    case timestamp2 = 0x11
    case datetime2 = 0x12
    case time2 = 0x13
    case typedArray = 0x14
    case vector = 0xF2
    case invalid = 0xF3
    case bool = 0xF4
    case json = 0xF5
    case newDecimal = 0xF6
    case `enum` = 0xF7
    case set = 0xF8
    case tinyBlob = 0xF9
    case mediumBlob = 0xFA
    case longBlob = 0xFB
    case blob = 0xFC
    case varString = 0xFD
    case string = 0xFE
    case geometry = 0xFF

    public var isInteger: Bool {
        switch self {
        case .tiny, .short, .long, .longlong, .int24, .year: return true
        default: return false
        }
    }

    /// Numbers and decimals (the types the client library marks NUM_FLAG).
    public var isNumeric: Bool {
        switch self {
        case .tiny, .short, .long, .longlong, .int24, .year, .float, .double, .decimal, .newDecimal:
            return true
        default: return false
        }
    }

    public var isTemporal: Bool {
        switch self {
        case .date, .newdate, .datetime, .timestamp, .time, .datetime2, .timestamp2, .time2:
            return true
        default: return false
        }
    }

    public var isBlob: Bool {
        switch self {
        case .tinyBlob, .mediumBlob, .longBlob, .blob, .geometry: return true
        default: return false
        }
    }
}
