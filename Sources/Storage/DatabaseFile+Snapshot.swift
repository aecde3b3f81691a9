import Foundation
import Protocol

/// A consistent copy of a database for a node whose log position was garbage-collected
/// away, with the stream positions it contains.
public struct Snapshot: Hashable, Sendable {
    public var bytes: [UInt8]
    public var covers: [StreamState]

    public init(bytes: [UInt8], covers: [StreamState]) {
        self.bytes = bytes
        self.covers = covers
    }
}

extension DatabaseFile {
    static let snapshotSchema = "__marmot_snap"

    /// Copies the database with `VACUUM INTO` (one read transaction, so writers may go on),
    /// reads the stream positions from the copy itself (so they describe exactly its rows),
    /// strips the log (the receiver cannot use it) and returns the file's bytes.
    public func makeSnapshot() throws -> Snapshot {
        try ensureUsable()
        let tmp = scratchPath("snapshot")
        Self.removeFiles(at: tmp)
        defer { Self.removeFiles(at: tmp) }
        try connection.run("VACUUM INTO ?1", [.text(tmp)])
        let copy = try SQLiteConnection(path: tmp)
        var covers: [StreamState] = []
        do {
            try copy.execute("PRAGMA journal_mode=DELETE")
            try copy.forEachRow("SELECT origin, applied, first_available, applied_wall FROM __marmot_streams") { row in
                covers.append(StreamState(origin: NodeID(row[0].uint64), database: name, applied: row[1].uint64,
                                          firstAvailable: row[1].uint64 + 1, appliedWallMillis: row[3].uint64))
                return true
            }
            try copy.execute("DELETE FROM __marmot_log; DELETE FROM __marmot_pending_seq; VACUUM;")
            copy.close()
        } catch {
            copy.close()
            throw error
        }
        guard let data = FileManager.default.contents(atPath: tmp) else {
            throw StorageError.snapshotInvalid("snapshot file \(tmp) could not be read")
        }
        return Snapshot(bytes: [UInt8](data), covers: covers.sorted { $0.origin < $1.origin })
    }

    public func mergeSnapshot(_ snapshot: Snapshot) throws {
        try mergeSnapshot(bytes: snapshot.bytes, covers: snapshot.covers)
    }

    /// Merges a snapshot in one transaction: creates the tables, indexes, views and triggers
    /// (and columns) it has and this file lacks, merges its tombstones and rows by LWW with
    /// their versions (a row without a version counts as oldest), then moves each covered
    /// stream up to the snapshot's position. Local log entries at or below a new position
    /// are dropped: they can no longer be served contiguously.
    public func mergeSnapshot(bytes: [UInt8], covers: [StreamState]) throws {
        try ensureUsable()
        for c in covers where c.database != name {
            throw StorageError.snapshotInvalid("covers stream of database \(c.database), merging into \(name)")
        }
        let tmp = scratchPath("merge")
        Self.removeFiles(at: tmp)
        defer { Self.removeFiles(at: tmp) }
        guard FileManager.default.createFile(atPath: tmp, contents: Data(bytes)) else {
            throw StorageError.snapshotInvalid("cannot write \(tmp)")
        }
        do {
            try connection.run("ATTACH DATABASE ?1 AS \(Self.snapshotSchema)", [.text(tmp)])
        } catch let error as SQLiteError where error.isNotADatabase {
            throw StorageError.snapshotInvalid(error.message)
        }
        defer {
            // Statements prepared against the attached file must not outlive it.
            connection.clearStatementCache()
            _ = try? connection.run("DETACH DATABASE \(Self.snapshotSchema)")
            invalidateSchemaCaches()
        }
        do {
            try writeTransaction {
                let marker = try connection.scalar(
                    "SELECT 1 FROM \(Self.snapshotSchema).sqlite_master WHERE name = '__marmot_row_versions'")
                guard marker != nil else { throw StorageError.snapshotInvalid("not a Marmot database file") }
                try mergeSchema()
                var written: Set<KeyID> = []
                try mergeTombstones(written: &written)
                try mergeRows(written: &written)
                try mergeStreams(covers)
                let theirs = try connection.scalar(
                    "SELECT value FROM \(Self.snapshotSchema).__marmot_meta WHERE key = 'schema_version'")?.uint64 ?? 0
                if theirs > (try metaInteger("schema_version")) { try setMetaInteger("schema_version", theirs) }
            }
        } catch let error as SQLiteError where error.isNotADatabase {
            throw StorageError.snapshotInvalid(error.message)
        }
    }

    /// Creates what the snapshot's schema has and ours lacks: objects by name, and columns
    /// of tables both have (ALTER TABLE ADD COLUMN, the only change a replicated schema
    /// makes without a new name).
    private func mergeSchema() throws {
        let s = Self.snapshotSchema
        var objects: [(type: String, name: String, sql: String)] = []
        try connection.forEachRow("""
            SELECT type, name, sql FROM \(s).sqlite_master
            WHERE sql IS NOT NULL AND name NOT GLOB 'sqlite_*' AND name NOT GLOB '__marmot_*'
              AND tbl_name NOT GLOB '__marmot_*'
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid
            """) { row in
            if case .text(let type) = row[0], case .text(let name) = row[1], case .text(let sql) = row[2] {
                objects.append((type, name, sql))
            }
            return true
        }
        for object in objects {
            let exists = try connection.scalar(
                "SELECT 1 FROM main.sqlite_master WHERE type = ?1 AND name = ?2 COLLATE NOCASE",
                [.text(object.type), .text(object.name)]) != nil
            if !exists {
                try connection.execute(object.sql)
                invalidateSchemaCaches()
            } else if object.type == "table" {
                try addMissingColumns(object.name)
            }
        }
    }

    private func addMissingColumns(_ table: String) throws {
        guard let local = try tableInfo(table) else { return }
        var additions: [String] = []
        try connection.forEachRow("""
            SELECT name, type, "notnull", dflt_value FROM pragma_table_xinfo(?1, '\(Self.snapshotSchema)')
            WHERE hidden = 0 ORDER BY cid
            """, [.text(table)]) { row in
            guard case .text(let column) = row[0], local.column(column) == nil else { return true }
            var def = "ALTER TABLE \(local.quotedName) ADD COLUMN \(quoteIdentifier(column))"
            if case .text(let type) = row[1], !type.isEmpty { def += " \(type)" }
            if case .text(let dflt) = row[3] {
                if row[2].int64 != 0 { def += " NOT NULL" }
                def += " DEFAULT \(dflt)"
            }
            additions.append(def)
            return true
        }
        for sql in additions { try connection.execute(sql) }
        if !additions.isEmpty { invalidateSchemaCaches() }
    }

    private func mergeTombstones(written: inout Set<KeyID>) throws {
        var tombstones: [(table: String, key: [UInt8], version: HLCTimestamp)] = []
        try connection.forEachRow("""
            SELECT tbl, pk, wall, logical, node FROM \(Self.snapshotSchema).__marmot_row_versions
            WHERE deleted = 1 ORDER BY tbl, pk
            """) { row in
            if case .text(let t) = row[0], case .blob(let k) = row[1] {
                tombstones.append((t, k, HLCTimestamp(sqlWall: row[2], logical: row[3], node: row[4])))
            }
            return true
        }
        for t in tombstones {
            let info = try tableInfo(t.table)
            let id = KeyID(table: info?.name ?? t.table, key: t.key)
            guard try wins(id, t.version, written: []) else { continue }
            if let info, let key = KeyDecoding.decode(t.key), key.count == info.keyArity {
                try deleteRow(info, key)
            }
            try storeVersion(id, t.version, deleted: true)
            written.insert(id)
        }
    }

    private func mergeRows(written: inout Set<KeyID>) throws {
        let s = Self.snapshotSchema
        var tables: [String] = []
        try connection.forEachRow("""
            SELECT name FROM \(s).sqlite_master WHERE type = 'table'
            AND name NOT GLOB 'sqlite_*' AND name NOT GLOB '__marmot_*'
            """) { row in
            if case .text(let n) = row[0] { tables.append(n) }
            return true
        }
        for table in tables.sorted() {
            guard let local = try tableInfo(table),
                  let theirs = try TableInfo.load(table, schema: s, connection: connection) else { continue }
            let keyIndexes: [Int]
            if local.keyedByRowid {
                keyIndexes = [0]
            } else {
                keyIndexes = try local.primaryKey.map { k in
                    guard let i = theirs.columns.firstIndex(where: { $0.lowercased() == k.lowercased() }) else {
                        throw StorageError.snapshotInvalid("table \(table) lacks key column \(k)")
                    }
                    return i
                }
            }
            let columns = theirs.columns.map(quoteIdentifier).joined(separator: ", ")
            let select = local.keyedByRowid ? "rowid, \(columns)" : columns
            var rows: [[SQLValue]] = []
            try connection.forEachRow("SELECT \(select) FROM \(quoteIdentifier(s)).\(theirs.quotedName)") { row in
                rows.append(row)
                return true
            }
            var writes: [VersionedWrite] = []
            for row in rows {
                let key = keyIndexes.map { row[$0] }
                let image = local.keyedByRowid ? Array(row.dropFirst()) : row
                var keyBytes: [UInt8] = []
                for v in key { KeyEncoding.append(v, to: &keyBytes) }
                var version = HLCTimestamp.zero
                try connection.forEachRow("SELECT wall, logical, node FROM \(s).__marmot_row_versions WHERE tbl = ?1 AND pk = ?2",
                                          [.text(theirs.name), .blob(keyBytes)]) { v in
                    version = HLCTimestamp(sqlWall: v[0], logical: v[1], node: v[2])
                    return false
                }
                let w = makeWrite(local, key: key, columns: theirs.columns, values: image, version: version)
                if try wins(w.id, version, written: []) { writes.append(w) }
            }
            _ = try applyUpserts(writes, written: &written)
        }
    }

    private func mergeStreams(_ covers: [StreamState]) throws {
        for c in covers.sorted(by: { $0.origin < $1.origin }) {
            var s = try streamRow(c.origin) ?? .empty
            guard c.applied > s.applied else { continue }
            let params: [SQLValue] = [.uint(c.origin.rawValue), .uint(c.applied)]
            try connection.run("DELETE FROM __marmot_log WHERE origin = ?1 AND seq <= ?2", params)
            try connection.run("DELETE FROM __marmot_pending_seq WHERE origin = ?1 AND seq <= ?2", params)
            s.applied = c.applied
            s.firstAvailable = c.applied + 1
            s.appliedWall = c.appliedWallMillis
            try advanceOverPending(c.origin, &s)
            try saveStream(c.origin, s)
        }
    }
}
