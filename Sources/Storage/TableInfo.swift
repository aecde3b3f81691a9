import Protocol

/// What apply, merge and digest need to know about a user table: its stored (non-generated)
/// columns in table order and its declared primary key in key order. A table without a
/// declared key is keyed by rowid, as `ChangeCapture` keys it.
struct TableInfo: Hashable {
    var name: String
    var columns: [String]
    var primaryKey: [String]
    private var byLowercase: [String: String]

    init(name: String, columns: [String], primaryKey: [String]) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
        var map: [String: String] = [:]
        for c in columns { map[c.lowercased()] = c }
        self.byLowercase = map
    }

    var keyedByRowid: Bool { primaryKey.isEmpty }
    var keyArity: Int { keyedByRowid ? 1 : primaryKey.count }
    var quotedName: String { quoteIdentifier(name) }

    /// The local spelling of a column (SQLite column names are case-insensitive).
    func column(_ name: String) -> String? { byLowercase[name.lowercased()] }

    func isKeyColumn(_ name: String) -> Bool {
        primaryKey.contains { $0.lowercased() == name.lowercased() }
    }

    /// `WHERE` text matching one row by key, parameters in key order. `IS` so a NULL in a
    /// (legacy, nullable) primary key column still matches itself.
    var keyPredicate: String {
        if keyedByRowid { return "rowid = ?" }
        return primaryKey.map { "\(quoteIdentifier($0)) IS ?" }.joined(separator: " AND ")
    }

    /// Select list producing the key, and the ORDER BY that lists rows by key.
    var keySelect: String {
        keyedByRowid ? "rowid" : primaryKey.map(quoteIdentifier).joined(separator: ", ")
    }

    /// Loads a table's shape from `schema` ("main" or an attached name); nil when it is not
    /// a table there.
    static func load(_ table: String, schema: String, connection: SQLiteConnection) throws -> TableInfo? {
        let master = schema == "main" ? "main.sqlite_master" : "\(quoteIdentifier(schema)).sqlite_master"
        guard case .text(let stored)? = try connection.scalar(
            "SELECT name FROM \(master) WHERE type = 'table' AND name = ?1 COLLATE NOCASE", [.text(table)]) else {
            return nil
        }
        var columns: [String] = []
        var pk: [(Int64, String)] = []
        try connection.forEachRow("SELECT name, pk, hidden FROM pragma_table_xinfo(?1, ?2) ORDER BY cid",
                                  [.text(stored), .text(schema)]) { row in
            guard case .text(let name) = row[0] else { return true }
            let hidden: Int64 = { if case .integer(let h) = row[2] { return h }; return 0 }()
            if hidden != 0 { return true }
            columns.append(name)
            if case .integer(let order) = row[1], order > 0 { pk.append((order, name)) }
            return true
        }
        guard !columns.isEmpty else { return nil }
        return TableInfo(name: stored, columns: columns, primaryKey: pk.sorted { $0.0 < $1.0 }.map(\.1))
    }
}

/// A UNIQUE constraint or index (not the primary key) that apply must resolve by LWW.
struct UniqueIndex: Hashable {
    var name: String
    var columns: [String]
    var collations: [String]
}

/// Identity of a row across tables, for membership tests during apply.
struct KeyID: Hashable {
    var table: String
    var key: [UInt8]
}
