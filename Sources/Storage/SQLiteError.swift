import CSQLite

/// An error reported by SQLite. `code` is the extended result code (extended codes are
/// switched on for every connection we open), so callers can tell a UNIQUE violation from a
/// NOT NULL one without parsing the message.
public struct SQLiteError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// Builds the error from the connection's last failure.
    init(db: OpaquePointer?, code: Int32, sql: String?) {
        let extended = db.map { sqlite3_extended_errcode($0) } ?? code
        // The step/prepare return code is authoritative; errcode can be stale after a reset.
        let chosen = (extended & 0xFF) == (code & 0xFF) ? extended : code
        let text = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        self.init(code: chosen, message: text, sql: sql)
    }

    /// The primary result code (SQLITE_CONSTRAINT, SQLITE_BUSY, ...).
    public var primaryCode: Int32 { code & 0xFF }

    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// A UNIQUE index or constraint (not the primary key) was violated.
    public var isConstraintUnique: Bool { code == SQLiteCode.constraintUnique }
    public var isConstraintPrimaryKey: Bool { code == SQLiteCode.constraintPrimaryKey }
    public var isConstraintNotNull: Bool { code == SQLiteCode.constraintNotNull }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// Refused by the authorizer (a statement class we do not allow in that context).
    public var isNotAuthorized: Bool { primaryCode == SQLITE_AUTH }
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB || primaryCode == SQLITE_CORRUPT }
    public var isNoSuchTable: Bool { primaryCode == SQLITE_ERROR && message.hasPrefix("no such table") }
    public var isNoSuchColumn: Bool { primaryCode == SQLITE_ERROR && message.hasPrefix("no such column") }

    /// The table named by a "no such table: main.t" message, without its schema prefix.
    public var missingTableName: String? {
        guard isNoSuchTable, let colon = message.firstIndex(of: ":") else { return nil }
        var name = message[message.index(after: colon)...].trimmingSpaces()
        if name.hasPrefix("main.") { name = String(name.dropFirst(5)) }
        return name
    }

    public var description: String {
        var s = "SQLite error \(code): \(message)"
        if let sql { s += " [\(sql.count > 200 ? String(sql.prefix(200)) + "..." : sql)]" }
        return s
    }
}

/// Extended result codes that Swift does not import (they are macro expressions in sqlite3.h).
enum SQLiteCode {
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
