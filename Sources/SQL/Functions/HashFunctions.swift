import Hashes
import Foundation
import Protocol

extension MySQLFunctions {
    static func hashFunctions() -> [Definition] {
        @Sendable func bytes(_ v: SQLValue) -> [UInt8]? {
            if case .blob(let b) = v { return b }
            return v.mysqlText.map { Array($0.utf8) }
        }
        return [
            Definition("MD5", 1) { args in bytes(args[0]).map { .text(hexString(Digest.md5($0), upper: false)) } ?? .null },
            Definition("SHA1", 1) { args in bytes(args[0]).map { .text(hexString(Digest.sha1($0), upper: false)) } ?? .null },
            Definition("SHA", 1) { args in bytes(args[0]).map { .text(hexString(Digest.sha1($0), upper: false)) } ?? .null },
            Definition("SHA2", 2) { args in
                guard let b = bytes(args[0]), let bits = args[1].mysqlInt else { return .null }
                let digest: [UInt8]
                switch bits {
                case 0, 256: digest = Digest.sha256(b)
                case 224: digest = Digest.sha224(b)
                case 384: digest = Digest.sha384(b)
                case 512: digest = Digest.sha512(b)
                default: return .null
                }
                return .text(hexString(digest, upper: false))
            },
            Definition("CRC32", 1) { args in bytes(args[0]).map { .integer(Int64(Digest.crc32($0))) } ?? .null },
        ]
    }
}

