import Protocol

/// Failures of the storage layer that are not plain SQLite errors. SQLite's own failures
/// (constraint violations, syntax errors) are thrown as `SQLiteError`.
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A committed transaction touches a table this node does not have yet (its CREATE has
    /// not arrived). Nothing was changed; apply again once the DDL is in.
    case schemaMissing(table: String)
    /// The operation needs the connection outside a client capture (apply, snapshot, ...).
    case captureInProgress
    /// `execute` / `endCapture` without `beginCapture`.
    case noCaptureInProgress
    /// SQLite rolled the whole capture transaction back by itself (an OR ROLLBACK conflict
    /// clause, RAISE(ROLLBACK)); the capture is over and its changes are gone.
    case captureAborted(SQLiteError)
    /// Transaction control, ATTACH, writes to internal tables and similar statements are
    /// refused on the client path; the node owns transactions.
    case statementNotAllowed(String)
    case invalidDatabaseName(String)
    case noSuchDatabase(String)
    /// A transaction or row change that cannot be applied as given (wrong database, key of
    /// the wrong arity, sequence 0).
    case invalidTransaction(String)
    /// A table shape we cannot capture (for example, columns the preupdate hook cannot see).
    case unsupportedTable(table: String, reason: String)
    /// Snapshot bytes that are not a Marmot database file.
    case snapshotInvalid(String)
    /// A log entry that no longer decodes.
    case corruptLog(origin: NodeID, sequence: UInt64, reason: String)
    case closed

    public var description: String {
        switch self {
        case .schemaMissing(let t): return "table \(t) does not exist (schema not replicated yet)"
        case .captureInProgress: return "a capture is in progress on this database"
        case .noCaptureInProgress: return "no capture in progress"
        case .captureAborted(let e): return "transaction rolled back by SQLite: \(e.message)"
        case .statementNotAllowed(let s): return "statement not allowed here: \(s)"
        case .invalidDatabaseName(let n): return "invalid database name '\(n)'"
        case .noSuchDatabase(let n): return "unknown database '\(n)'"
        case .invalidTransaction(let s): return "invalid transaction: \(s)"
        case .unsupportedTable(let t, let r): return "table \(t) cannot be replicated: \(r)"
        case .snapshotInvalid(let s): return "invalid snapshot: \(s)"
        case .corruptLog(let o, let s, let r): return "log entry \(o)/\(s) is corrupt: \(r)"
        case .closed: return "database is closed"
        }
    }
}
