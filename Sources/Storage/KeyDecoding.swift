import Protocol

/// The inverse of `KeyEncoding.append`: row versions store keys encoded, and merging a
/// snapshot's tombstones needs the values back to delete the rows.
enum KeyDecoding {
    static func decode(_ bytes: [UInt8]) -> [SQLValue]? {
        var out: [SQLValue] = []
        var i = 0
        func fixed(_ n: Int) -> UInt64? {
            guard i + n <= bytes.count else { return nil }
            var u: UInt64 = 0
            for k in 0..<n { u = (u << 8) | UInt64(bytes[i + k]) }
            i += n
            return u
        }
        while i < bytes.count {
            let tag = bytes[i]
            i += 1
            switch tag {
            case 0:
                out.append(.null)
            case 1:
                guard let u = fixed(8) else { return nil }
                out.append(.integer(Int64(bitPattern: u ^ (1 << 63))))
            case 2:
                guard let u = fixed(8) else { return nil }
                out.append(.real(Double(bitPattern: u)))
            case 3, 4:
                guard let n = fixed(4).map(Int.init), i + n <= bytes.count else { return nil }
                let body = Array(bytes[i..<(i + n)])
                i += n
                out.append(tag == 3 ? .text(String(decoding: body, as: UTF8.self)) : .blob(body))
            default:
                return nil
            }
        }
        return out
    }
}
