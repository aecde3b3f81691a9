/// The 20-byte nonce of the handshake. The caller supplies the randomness;
/// this maps it to the bytes MySQL itself uses (1...127, never NUL or '$'),
/// so clients that read the scramble as a C string are not cut short.
public struct AuthScramble: Hashable, Sendable {
    public static let length = 20
    public let bytes: [UInt8]

    /// Takes the first 20 bytes of `random` (zero-padded if shorter) and sanitizes them.
    public init<C: Collection>(random: C) where C.Element == UInt8 {
        var out = Array(random.prefix(Self.length))
        out.append(contentsOf: repeatElement(0, count: Self.length - out.count))
        bytes = out.map { byte in
            var c = byte & 0x7F
            if c == 0 || c == UInt8(ascii: "$") { c &+= 1 }
            return c
        }
    }
}
