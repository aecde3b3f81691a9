/// Timers of the transaction roles. A timer names the transaction and carries a token, so a
/// firing for a transaction that moved on (or a stale re-arm) is recognised and dropped.
public struct TransactionTimer: Hashable, Sendable {
    public enum Kind: UInt8, Hashable, Sendable {
        /// Coordinator: stop waiting for votes.
        case prepareDeadline = 1
        /// Coordinator: resend Commit to yes-voters that did not acknowledge.
        case commitRetry = 2
        /// Coordinator: forget a decided transaction (its decision stays in storage).
        case forget = 3
        /// Participant: the coordinator went quiet; ask for the decision.
        case resolve = 4
    }
    public var kind: Kind
    public var transaction: TransactionID
    public var token: UInt64

    public init(kind: Kind, transaction: TransactionID, token: UInt64) {
        self.kind = kind
        self.transaction = transaction
        self.token = token
    }
}

/// Where a transaction a client waits on ended.
public enum TransactionOutcome: Hashable, Sendable {
    case committed(sequence: UInt64, commitTimestamp: HLCTimestamp)
    case aborted(AbortReason)
}
