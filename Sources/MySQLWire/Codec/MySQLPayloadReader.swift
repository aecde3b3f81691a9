/// A cursor over one packet payload. Reads never trap: running off the end
/// or a length larger than what is left throws `MySQLWireError.truncated`.
public struct MySQLPayloadReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var index: Int

    public init(_ bytes: [UInt8], index: Int = 0) {
        self.bytes = bytes
        self.index = min(max(index, 0), bytes.count)
    }

    public var remaining: Int { bytes.count - index }
    public var isAtEnd: Bool { index >= bytes.count }

    public func peekUInt8() -> UInt8? { isAtEnd ? nil : bytes[index] }

    public mutating func skip(_ count: Int) throws(MySQLWireError) {
        guard count >= 0, count <= remaining else { throw .truncated }
        index += count
    }

    public mutating func readUInt8() throws(MySQLWireError) -> UInt8 {
        guard index < bytes.count else { throw .truncated }
        defer { index += 1 }
        return bytes[index]
    }

    /// A little-endian unsigned integer of `width` bytes (1...8).
    public mutating func readFixedInteger(width: Int) throws(MySQLWireError) -> UInt64 {
        guard width >= 1, width <= 8 else { throw .malformed("integer width \(width)") }
        guard width <= remaining else { throw .truncated }
        var value: UInt64 = 0
        for i in 0..<width {
            value |= UInt64(bytes[index + i]) << (8 * UInt64(i))
        }
        index += width
        return value
    }

    public mutating func readUInt16() throws(MySQLWireError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readFixedInteger(width: 2))
    }

    public mutating func readUInt24() throws(MySQLWireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readFixedInteger(width: 3))
    }

    public mutating func readUInt32() throws(MySQLWireError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readFixedInteger(width: 4))
    }

    public mutating func readUInt64() throws(MySQLWireError) -> UInt64 {
        try readFixedInteger(width: 8)
    }

    public mutating func readBytes(_ count: Int) throws(MySQLWireError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw .truncated }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    public mutating func readRemainingBytes() -> [UInt8] {
        defer { index = bytes.count }
        return Array(bytes[index...])
    }

    /// A length-encoded integer; `nil` is the 0xFB NULL marker. 0xFF is never
    /// a valid first byte (it starts an ERR packet) and is reported as malformed.
    public mutating func readLengthEncodedIntegerOrNull() throws(MySQLWireError) -> UInt64? {
        let first = try readUInt8()
        switch first {
        case 0..<0xFB: return UInt64(first)
        case 0xFB: return nil
        case 0xFC: return try readFixedInteger(width: 2)
        case 0xFD: return try readFixedInteger(width: 3)
        case 0xFE: return try readFixedInteger(width: 8)
        default: throw .malformed("0xFF is not a length-encoded integer")
        }
    }

    /// A length-encoded integer where NULL is not allowed.
    public mutating func readLengthEncodedInteger() throws(MySQLWireError) -> UInt64 {
        guard let value = try readLengthEncodedIntegerOrNull() else {
            throw .malformed("unexpected NULL length-encoded integer")
        }
        return value
    }

    /// Length-encoded bytes; `nil` for the NULL marker.
    public mutating func readLengthEncodedBytesOrNull() throws(MySQLWireError) -> [UInt8]? {
        guard let length = try readLengthEncodedIntegerOrNull() else { return nil }
        guard length <= UInt64(remaining) else { throw .truncated }
        return try readBytes(Int(length))
    }

    public mutating func readLengthEncodedBytes() throws(MySQLWireError) -> [UInt8] {
        guard let value = try readLengthEncodedBytesOrNull() else {
            throw .malformed("unexpected NULL length-encoded string")
        }
        return value
    }

    public mutating func readLengthEncodedString() throws(MySQLWireError) -> String {
        String(decoding: try readLengthEncodedBytes(), as: UTF8.self)
    }

    /// Bytes up to a NUL, which is consumed; a missing NUL is truncation.
    public mutating func readNullTerminatedBytes() throws(MySQLWireError) -> [UInt8] {
        guard let end = bytes[index...].firstIndex(of: 0) else { throw .truncated }
        defer { index = end + 1 }
        return Array(bytes[index..<end])
    }

    public mutating func readNullTerminatedString() throws(MySQLWireError) -> String {
        String(decoding: try readNullTerminatedBytes(), as: UTF8.self)
    }

    /// Bytes up to a NUL (consumed) or the end of the payload, whichever is first.
    public mutating func readNullTerminatedOrRemainingBytes() -> [UInt8] {
        if let end = bytes[index...].firstIndex(of: 0) {
            defer { index = end + 1 }
            return Array(bytes[index..<end])
        }
        return readRemainingBytes()
    }
}
