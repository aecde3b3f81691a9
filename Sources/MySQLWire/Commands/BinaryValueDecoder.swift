/// Reads one value in the binary protocol form of its type: statement
/// parameters on the server, binary result rows on a client.
public enum BinaryValueDecoder {
    public static func decode(_ parameterType: ParameterType,
                              from r: inout MySQLPayloadReader) throws(MySQLWireError) -> MySQLValue {
        let unsigned = parameterType.isUnsigned
        switch parameterType.type {
        case .null:
            return .null
        case .tiny:
            let raw = try r.readUInt8()
            return .int(unsigned ? Int64(raw) : Int64(Int8(bitPattern: raw)))
        case .short, .year:
            let raw = try r.readUInt16()
            return .int(unsigned ? Int64(raw) : Int64(Int16(bitPattern: raw)))
        case .long, .int24:
            let raw = try r.readUInt32()
            return .int(unsigned ? Int64(raw) : Int64(Int32(bitPattern: raw)))
        case .longlong:
            let raw = try r.readUInt64()
            if unsigned {
                return raw > UInt64(Int64.max) ? .uint(raw) : .int(Int64(raw))
            }
            return .int(Int64(bitPattern: raw))
        case .float:
            return .double(Double(Float(bitPattern: try r.readUInt32())))
        case .double:
            return .double(Double(bitPattern: try r.readUInt64()))
        case .date, .newdate:
            return .date(try decodeDateTime(from: &r))
        case .datetime, .timestamp, .datetime2, .timestamp2:
            return .datetime(try decodeDateTime(from: &r))
        case .time, .time2:
            return .time(try decodeTime(from: &r))
        case .decimal, .newDecimal:
            return .decimal(String(decoding: try r.readLengthEncodedBytes(), as: UTF8.self))
        case .varchar, .varString, .string, .enum, .set, .json:
            return textOrBytes(try r.readLengthEncodedBytes())
        case .tinyBlob, .mediumBlob, .longBlob, .blob, .geometry, .bit, .vector, .typedArray, .bool, .invalid:
            return .bytes(try r.readLengthEncodedBytes())
        }
    }

    /// Text when the bytes are valid UTF-8, raw bytes otherwise (nothing is lost).
    public static func textOrBytes(_ bytes: [UInt8]) -> MySQLValue {
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid sequences; if it changed anything, keep the bytes.
        return text.utf8.elementsEqual(bytes) ? .string(text) : .bytes(bytes)
    }

    public static func decodeDateTime(from r: inout MySQLPayloadReader) throws(MySQLWireError) -> MySQLDateTime {
        let length = try r.readUInt8()
        var d = MySQLDateTime.zero
        switch length {
        case 0: return d
        case 4, 7, 11:
            d.year = try r.readUInt16()
            d.month = try r.readUInt8()
            d.day = try r.readUInt8()
            if length >= 7 {
                d.hour = try r.readUInt8()
                d.minute = try r.readUInt8()
                d.second = try r.readUInt8()
            }
            if length == 11 { d.microsecond = try r.readUInt32() }
            return d
        default:
            throw .malformed("datetime length \(length)")
        }
    }

    public static func decodeTime(from r: inout MySQLPayloadReader) throws(MySQLWireError) -> MySQLTime {
        let length = try r.readUInt8()
        var t = MySQLTime.zero
        switch length {
        case 0: return t
        case 8, 12:
            t.isNegative = try r.readUInt8() != 0
            t.days = try r.readUInt32()
            t.hour = try r.readUInt8()
            t.minute = try r.readUInt8()
            t.second = try r.readUInt8()
            if length == 12 { t.microsecond = try r.readUInt32() }
            return t
        default:
            throw .malformed("time length \(length)")
        }
    }
}
