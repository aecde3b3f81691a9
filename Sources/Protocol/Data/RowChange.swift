/// One captured row change: the row's key and its images before and after, with the column
/// names the images are in. An UPDATE that changes the key is captured as a delete of the
/// old key and an insert of the new one, so `key` always names exactly one row.
public struct RowChange: Hashable, Sendable {
    public enum Kind: UInt8, Sendable { case insert = 1, update = 2, delete = 3 }

    public var kind: Kind
    public var key: RowKey
    public var columns: [String]
    public var before: [SQLValue]?
    public var after: [SQLValue]?

    public init(kind: Kind, key: RowKey, columns: [String], before: [SQLValue]?, after: [SQLValue]?) {
        self.kind = kind
        self.key = key
        self.columns = columns
        self.before = before
        self.after = after
    }

    public var table: String { key.table }
}

/// What a write transaction wants to do to one database: schema statements (already in
/// their idempotent form) run first, then row images. Both replicate as data, never as
/// the client's SQL text for rows.
public struct WriteSet: Hashable, Sendable {
    public var database: String
    public var ddl: [String]
    public var changes: [RowChange]

    public init(database: String, ddl: [String] = [], changes: [RowChange] = []) {
        self.database = database
        self.ddl = ddl
        self.changes = changes
    }

    public var isEmpty: Bool { ddl.isEmpty && changes.isEmpty }
    /// Keys this transaction holds intents on. DDL takes no row intents; it runs under the
    /// database's DDL lease instead.
    public var intentKeys: [RowKey] { Array(Set(changes.map(\.key))).sorted() }
}
