/// FNV-1a (64 bit) folded over everything observable in a run: delivered messages, timer
/// firings, client replies. Two runs of the same scenario and seed must end with the same value.
public struct TraceHash: Hashable, Sendable, CustomStringConvertible {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    public init() {}

    public mutating func fold(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    public mutating func fold(_ bytes: [UInt8]) {
        for b in bytes { fold(b) }
    }

    public mutating func fold(_ v: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { fold(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    public mutating func fold(_ v: Int64) { fold(UInt64(bitPattern: v)) }

    public mutating func fold(_ s: String) {
        fold(UInt64(s.utf8.count))
        for b in s.utf8 { fold(b) }
    }

    public var description: String { Self.hex(value) }

    public static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
