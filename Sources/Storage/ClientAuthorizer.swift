import CSQLite

/// The authorizer installed on a database's connection. Internal statements run trusted;
/// statements that come from clients are prepared in `capture` or `readOnly` mode, where
/// transaction control (the node owns the transaction), ATTACH/DETACH, writes to our
/// `__marmot_*` tables and configuration pragmas are refused at prepare time.
///
/// It also notes whether a statement touches the schema, so the capture can drop row
/// events caused by DDL (DDL replicates as statements, not as row images).
final class ClientAuthorizer {
    enum Mode { case trusted, capture, readOnly }

    var mode: Mode = .trusted
    /// Set when a statement prepared since the last reset creates, alters or drops something.
    var sawSchemaChange = false

    /// Pragmas a client may call with an argument (they only read).
    private static let readPragmas: Set<String> = [
        "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
    ]

    func install(on connection: SQLiteConnection) throws {
        let db = try connection.db()
        let context = Unmanaged.passUnretained(self).toOpaque()
        let rc = sqlite3_set_authorizer(db, { ctx, action, a1, a2, _, _ in
            guard let ctx else { return SQLITE_OK }
            let auth = Unmanaged<ClientAuthorizer>.fromOpaque(ctx).takeUnretainedValue()
            // Internal statements: nothing to check, skip the string conversions.
            if auth.mode == .trusted { return SQLITE_OK }
            return auth.decide(action: action,
                               a1.map { String(cString: $0) },
                               a2.map { String(cString: $0) })
        }, context)
        if rc != SQLITE_OK { throw SQLiteError(db: db, code: rc, sql: nil) }
    }

    func uninstall(from connection: SQLiteConnection) {
        if let db = connection.handle { sqlite3_set_authorizer(db, nil, nil) }
    }

    private static func isOurs(_ name: String?) -> Bool {
        name?.lowercased().hasPrefix("__marmot") ?? false
    }

    private static func isInternal(_ name: String?) -> Bool {
        guard let name else { return false }
        let lower = name.lowercased()
        return lower.hasPrefix("__marmot") || lower.hasPrefix("sqlite_")
    }

    func decide(action: Int32, _ a1: String?, _ a2: String?) -> Int32 {
        switch action {
        case SQLITE_CREATE_INDEX, SQLITE_CREATE_TABLE, SQLITE_CREATE_TRIGGER, SQLITE_CREATE_VIEW,
             SQLITE_DROP_INDEX, SQLITE_DROP_TABLE, SQLITE_DROP_TRIGGER, SQLITE_DROP_VIEW,
             SQLITE_ALTER_TABLE, SQLITE_CREATE_VTABLE, SQLITE_DROP_VTABLE,
             SQLITE_CREATE_TEMP_INDEX, SQLITE_CREATE_TEMP_TABLE, SQLITE_CREATE_TEMP_TRIGGER,
             SQLITE_CREATE_TEMP_VIEW, SQLITE_DROP_TEMP_INDEX, SQLITE_DROP_TEMP_TABLE,
             SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_TEMP_VIEW:
            sawSchemaChange = true
            switch mode {
            case .trusted: return SQLITE_OK
            case .readOnly: return SQLITE_DENY
            case .capture:
                // ALTER TABLE passes (database, table); the others (object, table). The object
                // may be SQLite's own automatic index (`sqlite_autoindex_t_1` for an
                // `INT PRIMARY KEY` or UNIQUE column): allowed; SQLite itself refuses user
                // objects named sqlite_*. What is refused is touching internal tables.
                if Self.isOurs(a1) || Self.isInternal(a2) { return SQLITE_DENY }
                return SQLITE_OK
            }
        case SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE:
            // SQLite itself reports writes to sqlite_master for DDL and even for pragma
            // table-valued functions, so only our own tables are refused here; read-only
            // mode is enforced by sqlite3_stmt_readonly.
            guard mode != .trusted else { return SQLITE_OK }
            return Self.isOurs(a1) ? SQLITE_DENY : SQLITE_OK
        case SQLITE_TRANSACTION, SQLITE_SAVEPOINT, SQLITE_ATTACH, SQLITE_DETACH:
            return mode == .trusted ? SQLITE_OK : SQLITE_DENY
        case SQLITE_PRAGMA:
            guard mode != .trusted, a2 != nil else { return SQLITE_OK }
            return Self.readPragmas.contains((a1 ?? "").lowercased()) ? SQLITE_OK : SQLITE_DENY
        default:
            return SQLITE_OK
        }
    }
}
