/// Timers of the DDL lease lock, with tokens so stale firings are dropped.
public struct DDLLockTimer: Hashable, Sendable {
    public enum Kind: UInt8, Hashable, Sendable {
        /// Requester: stop waiting for grants of this attempt.
        case attemptDeadline = 1
        /// Requester: try again after a denied or timed-out attempt.
        case retry = 2
        /// Holder: the lease ran out.
        case leaseExpiry = 3
    }
    public var kind: Kind
    public var database: String
    public var token: UInt64
    public init(kind: Kind, database: String, token: UInt64) {
        self.kind = kind
        self.database = database
        self.token = token
    }
}
