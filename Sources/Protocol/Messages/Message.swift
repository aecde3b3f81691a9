/// Every message between nodes travels in an envelope that carries the sender's HLC, so
/// clocks advance on every receive.
public struct Envelope: Hashable, Sendable {
    public var from: NodeID
    public var to: NodeID
    public var clock: HLCTimestamp
    public var message: Message

    public init(from: NodeID, to: NodeID, clock: HLCTimestamp, message: Message) {
        self.from = from
        self.to = to
        self.clock = clock
        self.message = message
    }
}

/// The node-to-node protocol. One case per message of every role; the codec gives each a
/// fixed tag, so cases may be added but never renumbered.
public enum Message: Hashable, Sendable {
    // Membership (SWIM)
    case ping(Ping)
    case pingRequest(PingRequest)
    case ack(Ack)
    case join(Join)
    case joinReply(JoinReply)
    // Write transactions (2PC with write intents)
    case prepare(Prepare)
    case vote(Vote)
    case commit(Commit)
    case commitAck(CommitAck)
    case abort(Abort)
    case decisionQuery(DecisionQuery)
    case decisionReply(DecisionReply)
    // Anti-entropy
    case syncStateRequest(SyncStateRequest)
    case syncState(SyncState)
    case changesRequest(ChangesRequest)
    case changes(ChangesBatch)
    case snapshotRequest(SnapshotRequest)
    case snapshotChunk(SnapshotChunk)
    // DDL lease lock
    case lockRequest(LockRequest)
    case lockReply(LockReply)
    case lockRelease(LockRelease)
}

// MARK: Membership

public struct Ping: Hashable, Sendable {
    public var sequence: UInt64
    public var updates: [MemberInfo]
    public init(sequence: UInt64, updates: [MemberInfo]) { self.sequence = sequence; self.updates = updates }
}

/// Ask `target` to be pinged on our behalf (SWIM's indirect probe).
public struct PingRequest: Hashable, Sendable {
    public var sequence: UInt64
    public var target: NodeID
    public var updates: [MemberInfo]
    public init(sequence: UInt64, target: NodeID, updates: [MemberInfo]) {
        self.sequence = sequence; self.target = target; self.updates = updates
    }
}

/// Answer to a ping; `target` is the member whose liveness it proves (the sender itself for
/// a direct ping, the probed member when relayed for a ping-req).
public struct Ack: Hashable, Sendable {
    public var sequence: UInt64
    public var target: NodeID
    public var updates: [MemberInfo]
    public init(sequence: UInt64, target: NodeID, updates: [MemberInfo]) {
        self.sequence = sequence; self.target = target; self.updates = updates
    }
}

public struct Join: Hashable, Sendable {
    public var member: MemberInfo
    public init(member: MemberInfo) { self.member = member }
}

public struct JoinReply: Hashable, Sendable {
    /// False when the joiner is REMOVED and not allowed back.
    public var accepted: Bool
    public var members: [MemberInfo]
    public init(accepted: Bool, members: [MemberInfo]) { self.accepted = accepted; self.members = members }
}

// MARK: Transactions

public struct Prepare: Hashable, Sendable {
    public var transaction: TransactionID
    public var writes: WriteSet
    public init(transaction: TransactionID, writes: WriteSet) { self.transaction = transaction; self.writes = writes }
}

public struct Vote: Hashable, Sendable {
    public var transaction: TransactionID
    public var yes: Bool
    /// Why a participant said no (only meaningful when `yes` is false).
    public var reason: AbortReason?
    public init(transaction: TransactionID, yes: Bool, reason: AbortReason?) {
        self.transaction = transaction; self.yes = yes; self.reason = reason
    }
}

/// The coordinator's decision to commit. The participant already holds the write set from
/// Prepare; the sequence and commit timestamp make it a log entry.
public struct Commit: Hashable, Sendable {
    public var transaction: TransactionID
    public var sequence: UInt64
    public var commitTimestamp: HLCTimestamp
    public init(transaction: TransactionID, sequence: UInt64, commitTimestamp: HLCTimestamp) {
        self.transaction = transaction; self.sequence = sequence; self.commitTimestamp = commitTimestamp
    }
}

public struct CommitAck: Hashable, Sendable {
    public var transaction: TransactionID
    public init(transaction: TransactionID) { self.transaction = transaction }
}

public struct Abort: Hashable, Sendable {
    public var transaction: TransactionID
    public var reason: AbortReason
    public init(transaction: TransactionID, reason: AbortReason) { self.transaction = transaction; self.reason = reason }
}

/// A prepared participant that heard nothing asks the coordinator and its peers.
public struct DecisionQuery: Hashable, Sendable {
    public var transaction: TransactionID
    public var database: String
    public init(transaction: TransactionID, database: String) { self.transaction = transaction; self.database = database }
}

public enum Decision: Hashable, Sendable {
    case committed(sequence: UInt64, commitTimestamp: HLCTimestamp)
    case aborted(AbortReason)
    /// The coordinator is still collecting votes: ask again later.
    case pending
    /// This node has no record. From the coordinator itself this means presumed abort (it
    /// lost the transaction before deciding); from anyone else it means nothing.
    case unknown
}

public struct DecisionReply: Hashable, Sendable {
    public var transaction: TransactionID
    public var decision: Decision
    public init(transaction: TransactionID, decision: Decision) { self.transaction = transaction; self.decision = decision }
}

// MARK: Anti-entropy

public struct SyncStateRequest: Hashable, Sendable {
    public init() {}
}

/// What one node holds of one origin's commits to one database.
public struct StreamState: Hashable, Sendable {
    public var origin: NodeID
    public var database: String
    /// Highest sequence applied with every lower one applied too.
    public var applied: UInt64
    /// Lowest sequence still in the log (entries below were garbage-collected or skipped by
    /// a snapshot); `applied + 1` when the log holds none.
    public var firstAvailable: UInt64
    /// Commit wall time (HLC milliseconds) of the entry at `applied`, 0 if none.
    public var appliedWallMillis: UInt64
    public init(origin: NodeID, database: String, applied: UInt64, firstAvailable: UInt64, appliedWallMillis: UInt64) {
        self.origin = origin; self.database = database; self.applied = applied
        self.firstAvailable = firstAvailable; self.appliedWallMillis = appliedWallMillis
    }
}

public struct SchemaVersion: Hashable, Sendable {
    public var database: String
    public var version: UInt64
    public init(database: String, version: UInt64) { self.database = database; self.version = version }
}

public struct SyncState: Hashable, Sendable {
    public var streams: [StreamState]
    public var schemaVersions: [SchemaVersion]
    public init(streams: [StreamState], schemaVersions: [SchemaVersion]) {
        self.streams = streams; self.schemaVersions = schemaVersions
    }
}

public struct ChangesRequest: Hashable, Sendable {
    public var origin: NodeID
    public var database: String
    public var after: UInt64
    public var limit: UInt32
    public init(origin: NodeID, database: String, after: UInt64, limit: UInt32) {
        self.origin = origin; self.database = database; self.after = after; self.limit = limit
    }
}

public struct ChangesBatch: Hashable, Sendable {
    public var origin: NodeID
    public var database: String
    public var after: UInt64
    /// Consecutive committed transactions starting at `after + 1`; empty with `gap` set when
    /// the log no longer holds `after + 1`.
    public var transactions: [CommittedTransaction]
    public var gap: Bool
    public init(origin: NodeID, database: String, after: UInt64, transactions: [CommittedTransaction], gap: Bool) {
        self.origin = origin; self.database = database; self.after = after
        self.transactions = transactions; self.gap = gap
    }
}

public struct SnapshotRequest: Hashable, Sendable {
    public var database: String
    public init(database: String) { self.database = database }
}

/// A database snapshot in pieces. The last chunk carries the streams the snapshot covers.
public struct SnapshotChunk: Hashable, Sendable {
    public var database: String
    public var snapshotID: UInt64
    public var offset: UInt64
    public var bytes: [UInt8]
    public var isLast: Bool
    public var covers: [StreamState]
    public init(database: String, snapshotID: UInt64, offset: UInt64, bytes: [UInt8], isLast: Bool, covers: [StreamState]) {
        self.database = database; self.snapshotID = snapshotID; self.offset = offset
        self.bytes = bytes; self.isLast = isLast; self.covers = covers
    }
}

// MARK: DDL lock

/// Identifies one attempt to hold a database's DDL lease.
public struct LeaseID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var holder: NodeID
    public var counter: UInt64
    public init(holder: NodeID, counter: UInt64) { self.holder = holder; self.counter = counter }
    public static func < (a: LeaseID, b: LeaseID) -> Bool {
        a.holder != b.holder ? a.holder < b.holder : a.counter < b.counter
    }
    public var description: String { "lease\(counter)@\(holder.rawValue)" }
}

public struct LockRequest: Hashable, Sendable {
    public var database: String
    public var lease: LeaseID
    public var durationMillis: UInt64
    public init(database: String, lease: LeaseID, durationMillis: UInt64) {
        self.database = database; self.lease = lease; self.durationMillis = durationMillis
    }
}

public struct LockReply: Hashable, Sendable {
    public var database: String
    public var lease: LeaseID
    public var granted: Bool
    /// Who holds the lease when denied.
    public var heldBy: LeaseID?
    public init(database: String, lease: LeaseID, granted: Bool, heldBy: LeaseID?) {
        self.database = database; self.lease = lease; self.granted = granted; self.heldBy = heldBy
    }
}

public struct LockRelease: Hashable, Sendable {
    public var database: String
    public var lease: LeaseID
    public init(database: String, lease: LeaseID) { self.database = database; self.lease = lease }
}
