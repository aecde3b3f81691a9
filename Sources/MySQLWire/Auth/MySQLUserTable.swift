import Hashes
/// The accounts a connection may log in as. Passwords are never stored:
/// an account keeps SHA1(SHA1(pw)) for mysql_native_password and, optionally,
/// SHA256(SHA256(pw)) for the caching_sha2_password fast path.
public struct MySQLUserTable: Sendable, Equatable {
    public struct Account: Sendable, Equatable {
        /// nil: the account has no password.
        public var nativeStage2: [UInt8]?
        public var sha256Stage2: [UInt8]?

        public init(nativeStage2: [UInt8]?, sha256Stage2: [UInt8]? = nil) {
            self.nativeStage2 = nativeStage2
            self.sha256Stage2 = sha256Stage2
        }

        /// Both hashes from a clear-text password ("" = no password).
        public init(password: String) {
            if password.isEmpty {
                self.init(nativeStage2: nil)
            } else {
                self.init(nativeStage2: NativePassword.stage2Hash(password: password),
                          sha256Stage2: CachingSHA2Password.stage2Hash(password: password))
            }
        }

        public var hasPassword: Bool { nativeStage2 != nil }
    }

    public var accounts: [String: Account]

    public init(accounts: [String: Account] = [:]) { self.accounts = accounts }

    /// A table with `root` and no password (Marmot's out-of-the-box default).
    public static let rootWithoutPassword = MySQLUserTable(accounts: ["root": Account(nativeStage2: nil)])

    public subscript(user: String) -> Account? {
        get { accounts[user] }
        set { accounts[user] = newValue }
    }
}
