import Hashes
/// caching_sha2_password's fast path: the client sends
/// SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + scramble). With the account's
/// SHA256(SHA256(pw)) stored the server can check it without TLS; anything
/// else (full authentication) is not offered: the machine switches the client
/// to mysql_native_password instead.
public enum CachingSHA2Password {
    public static let pluginName = "caching_sha2_password"
    /// AuthMoreData payload announcing fast-auth success.
    static let fastAuthSuccess: [UInt8] = [0x01, 0x03]

    public static func stage2Hash(password: String) -> [UInt8] {
        SHA256.hash(SHA256.hash(Array(password.utf8)))
    }

    public static func scramble(password: String, scramble: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = SHA256.hash(Array(password.utf8))
        let stage2 = SHA256.hash(stage1)
        let mask = SHA256.hash(stage2 + scramble)
        return zip(stage1, mask).map { $0 ^ $1 }
    }

    public static func verify(response: [UInt8], scramble: [UInt8], stage2: [UInt8]) -> Bool {
        guard response.count == 32, stage2.count == 32 else { return false }
        let mask = SHA256.hash(stage2 + scramble)
        let candidateStage1 = zip(response, mask).map { $0 ^ $1 }
        return NativePassword.constantTimeEqual(SHA256.hash(candidateStage1), stage2)
    }
}
