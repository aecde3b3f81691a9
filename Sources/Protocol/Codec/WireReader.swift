/// Why bytes could not be decoded. Decoding never traps: truncated or hostile input ends in
/// one of these.
public enum WireError: Error, Hashable, Sendable, CustomStringConvertible {
    case truncated(needed: Int, remaining: Int)
    case unsupportedVersion(UInt8)
    case unknownTag(kind: String, tag: UInt8)
    case invalidValue(String)
    case frameTooLarge(UInt64)
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .truncated(let needed, let remaining): return "truncated input: needed \(needed) bytes, \(remaining) remain"
        case .unsupportedVersion(let v): return "unsupported wire format version \(v) (this node speaks \(WireFormat.version))"
        case .unknownTag(let kind, let tag): return "unknown \(kind) tag \(tag)"
        case .invalidValue(let what): return "invalid value: \(what)"
        case .frameTooLarge(let n): return "frame of \(n) bytes exceeds the limit of \(WireFormat.maxFrameBytes)"
        case .trailingBytes(let n): return "\(n) unexpected bytes after the message"
        }
    }
}

public enum WireFormat {
    /// Bumped when an encoding changes incompatibly; a peer with another version is refused.
    public static let version: UInt8 = 1
    public static let maxFrameBytes: UInt64 = 64 << 20
    /// Upper bound for any decoded count, so a forged length cannot make us allocate gigabytes.
    public static let maxElements: UInt64 = 16 << 20
}

/// Reads what `WireWriter` wrote; every read checks the remaining length first.
public struct WireReader: Sendable {
    private let bytes: [UInt8]
    public private(set) var position: Int

    public init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    public var remaining: Int { bytes.count - position }
    public var isAtEnd: Bool { position >= bytes.count }

    private mutating func need(_ n: Int) throws {
        if n > remaining { throw WireError.truncated(needed: n, remaining: remaining) }
    }

    public mutating func u8() throws -> UInt8 {
        try need(1)
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let b: throw WireError.invalidValue("boolean byte \(b)")
        }
    }

    public mutating func u32() throws -> UInt32 {
        try need(4)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }

    public mutating func u64() throws -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    public mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
    public mutating func f64() throws -> Double { Double(bitPattern: try u64()) }

    public mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            if shift == 63 && b > 1 { throw WireError.invalidValue("varint overflows 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 {
                // Only the shortest form is accepted, so every value has exactly one encoding
                // (the simulator hashes encoded messages; a re-encode must give the same bytes).
                if b == 0 && shift > 0 { throw WireError.invalidValue("varint not in its shortest form") }
                return result
            }
            shift += 7
            if shift > 63 { throw WireError.invalidValue("varint longer than 10 bytes") }
        }
    }

    /// A count of elements that follow; each element takes at least `minimumElementBytes`,
    /// so a count larger than the remaining input allows is rejected before allocating.
    public mutating func count(minimumElementBytes: Int = 1) throws -> Int {
        let n = try varint()
        if n > WireFormat.maxElements || n > UInt64(remaining / max(1, minimumElementBytes)) + (minimumElementBytes == 0 ? n : 0) {
            throw WireError.truncated(needed: Int(min(n, UInt64(Int32.max))), remaining: remaining)
        }
        return Int(n)
    }

    public mutating func byteString() throws -> [UInt8] {
        let n = try count()
        try need(n)
        defer { position += n }
        return Array(bytes[position..<(position + n)])
    }

    public mutating func string() throws -> String {
        let b = try byteString()
        // Decoding repairs ill-formed UTF-8 with U+FFFD, so the bytes survive unchanged exactly
        // when they were valid. (Portable: `String(validating:as:)` needs macOS 15.)
        let s = String(decoding: b, as: UTF8.self)
        guard s.utf8.elementsEqual(b) else { throw WireError.invalidValue("string is not UTF-8") }
        return s
    }

    public func expectEnd() throws {
        if remaining != 0 { throw WireError.trailingBytes(remaining) }
    }
}
