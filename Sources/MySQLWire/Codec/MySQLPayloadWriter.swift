/// Builds one packet payload (without the 4-byte header).
public struct MySQLPayloadWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }

    public mutating func writeFixedInteger(_ value: UInt64, width: Int) {
        for i in 0..<width {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))))
        }
    }

    public mutating func writeUInt16(_ value: UInt16) { writeFixedInteger(UInt64(value), width: 2) }
    public mutating func writeUInt24(_ value: UInt32) { writeFixedInteger(UInt64(value), width: 3) }
    public mutating func writeUInt32(_ value: UInt32) { writeFixedInteger(UInt64(value), width: 4) }
    public mutating func writeUInt64(_ value: UInt64) { writeFixedInteger(value, width: 8) }

    public mutating func writeBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    public mutating func writeString(_ string: String) { bytes.append(contentsOf: string.utf8) }

    /// The shortest length-encoded form: 1, 3 (0xFC), 4 (0xFD) or 9 (0xFE) bytes.
    public mutating func writeLengthEncodedInteger(_ value: UInt64) {
        switch value {
        case 0..<0xFB:
            bytes.append(UInt8(value))
        case 0xFB...0xFFFF:
            bytes.append(0xFC)
            writeFixedInteger(value, width: 2)
        case 0x1_0000...0xFF_FFFF:
            bytes.append(0xFD)
            writeFixedInteger(value, width: 3)
        default:
            bytes.append(0xFE)
            writeFixedInteger(value, width: 8)
        }
    }

    public mutating func writeNull() { bytes.append(0xFB) }

    public mutating func writeLengthEncodedBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        writeLengthEncodedInteger(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    public mutating func writeLengthEncodedString(_ string: String) {
        writeLengthEncodedBytes(string.utf8)
    }

    public mutating func writeNullTerminatedString(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        bytes.append(0)
    }

    public mutating func writeZeros(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }
}
