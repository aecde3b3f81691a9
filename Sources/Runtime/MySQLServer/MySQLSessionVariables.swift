import MySQLWire

/// The system and user variables of one session. `SET` changes only this session (also
/// `SET GLOBAL`: there is no server-wide state to change; the value is remembered here).
/// Unknown system variable names are accepted and remembered, so dump files and drivers
/// that set exotic options keep working; reading an unknown one fails with 1193 as in MySQL.
struct MySQLSessionVariables: Sendable {
    /// The session variable choosing the write consistency of this session's statements:
    /// `SET marmot_consistency = 'ALL'` (ONE, QUORUM, ALL; DEFAULT = the node's default).
    static let consistencyVariable = "marmot_consistency"

    private(set) var defaults: [String: MySQLValue]
    private(set) var session: [String: MySQLValue] = [:]
    /// `@name` variables, names lowercased (MySQL's are case-insensitive).
    var user: [String: MySQLValue] = [:]

    init(serverVersion: String, maxConnections: Int, port: Int, maxAllowedPacket: Int, defaultConsistency: String? = nil) {
        let utf8mb4 = MySQLValue.string("utf8mb4")
        let collation = MySQLValue.string("utf8mb4_general_ci")
        defaults = [
            "version": .string(serverVersion),
            "version_comment": .string("Marmot: leaderless SQLite replication"),
            "version_compile_os": .string("Linux"),
            "version_compile_machine": .string("x86_64"),
            "protocol_version": .int(10),
            "sql_mode": .string("ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"),
            "autocommit": .int(1),
            "character_set_client": utf8mb4,
            "character_set_connection": utf8mb4,
            "character_set_results": utf8mb4,
            "character_set_server": utf8mb4,
            "character_set_database": utf8mb4,
            "character_set_filesystem": .string("binary"),
            "character_set_system": .string("utf8mb3"),
            "collation_connection": collation,
            "collation_server": collation,
            "collation_database": collation,
            "default_collation_for_utf8mb4": collation,
            "max_allowed_packet": .int(Int64(maxAllowedPacket)),
            "net_buffer_length": .int(16_384),
            "max_connections": .int(Int64(maxConnections)),
            "port": .int(Int64(port)),
            "time_zone": .string("SYSTEM"),
            "system_time_zone": .string("UTC"),
            "transaction_isolation": .string("REPEATABLE-READ"),
            "transaction_read_only": .int(0),
            "lower_case_table_names": .int(0),
            "wait_timeout": .int(28_800),
            "interactive_timeout": .int(28_800),
            "net_read_timeout": .int(30),
            "net_write_timeout": .int(60),
            "lock_wait_timeout": .int(31_536_000),
            "innodb_lock_wait_timeout": .int(50),
            "auto_increment_increment": .int(1),
            "auto_increment_offset": .int(1),
            "sql_auto_is_null": .int(0),
            "sql_select_limit": .uint(UInt64.max),
            "sql_safe_updates": .int(0),
            "foreign_key_checks": .int(1),
            "unique_checks": .int(1),
            "sql_notes": .int(1),
            "group_concat_max_len": .int(1024),
            "max_execution_time": .int(0),
            "query_cache_size": .int(0),
            "query_cache_type": .string("OFF"),
            "performance_schema": .int(0),
            "have_ssl": .string("DISABLED"),
            "have_openssl": .string("DISABLED"),
            "license": .string("MIT"),
            "init_connect": .string(""),
            "default_storage_engine": .string("InnoDB"),
            "storage_engine": .string("InnoDB"),
            "explicit_defaults_for_timestamp": .int(1),
            "hostname": .string("localhost"),
            "warning_count": .int(0),
            "error_count": .int(0),
            "max_prepared_stmt_count": .int(16_382),
            Self.consistencyVariable: .string(defaultConsistency ?? "DEFAULT"),
        ]
    }

    /// Alternative names of the same variable.
    static func canonical(_ name: String) -> String {
        switch name {
        case "tx_isolation": return "transaction_isolation"
        case "tx_read_only": return "transaction_read_only"
        case "character_set": return "character_set_client"
        default: return name
        }
    }

    /// A system variable (`@@name`, `@@session.name`, `@@global.name`); nil when unknown.
    func value(_ name: String) -> MySQLValue? {
        let key = Self.canonical(name.lowercased())
        return session[key] ?? defaults[key]
    }

    var names: [String] { Array(Set(defaults.keys).union(session.keys)).sorted() }

    /// Sets a system variable, checking the few values that matter here.
    mutating func set(_ name: String, _ value: MySQLValue) throws(MySQLError) {
        let key = Self.canonical(name.lowercased())
        func wrongValue() -> MySQLError {
            MySQLError(code: 1231, sqlState: "42000",
                       message: "Variable '\(key)' can't be set to the value of '\(value.text ?? "NULL")'")
        }
        switch key {
        case "autocommit", "foreign_key_checks", "unique_checks", "sql_notes", "sql_safe_updates", "sql_auto_is_null",
             "transaction_read_only":
            guard let flag = Self.boolean(value) else { throw wrongValue() }
            session[key] = .int(flag ? 1 : 0)
        case Self.consistencyVariable:
            let text = (value.text ?? "").uppercased()
            guard text == "DEFAULT" || ["ONE", "QUORUM", "ALL"].contains(text) else { throw wrongValue() }
            session[key] = text == "DEFAULT" ? nil : .string(text)
        case "sql_mode":
            guard !value.isNull else { throw wrongValue() }
            let modes = (value.text ?? "").uppercased().split(separator: ",").map { $0.trimmingCharacters(in: " ") }
            session[key] = .string(modes.filter { !$0.isEmpty }.joined(separator: ","))
        case "version", "version_comment", "protocol_version", "hostname", "port", "have_ssl", "license",
             "character_set_system", "lower_case_table_names", "version_compile_os", "version_compile_machine":
            throw MySQLError(code: 1238, sqlState: "HY000", message: "Variable '\(key)' is a read only variable")
        default:
            session[key] = value
        }
    }

    /// `SET var = DEFAULT`.
    mutating func clear(_ name: String) {
        session[Self.canonical(name.lowercased())] = nil
    }

    /// Back to the defaults (COM_RESET_CONNECTION); user variables are cleared too.
    mutating func reset() {
        session = [:]
        user = [:]
    }

    var autocommit: Bool { value("autocommit").map { $0.int64Value != 0 } ?? true }

    var noBackslashEscapes: Bool { (value("sql_mode")?.text ?? "").uppercased().contains("NO_BACKSLASH_ESCAPES") }

    /// ONE, QUORUM or ALL chosen by this session; nil leaves the node's default.
    var consistency: String? {
        guard let chosen = session[Self.consistencyVariable]?.text?.uppercased(), chosen != "DEFAULT" else { return nil }
        return chosen
    }

    /// ON/OFF/TRUE/FALSE/1/0 as MySQL reads a boolean variable.
    static func boolean(_ value: MySQLValue) -> Bool? {
        switch value {
        case .int(let v): return v == 0 || v == 1 ? v == 1 : nil
        case .uint(let v): return v == 0 || v == 1 ? v == 1 : nil
        case .string(let s), .decimal(let s):
            switch s.uppercased() {
            case "ON", "TRUE", "1", "YES": return true
            case "OFF", "FALSE", "0", "NO": return false
            default: return nil
            }
        default: return nil
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(self.drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
