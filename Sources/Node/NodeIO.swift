import Protocol
import Storage

/// Everything that can happen to a node. The drivers (Runtime, Simulator) turn sockets,
/// timers and clients into these and feed them in with the node's current local time.
public enum NodeInput: Sendable {
    case message(Envelope)
    case timer(NodeTimer)
    case client(ClientRequest)
    case admin(AdminCommand)
    /// A client connection went away: drop its open transaction, if any.
    case sessionClosed(UInt64)
}

public enum AdminCommand: Hashable, Sendable {
    case remove(NodeID)
    case allow(NodeID)
}

/// Everything a node asks its driver to do, plus observations that tests, metrics and logs
/// read (they change nothing when ignored).
public enum NodeAction: Sendable {
    case send(Envelope)
    /// A message for a peer known only by address (joining through seeds).
    case sendToAddress(String, Envelope)
    /// Fire `timer` when the node's local clock reaches `at`; replaces an earlier setting.
    case setTimer(NodeTimer, at: Milliseconds)
    case cancelTimer(NodeTimer)
    case reply(ClientReply)
    case observe(NodeObservation)
}

/// Facts a node reports about itself as they happen.
public enum NodeObservation: Sendable {
    /// A committed transaction was applied to this node's copy (by commit, delta sync or its
    /// own coordination). Snapshot merges report `.snapshotInstalled` instead.
    case applied(CommittedTransaction)
    case snapshotInstalled(database: String, covers: [StreamState])
    /// This node coordinated `transaction` and aborted it: it must never be applied anywhere.
    case aborted(TransactionID, AbortReason)
    case memberChanged(MemberInfo)
    /// This node holds the DDL lease of `database` from `from` until `until` (local clock).
    case leaseHeld(database: String, lease: LeaseID, from: Milliseconds, until: Milliseconds)
    case leaseReleased(database: String, lease: LeaseID)
    /// Something worth a log line (why a transaction aborted, a sync fell back to snapshot).
    case log(String)
}

/// An opaque timer identity; the node recognises stale firings by their token.
public struct NodeTimer: Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Hashable, Sendable {
        case membership(MembershipTimer)
        case transaction(TransactionTimer)
        case antiEntropy(AntiEntropyTimer)
        case ddlLock(DDLLockTimer)
        case housekeeping
    }
    package var kind: Kind
    package init(_ kind: Kind) { self.kind = kind }
    public var description: String { "\(kind)" }
}

/// A statement from a client session. `database` is the session's current database.
public struct ClientRequest: Hashable, Sendable {
    public var id: UInt64
    public var database: String
    public var sql: String
    /// Per-statement consistency; nil means the node's default.
    public var consistency: Consistency?
    /// The client session (connection) the statement belongs to; explicit transactions
    /// (BEGIN ... COMMIT) live per session. 0: no session, every statement autocommits.
    public var session: UInt64

    public init(id: UInt64, database: String, sql: String, consistency: Consistency? = nil, session: UInt64 = 0) {
        self.id = id
        self.database = database
        self.sql = sql
        self.consistency = consistency
        self.session = session
    }
}

public struct ClientReply: Sendable {
    public var id: UInt64
    public var result: Result<StatementOutcome, ClientError>

    public init(id: UInt64, result: Result<StatementOutcome, ClientError>) {
        self.id = id
        self.result = result
    }
}

public struct StatementOutcome: Hashable, Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    /// Declared SQL types of the result columns (nil for expressions), when known.
    public var declaredTypes: [String?] = []
    public var affectedRows: Int
    public var lastInsertID: Int64
    /// Set for writes that committed: which log entry they became.
    public var committed: CommittedReference?

    public init(columns: [String] = [], rows: [[SQLValue]] = [], declaredTypes: [String?] = [], affectedRows: Int = 0, lastInsertID: Int64 = 0, committed: CommittedReference? = nil) {
        self.columns = columns
        self.rows = rows
        self.declaredTypes = declaredTypes
        self.affectedRows = affectedRows
        self.lastInsertID = lastInsertID
        self.committed = committed
    }
}

public struct CommittedReference: Hashable, Sendable {
    public var transaction: TransactionID
    public var database: String
    public var sequence: UInt64
    public var consistency: Consistency

    public init(transaction: TransactionID, database: String, sequence: UInt64, consistency: Consistency) {
        self.transaction = transaction
        self.database = database
        self.sequence = sequence
        self.consistency = consistency
    }
}

/// An error a client sees, with its MySQL code (1213 conflict, 1205 timeout or not enough
/// nodes, 1146 no table, 1064 syntax, 1062 duplicate key, 1049 unknown database, ...).
public struct ClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "ERROR \(code): \(message)" }
}

/// How a node is set up; the daemon fills it from TOML, the simulator from a scenario.
public struct NodeConfiguration: Sendable {
    public var id: NodeID
    public var address: String
    public var seedAddresses: [String]
    public var protocolConfig: ProtocolConfig
    public var synchronous: Synchronous

    public init(id: NodeID, address: String, seedAddresses: [String], protocolConfig: ProtocolConfig, synchronous: Synchronous) {
        self.id = id
        self.address = address
        self.seedAddresses = seedAddresses
        self.protocolConfig = protocolConfig
        self.synchronous = synchronous
    }
}
