import Hashes
/// mysql_native_password: the client sends SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw)));
/// the server keeps only SHA1(SHA1(pw)) ("stage 2") and checks
/// SHA1(response XOR SHA1(scramble + stage2)) == stage2.
public enum NativePassword {
    public static let pluginName = "mysql_native_password"

    /// SHA1(SHA1(password)): what a user table stores.
    public static func stage2Hash(password: String) -> [UInt8] {
        SHA1.hash(SHA1.hash(Array(password.utf8)))
    }

    /// The client's answer to `scramble` (empty for an empty password).
    public static func scramble(password: String, scramble: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = SHA1.hash(Array(password.utf8))
        let stage2 = SHA1.hash(stage1)
        let mask = SHA1.hash(scramble + stage2)
        return zip(stage1, mask).map { $0 ^ $1 }
    }

    /// Whether `response` proves knowledge of the password behind `stage2`.
    /// `stage2 == nil` means the account has no password: only an empty response passes.
    public static func verify(response: [UInt8], scramble: [UInt8], stage2: [UInt8]?) -> Bool {
        guard let stage2 else { return response.isEmpty }
        guard response.count == 20, stage2.count == 20 else { return false }
        let mask = SHA1.hash(scramble + stage2)
        let candidateStage1 = zip(response, mask).map { $0 ^ $1 }
        return constantTimeEqual(SHA1.hash(candidateStage1), stage2)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}
