/// A transaction id, unique cluster-wide by construction: the coordinator's HLC timestamp at
/// the start of the transaction, which includes the coordinator's node id. HLCs are strictly
/// monotonic per node (and floored across restarts by the node's log), so no two
/// transactions share an id.
public struct TransactionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var timestamp: HLCTimestamp
    public init(_ timestamp: HLCTimestamp) { self.timestamp = timestamp }
    public var coordinator: NodeID { timestamp.node }
    public static func < (a: TransactionID, b: TransactionID) -> Bool { a.timestamp < b.timestamp }
    public var description: String { "tx\(timestamp)" }
}

/// Write consistency levels. QUORUM is a majority of every non-REMOVED member, dead ones
/// counted, so a partitioned minority can never commit.
public enum Consistency: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case one = 1, quorum = 2, all = 3

    public init?(name: String) {
        switch name.uppercased() {
        case "ONE": self = .one
        case "QUORUM": self = .quorum
        case "ALL": self = .all
        default: return nil
        }
    }

    public var description: String {
        switch self { case .one: "ONE"; case .quorum: "QUORUM"; case .all: "ALL" }
    }

    /// Acknowledgements (the coordinator's own included) needed among `members` voters.
    public func required(members: Int) -> Int {
        switch self {
        case .one: return 1
        case .quorum: return members / 2 + 1
        case .all: return members
        }
    }
}

/// A transaction as the log keeps it once committed. `sequence` numbers the commits of one
/// origin (coordinator) in one database 1, 2, 3, ... without gaps, which is what lets a node
/// name exactly what it has and what it lacks.
public struct CommittedTransaction: Hashable, Sendable {
    public var id: TransactionID
    public var sequence: UInt64
    public var commitTimestamp: HLCTimestamp
    public var writes: WriteSet

    public init(id: TransactionID, sequence: UInt64, commitTimestamp: HLCTimestamp, writes: WriteSet) {
        self.id = id
        self.sequence = sequence
        self.commitTimestamp = commitTimestamp
        self.writes = writes
    }

    public var origin: NodeID { id.coordinator }
    public var database: String { writes.database }
}

/// Why a transaction did not commit; the MySQL layer maps these to 1213 and 1205.
public enum AbortReason: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// Another live transaction holds an intent on a key we write (MySQL 1213, retryable).
    case conflict = 1
    /// Not enough members answered before the prepare deadline (MySQL 1205).
    case timeout = 2
    /// The consistency level cannot be met with the members alive now (MySQL 1205).
    case notEnoughNodes = 3
    /// The DDL lease of the database could not be obtained (MySQL 1205).
    case ddlLockUnavailable = 4
    /// The coordinator lost its state (a crash) before deciding: presumed abort.
    case coordinatorLost = 5
    /// A participant could not apply the write set (bad row images, unknown table).
    case rejected = 6

    public var mysqlErrorCode: Int {
        switch self {
        case .conflict: return 1213
        case .timeout, .notEnoughNodes, .ddlLockUnavailable, .coordinatorLost: return 1205
        case .rejected: return 1105
        }
    }

    public var description: String {
        switch self {
        case .conflict: return "write conflict"
        case .timeout: return "timeout waiting for votes"
        case .notEnoughNodes: return "not enough nodes for the consistency level"
        case .ddlLockUnavailable: return "DDL lock unavailable"
        case .coordinatorLost: return "coordinator lost the transaction"
        case .rejected: return "rejected by a participant"
        }
    }
}
