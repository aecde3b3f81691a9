import Node
import Protocol
import Storage

/// Read-only looks into a node's SQLite files for the checkers: which databases it has, their
/// digests, stream states, row versions. Reads never change what the node will do next.
struct StorageProbe {
    let process: MarmotNode

    func databaseNames() throws -> [String] {
        try process.storage.databaseNames().sorted()
    }

    func digest(_ database: String) throws -> UInt64 {
        try process.storage.database(named: database).digest()
    }

    /// Stream states with something applied, sorted by (database, origin).
    func streams(_ database: String) throws -> [StreamState] {
        try process.storage.database(named: database).streamStates()
            .filter { $0.applied > 0 }
            .sorted { ($0.database, $0.origin) < ($1.database, $1.origin) }
    }

    func tables(_ database: String) throws -> Set<String> {
        Set(try process.storage.database(named: database).userTables())
    }

    func rowVersion(_ database: String, _ key: RowKey) throws -> (version: HLCTimestamp, deleted: Bool)? {
        try process.storage.database(named: database).rowVersion(key)
    }

    func row(_ database: String, _ key: RowKey) throws -> [String: SQLValue]? {
        try process.storage.database(named: database).row(key)
    }
}
