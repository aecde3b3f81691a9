import Protocol

/// 64-bit FNV-1a: small, dependency-free, and the same on every platform and process
/// (unlike Swift's seeded `Hasher`), which is what a cross-node content digest needs.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
    }

    mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes { add(b) }
    }

    /// Values in their canonical, self-delimiting key encoding.
    mutating func add(_ value: SQLValue) {
        var buffer: [UInt8] = []
        KeyEncoding.append(value, to: &buffer)
        add(buffer)
    }
}
