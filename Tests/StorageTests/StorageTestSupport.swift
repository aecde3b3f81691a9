import Foundation
import Protocol
import XCTest
@testable import Storage

/// A fresh directory under the system temp dir, removed by `remove()` (call from tearDown).
final class TempDir {
    let path: String
    nonisolated(unsafe) private static var counter = 0

    init(_ label: String = "storage") {
        TempDir.counter += 1
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/marmot-\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(TempDir.counter)"
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Builders for committed transactions and row changes.
enum T {
    static let database = "app"

    static func ts(_ wall: UInt64, _ node: UInt64, logical: UInt32 = 0) -> HLCTimestamp {
        HLCTimestamp(wall: wall, logical: logical, node: NodeID(node))
    }

    static func txn(origin: UInt64, seq: UInt64, wall: UInt64, logical: UInt32 = 0, database: String = database,
                    ddl: [String] = [], _ changes: [RowChange] = []) -> CommittedTransaction {
        let t = ts(wall, origin, logical: logical)
        return CommittedTransaction(id: TransactionID(t), sequence: seq, commitTimestamp: t,
                                    writes: WriteSet(database: database, ddl: ddl, changes: changes))
    }

    static func key(_ table: String, _ values: SQLValue...) -> RowKey { RowKey(table: table, values: values) }

    static func insert(_ table: String, _ key: [SQLValue], _ columns: [String], _ values: [SQLValue]) -> RowChange {
        RowChange(kind: .insert, key: RowKey(table: table, values: key), columns: columns, before: nil, after: values)
    }

    static func update(_ table: String, _ key: [SQLValue], _ columns: [String], _ values: [SQLValue]) -> RowChange {
        RowChange(kind: .update, key: RowKey(table: table, values: key), columns: columns, before: values, after: values)
    }

    static func delete(_ table: String, _ key: [SQLValue]) -> RowChange {
        RowChange(kind: .delete, key: RowKey(table: table, values: key), columns: [], before: nil, after: nil)
    }

    /// kv(k INTEGER PRIMARY KEY, v TEXT)
    static let kvDDL = "CREATE TABLE IF NOT EXISTS kv(k INTEGER PRIMARY KEY, v TEXT)"
    static func kv(_ k: Int64, _ v: String) -> RowChange { insert("kv", [.integer(k)], ["k", "v"], [.integer(k), .text(v)]) }
    static func kvUpdate(_ k: Int64, _ v: String) -> RowChange { update("kv", [.integer(k)], ["k", "v"], [.integer(k), .text(v)]) }
    static func kvDelete(_ k: Int64) -> RowChange { delete("kv", [.integer(k)]) }

    /// users(id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT)
    static let usersDDL = "CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT)"
    static func user(_ id: Int64, _ email: String, _ name: String = "n") -> RowChange {
        insert("users", [.integer(id)], ["id", "email", "name"], [.integer(id), .text(email), .text(name)])
    }
    static func userUpdate(_ id: Int64, _ email: String, _ name: String = "n") -> RowChange {
        update("users", [.integer(id)], ["id", "email", "name"], [.integer(id), .text(email), .text(name)])
    }

    /// The schema transaction every data test starts with (origin 100, seq 1).
    static func schema(_ ddl: String...) -> CommittedTransaction {
        txn(origin: 100, seq: 1, wall: 1, ddl: ddl)
    }
}

extension DatabaseFile {
    /// All rows of a table ordered by key, for assertions.
    func rows(_ table: String) throws -> [[SQLValue]] {
        try query("SELECT * FROM \(table) ORDER BY 1").rows
    }
}
