import Protocol

/// What applying one committed transaction did.
public struct ApplyResult: Hashable, Sendable {
    /// Row changes written (deletes included).
    public var applied: Int
    /// Row changes that lost last-writer-wins (an equal or newer version was stored, or a
    /// newer row held one of their UNIQUE values) or target a dropped table.
    public var skipped: Int
    /// The transaction was already applied here; nothing was done.
    public var duplicate: Bool
    /// DDL statements run.
    public var ddlStatements: Int

    /// False for a duplicate delivery.
    public var wasApplied: Bool { !duplicate }

    public init(applied: Int = 0, skipped: Int = 0, duplicate: Bool = false, ddlStatements: Int = 0) {
        self.applied = applied
        self.skipped = skipped
        self.duplicate = duplicate
        self.ddlStatements = ddlStatements
    }
}

/// A row image to write with its version, as LWW sees it (from a transaction or a snapshot).
struct VersionedWrite {
    var info: TableInfo
    var key: [SQLValue]
    var keyBytes: [UInt8]
    /// Local column names and their values (columns the local table lacks are dropped).
    var columns: [String]
    var values: [SQLValue]
    var version: HLCTimestamp

    var id: KeyID { KeyID(table: info.name, key: keyBytes) }

    func value(of column: String) -> SQLValue? {
        let lower = column.lowercased()
        guard let i = columns.firstIndex(where: { $0.lowercased() == lower }) else { return nil }
        return values[i]
    }
}

extension DatabaseFile {
    /// Applies a committed transaction in one SQLite transaction: its DDL, then its rows by
    /// last-writer-wins on `commitTimestamp`, then the log entry and stream position.
    /// Applying the same (origin, sequence) twice is a no-op, and any order of applying a
    /// set of transactions ends in the same rows.
    ///
    /// Throws `StorageError.schemaMissing` (and changes nothing) when a row targets a table
    /// that does not exist yet.
    @discardableResult
    public func apply(_ txn: CommittedTransaction) throws -> ApplyResult {
        try ensureUsable()
        guard txn.writes.database == name else {
            throw StorageError.invalidTransaction("transaction for database \(txn.writes.database) applied to \(name)")
        }
        guard txn.sequence > 0 else { throw StorageError.invalidTransaction("sequence 0") }
        do {
            return try writeTransaction {
                if try isApplied(origin: txn.origin, sequence: txn.sequence) { return ApplyResult(duplicate: true) }
                var result = ApplyResult(ddlStatements: txn.writes.ddl.count)
                if !txn.writes.ddl.isEmpty { try runDDL(txn.writes.ddl) }
                let counts = try applyChanges(txn.writes.changes, version: txn.commitTimestamp)
                result.applied = counts.applied
                result.skipped = counts.skipped
                try appendLog(txn)
                try recordApplied(origin: txn.origin, sequence: txn.sequence, wall: txn.commitTimestamp.wall)
                return result
            }
        } catch let error as SQLiteError where error.isNoSuchTable {
            throw StorageError.schemaMissing(table: error.missingTableName ?? "?")
        }
    }

    /// Runs schema statements (idempotent forms), forgets row versions of tables they
    /// dropped and bumps the schema version once.
    func runDDL(_ statements: [String]) throws {
        let before = try userTables()
        for sql in statements { try connection.execute(sql) }
        invalidateSchemaCaches()
        let after = try userTables()
        let afterSet = Set(after.map { $0.lowercased() })
        let beforeSet = Set(before.map { $0.lowercased() })
        for table in before where !afterSet.contains(table.lowercased()) {
            try connection.run("DELETE FROM __marmot_row_versions WHERE tbl = ?1", [.text(table)])
            try connection.run("INSERT OR IGNORE INTO __marmot_dropped_tables(tbl) VALUES(?1)", [.text(table)])
        }
        for table in after where !beforeSet.contains(table.lowercased()) {
            try connection.run("DELETE FROM __marmot_dropped_tables WHERE tbl = ?1", [.text(table)])
        }
        try setMetaInteger("schema_version", try metaInteger("schema_version") + 1)
    }

    func isDroppedTable(_ table: String) throws -> Bool {
        try connection.scalar("SELECT 1 FROM __marmot_dropped_tables WHERE tbl = ?1", [.text(table)]) != nil
    }

    /// Deletes first (they free UNIQUE values), then inserts and updates.
    func applyChanges(_ changes: [RowChange], version: HLCTimestamp) throws -> (applied: Int, skipped: Int) {
        // Resolve every table first so a missing one fails before anything is written.
        var infos: [String: TableInfo] = [:]
        var dropped: Set<String> = []
        for change in changes where infos[change.table] == nil && !dropped.contains(change.table) {
            if let info = try tableInfo(change.table) {
                infos[change.table] = info
            } else if try isDroppedTable(change.table) {
                dropped.insert(change.table)
            } else {
                throw StorageError.schemaMissing(table: change.table)
            }
        }

        var applied = 0
        var skipped = 0
        var written: Set<KeyID> = []
        var upserts: [VersionedWrite] = []
        for change in changes {
            guard let info = infos[change.table] else { skipped += 1; continue }
            guard change.key.values.count == info.keyArity else {
                throw StorageError.invalidTransaction("key \(change.key) has \(change.key.values.count) values, \(info.name) has \(info.keyArity) key columns")
            }
            if change.kind == .delete {
                let id = KeyID(table: info.name, key: change.key.encoded)
                guard try wins(id, version, written: written) else { skipped += 1; continue }
                try deleteRow(info, change.key.values)
                try storeVersion(id, version, deleted: true)
                written.insert(id)
                applied += 1
            } else {
                guard let after = change.after else {
                    throw StorageError.invalidTransaction("\(change.kind) of \(change.key) without an after image")
                }
                upserts.append(makeWrite(info, key: change.key.values, columns: change.columns, values: after, version: version))
            }
        }
        let counts = try applyUpserts(upserts, written: &written)
        return (applied + counts.applied, skipped + counts.skipped)
    }

    func makeWrite(_ info: TableInfo, key: [SQLValue], columns: [String], values: [SQLValue], version: HLCTimestamp) -> VersionedWrite {
        var localColumns: [String] = []
        var localValues: [SQLValue] = []
        for (i, column) in columns.enumerated() where i < values.count {
            guard let local = info.column(column), !localColumns.contains(local) else { continue }
            localColumns.append(local)
            localValues.append(values[i])
        }
        var keyBytes: [UInt8] = []
        for v in key { KeyEncoding.append(v, to: &keyBytes) }
        return VersionedWrite(info: info, key: key, keyBytes: keyBytes, columns: localColumns, values: localValues, version: version)
    }

    /// LWW: the incoming version wins over nothing stored or an older version. An equal
    /// version only wins for a key this same batch already wrote (a write set that names a
    /// key twice).
    func wins(_ id: KeyID, _ version: HLCTimestamp, written: Set<KeyID>) throws -> Bool {
        guard let stored = try storedVersion(id) else { return true }
        if stored.version < version { return true }
        return stored.version == version && written.contains(id)
    }

    /// Writes row images by LWW, resolving UNIQUE conflicts with other rows by LWW too. A row
    /// whose UNIQUE value is still held by a row this batch will rewrite waits for it; rows
    /// that only wait on each other (a swap) have their old rows cleared first.
    func applyUpserts(_ writes: [VersionedWrite], written: inout Set<KeyID>) throws -> (applied: Int, skipped: Int) {
        var applied = 0
        var skipped = 0
        var queue = writes
        var pending = Set(queue.map(\.id))
        var allowDefer = true
        while !queue.isEmpty {
            var deferred: [VersionedWrite] = []
            for w in queue {
                pending.remove(w.id)
                guard try wins(w.id, w.version, written: written) else { skipped += 1; continue }
                switch try upsert(w, pending: pending, allowDefer: allowDefer) {
                case .written:
                    applied += 1
                    written.insert(w.id)
                case .lost:
                    skipped += 1
                    written.insert(w.id)
                case .deferred:
                    deferred.append(w)
                    pending.insert(w.id)
                }
            }
            if !deferred.isEmpty && deferred.count == queue.count {
                for w in deferred { try deleteRow(w.info, w.key) }
                allowDefer = false
            }
            queue = deferred
        }
        return (applied, skipped)
    }

    enum UpsertOutcome { case written, lost, deferred }

    /// Writes one row. On a UNIQUE conflict with other rows: if any of them holds an equal
    /// or newer version, the incoming row loses; otherwise the other rows lose and the write
    /// is retried. A loser's row is deleted and tombstoned at the loser's *own* version, so
    /// the outcome is the same whichever of the two writes arrived first, and a later write
    /// to the loser's key (newer than the loser) still applies in every order.
    /// (Tombstoning at the winner's version would make such a write's fate depend on
    /// whether the conflict was seen before it.)
    func upsert(_ w: VersionedWrite, pending: Set<KeyID>, allowDefer: Bool) throws -> UpsertOutcome {
        var attempts = 0
        while true {
            do {
                try writeRow(w)
                try storeVersion(w.id, w.version, deleted: false)
                return .written
            } catch let error as SQLiteError where error.isConstraintUnique {
                attempts += 1
                let others = try conflictingKeys(w)
                if others.isEmpty || attempts > 16 { throw error }
                let otherIDs = others.map { KeyID(table: w.info.name, key: $0.bytes) }
                if allowDefer && otherIDs.contains(where: pending.contains) { return .deferred }
                var otherVersions: [HLCTimestamp?] = []
                for id in otherIDs { otherVersions.append(try storedVersion(id)?.version) }
                if otherVersions.contains(where: { $0.map { $0 >= w.version } ?? false }) {
                    try deleteRow(w.info, w.key)
                    try storeVersion(w.id, w.version, deleted: true)
                    return .lost
                }
                for ((other, id), version) in zip(zip(others, otherIDs), otherVersions) {
                    try deleteRow(w.info, other.values)
                    // A row without a version predates replication: it just goes.
                    if let version { try storeVersion(id, version, deleted: true) }
                }
            }
        }
    }

    // MARK: rows

    func deleteRow(_ info: TableInfo, _ key: [SQLValue]) throws {
        try connection.run("DELETE FROM \(info.quotedName) WHERE \(info.keyPredicate)", key)
    }

    func rowExists(_ info: TableInfo, _ key: [SQLValue]) throws -> Bool {
        try connection.scalar("SELECT 1 FROM \(info.quotedName) WHERE \(info.keyPredicate) LIMIT 1", key) != nil
    }

    /// UPDATE in place when the key exists (columns the image lacks keep their values),
    /// INSERT otherwise. Key columns always take the key's values: the key is the identity.
    func writeRow(_ w: VersionedWrite) throws {
        let info = w.info
        if try rowExists(info, w.key) {
            var sets: [String] = []
            var params: [SQLValue] = []
            for (c, v) in zip(w.columns, w.values) where !info.isKeyColumn(c) {
                sets.append("\(quoteIdentifier(c)) = ?")
                params.append(v)
            }
            guard !sets.isEmpty else { return }
            try connection.run("UPDATE \(info.quotedName) SET \(sets.joined(separator: ", ")) WHERE \(info.keyPredicate)", params + w.key)
            return
        }
        var columns = w.columns
        var values = w.values
        if info.keyedByRowid {
            columns.insert("rowid", at: 0)
            values.insert(w.key[0], at: 0)
        } else {
            for (i, k) in info.primaryKey.enumerated() {
                if let j = columns.firstIndex(where: { $0.lowercased() == k.lowercased() }) {
                    values[j] = w.key[i]
                } else {
                    columns.append(k)
                    values.append(w.key[i])
                }
            }
        }
        let names = columns.map { $0 == "rowid" && info.keyedByRowid ? "rowid" : quoteIdentifier($0) }
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        try connection.run("INSERT INTO \(info.quotedName) (\(names.joined(separator: ", "))) VALUES (\(marks))", values)
    }

    /// Other rows holding one of the incoming row's UNIQUE values, sorted by key bytes.
    func conflictingKeys(_ w: VersionedWrite) throws -> [(values: [SQLValue], bytes: [UInt8])] {
        var found: [[UInt8]: [SQLValue]] = [:]
        for index in try uniqueIndexes(w.info) {
            var terms: [String] = []
            var params: [SQLValue] = []
            var usable = true
            for (column, collation) in zip(index.columns, index.collations) {
                guard let v = w.value(of: column), v != .null else { usable = false; break }
                terms.append("\(quoteIdentifier(column)) = ? COLLATE \(quoteIdentifier(collation))")
                params.append(v)
            }
            guard usable, !terms.isEmpty else { continue }
            let sql = "SELECT \(w.info.keySelect) FROM \(w.info.quotedName) WHERE \(terms.joined(separator: " AND "))"
            try connection.forEachRow(sql, params) { row in
                var bytes: [UInt8] = []
                for v in row { KeyEncoding.append(v, to: &bytes) }
                if bytes != w.keyBytes { found[bytes] = row }
                return true
            }
        }
        return found.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { (found[$0] ?? [], $0) }
    }

    /// UNIQUE constraints and unique indexes of a table (not the primary key, not partial
    /// or expression indexes: those cannot be matched from a row image).
    func uniqueIndexes(_ info: TableInfo) throws -> [UniqueIndex] {
        if let cached = uniqueIndexCache[info.name.lowercased()] { return cached }
        var names: [String] = []
        try connection.forEachRow("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1, 'main') ORDER BY name",
                                  [.text(info.name)]) { row in
            if case .text(let n) = row[0], row[1].int64 == 1, row[2] != .text("pk"), row[3].int64 == 0 { names.append(n) }
            return true
        }
        var out: [UniqueIndex] = []
        for n in names {
            var columns: [String] = []
            var collations: [String] = []
            var usable = true
            try connection.forEachRow("SELECT cid, name, coll FROM pragma_index_xinfo(?1, 'main') WHERE key = 1 ORDER BY seqno",
                                      [.text(n)]) { row in
                guard row[0].int64 >= 0, case .text(let c) = row[1] else { usable = false; return false }
                columns.append(c)
                if case .text(let coll) = row[2] { collations.append(coll) } else { collations.append("BINARY") }
                return true
            }
            if usable && !columns.isEmpty { out.append(UniqueIndex(name: n, columns: columns, collations: collations)) }
        }
        uniqueIndexCache[info.name.lowercased()] = out
        return out
    }

    // MARK: versions

    func storedVersion(_ id: KeyID) throws -> (version: HLCTimestamp, deleted: Bool)? {
        var out: (HLCTimestamp, Bool)?
        try connection.forEachRow("SELECT wall, logical, node, deleted FROM __marmot_row_versions WHERE tbl = ?1 AND pk = ?2",
                                  [.text(id.table), .blob(id.key)]) { row in
            out = (HLCTimestamp(sqlWall: row[0], logical: row[1], node: row[2]), row[3].int64 != 0)
            return false
        }
        return out
    }

    func storeVersion(_ id: KeyID, _ version: HLCTimestamp, deleted: Bool) throws {
        try connection.run("""
            INSERT INTO __marmot_row_versions(tbl, pk, wall, logical, node, deleted) VALUES(?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(tbl, pk) DO UPDATE SET wall = excluded.wall, logical = excluded.logical,
                node = excluded.node, deleted = excluded.deleted
            """, [.text(id.table), .blob(id.key)] + version.sqlValues + [.integer(deleted ? 1 : 0)])
    }
}
