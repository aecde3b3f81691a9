import Protocol

extension DatabaseFile {
    /// User tables (not `sqlite_*`, not `__marmot_*`), sorted by name.
    public func userTables() throws -> [String] {
        if isClosed { throw StorageError.closed }
        var out: [String] = []
        try connection.forEachRow("""
            SELECT name FROM main.sqlite_master WHERE type = 'table'
            AND name NOT GLOB 'sqlite_*' AND name NOT GLOB '__marmot_*'
            """) { row in
            if case .text(let n) = row[0] { out.append(n) }
            return true
        }
        return out.sorted()
    }

    /// A content hash of every user table, equal on every node holding the same rows: per
    /// table (by name) its name and column names, then every row in key order (primary key,
    /// or rowid for tables keyed by it, the rowid then included), values in the canonical
    /// key encoding. Bookkeeping tables and the SQL text of the schema do not count.
    public func digest() throws -> UInt64 {
        var h = FNV1a64()
        try readTransaction {
            for table in try userTables() {
                try addTable(table, to: &h)
            }
        }
        return h.value
    }

    /// One digest per user table, sorted by name (to find which table diverged).
    public func tableDigests() throws -> [(table: String, digest: UInt64)] {
        try readTransaction {
            try userTables().map { table in
                var h = FNV1a64()
                try addTable(table, to: &h)
                return (table, h.value)
            }
        }
    }

    private func addTable(_ table: String, to h: inout FNV1a64) throws {
        guard let info = try tableInfo(table) else { return }
        h.add(0x54) // 'T'
        h.add(.text(info.name))
        h.add(.integer(Int64(info.columns.count)))
        for c in info.columns { h.add(.text(c)) }
        let columns = info.columns.map(quoteIdentifier).joined(separator: ", ")
        let select = info.keyedByRowid ? "rowid, \(columns)" : columns
        try connection.forEachRow("SELECT \(select) FROM \(info.quotedName) ORDER BY \(info.keySelect)") { row in
            h.add(0x52) // 'R'
            for v in row { h.add(v) }
            return true
        }
    }

    /// The stored version of a row (a tombstone when `deleted`), nil if never written here.
    public func rowVersion(_ key: RowKey) throws -> (version: HLCTimestamp, deleted: Bool)? {
        if isClosed { throw StorageError.closed }
        let table = try tableInfo(key.table)?.name ?? key.table
        return try storedVersion(KeyID(table: table, key: key.encoded))
    }

    /// The row's current values by column name, nil when absent.
    public func row(_ key: RowKey) throws -> [String: SQLValue]? {
        if isClosed { throw StorageError.closed }
        guard let info = try tableInfo(key.table), key.values.count == info.keyArity else { return nil }
        let columns = info.columns.map(quoteIdentifier).joined(separator: ", ")
        var out: [String: SQLValue]?
        try connection.forEachRow("SELECT \(columns) FROM \(info.quotedName) WHERE \(info.keyPredicate) LIMIT 1", key.values) { row in
            var d: [String: SQLValue] = [:]
            for (c, v) in zip(info.columns, row) { d[c] = v }
            out = d
            return false
        }
        return out
    }
}
