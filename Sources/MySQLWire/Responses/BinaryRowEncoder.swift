/// A binary-protocol result row (the answer to COM_STMT_EXECUTE): 0x00, a NULL
/// bitmap with a 2-bit offset, then each non-NULL value in the form its
/// column's type dictates. Values of another kind are converted, so the
/// bytes always match what the column definition announced.
public enum BinaryRowEncoder {
    public static func encode(_ values: [MySQLValue], columns: [ColumnDefinition]) -> [UInt8] {
        let bitmapLength = (columns.count + 7 + 2) / 8
        var w = MySQLPayloadWriter(capacity: 1 + bitmapLength + 16 * columns.count)
        w.writeUInt8(0x00)
        var bitmap = [UInt8](repeating: 0, count: bitmapLength)
        for i in columns.indices where i >= values.count || values[i].isNull || columns[i].type == .null {
            let bit = i + 2
            bitmap[bit / 8] |= 1 << UInt8(bit % 8)
        }
        w.writeBytes(bitmap)
        for (i, column) in columns.enumerated() where i < values.count && !values[i].isNull && column.type != .null {
            encodeValue(values[i], as: column, into: &w)
        }
        return w.bytes
    }

    /// Appends one non-NULL value in the binary form of `column.type`.
    public static func encodeValue(_ value: MySQLValue, as column: ColumnDefinition, into w: inout MySQLPayloadWriter) {
        switch column.type {
        case .tiny:
            w.writeUInt8(UInt8(truncatingIfNeeded: integerBits(value)))
        case .short, .year:
            w.writeUInt16(UInt16(truncatingIfNeeded: integerBits(value)))
        case .long, .int24:
            w.writeUInt32(UInt32(truncatingIfNeeded: integerBits(value)))
        case .longlong:
            w.writeUInt64(integerBits(value))
        case .float:
            w.writeUInt32(Float(value.doubleValue).bitPattern)
        case .double:
            w.writeUInt64(value.doubleValue.bitPattern)
        case .date, .newdate:
            var d = dateTime(value)
            (d.hour, d.minute, d.second, d.microsecond) = (0, 0, 0, 0)
            encodeDateTime(d, into: &w)
        case .datetime, .timestamp, .datetime2, .timestamp2:
            encodeDateTime(dateTime(value), into: &w)
        case .time, .time2:
            encodeTime(time(value), into: &w)
        default:
            w.writeLengthEncodedBytes(value.textBytes(columnType: column.type) ?? [])
        }
    }

    /// Two's-complement bits of the value as an integer (unsigned values keep their bits).
    private static func integerBits(_ value: MySQLValue) -> UInt64 {
        if case .uint(let u) = value { return u }
        return UInt64(bitPattern: value.int64Value)
    }

    private static func dateTime(_ value: MySQLValue) -> MySQLDateTime {
        switch value {
        case .date(let d), .datetime(let d): return d
        case .string(let s), .decimal(let s): return MySQLDateTime(parsing: s) ?? .zero
        case .bytes(let b): return MySQLDateTime(parsing: String(decoding: b, as: UTF8.self)) ?? .zero
        default: return .zero
        }
    }

    private static func time(_ value: MySQLValue) -> MySQLTime {
        switch value {
        case .time(let t): return t
        case .datetime(let d):
            return MySQLTime(hour: d.hour, minute: d.minute, second: d.second, microsecond: d.microsecond)
        case .string(let s), .decimal(let s): return MySQLTime(parsing: s) ?? .zero
        case .bytes(let b): return MySQLTime(parsing: String(decoding: b, as: UTF8.self)) ?? .zero
        default: return .zero
        }
    }

    /// Length 0 (all zero), 4 (date only), 7 (no microseconds) or 11.
    public static func encodeDateTime(_ d: MySQLDateTime, into w: inout MySQLPayloadWriter) {
        let isZeroDate = d.year == 0 && d.month == 0 && d.day == 0
        if isZeroDate && !d.hasTime {
            w.writeUInt8(0)
            return
        }
        let length: UInt8 = d.microsecond != 0 ? 11 : (d.hasTime ? 7 : 4)
        w.writeUInt8(length)
        w.writeUInt16(d.year)
        w.writeUInt8(d.month)
        w.writeUInt8(d.day)
        if length >= 7 {
            w.writeUInt8(d.hour)
            w.writeUInt8(d.minute)
            w.writeUInt8(d.second)
        }
        if length == 11 { w.writeUInt32(d.microsecond) }
    }

    /// Length 0 (zero), 8 (no microseconds) or 12.
    public static func encodeTime(_ t: MySQLTime, into w: inout MySQLPayloadWriter) {
        if t.isZero {
            w.writeUInt8(0)
            return
        }
        let length: UInt8 = t.microsecond != 0 ? 12 : 8
        w.writeUInt8(length)
        w.writeUInt8(t.isNegative ? 1 : 0)
        w.writeUInt32(t.days)
        w.writeUInt8(t.hour)
        w.writeUInt8(t.minute)
        w.writeUInt8(t.second)
        if length == 12 { w.writeUInt32(t.microsecond) }
    }
}
