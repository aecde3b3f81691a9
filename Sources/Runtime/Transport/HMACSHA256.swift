import Hashes
import MySQLWire

/// HMAC-SHA256 (RFC 2104) over MySQLWire's SHA-256: the cluster handshake's proof.
public enum HMACSHA256 {
    public static let blockSize = 64

    public static func mac<K: Collection, M: Collection>(key: K, message: M) -> [UInt8]
        where K.Element == UInt8, M.Element == UInt8 {
        var k = Array(key)
        if k.count > blockSize { k = SHA256.hash(k) }
        k += [UInt8](repeating: 0, count: blockSize - k.count)
        var inner = SHA256()
        inner.update(k.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outer.update(k.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// Compares without an early exit, so timing does not tell how much of a guess was right.
    public static func constantTimeEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
        where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
