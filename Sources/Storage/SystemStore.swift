import Protocol

/// The node's own durable state in `<dir>/__marmot_system.db`: small named values (node id,
/// incarnation, HLC floor, id generator state), the write sets this node voted yes on as a
/// participant and has not seen decided, recent abort decisions, and the member list.
///
/// Not thread-safe: one instance is used from one thread at a time.
public final class SystemStore: @unchecked Sendable {
    public static let fileName = "__marmot_system.db"

    /// Well-known keys of the `kv` table.
    public enum Key {
        public static let nodeID = "node_id"
        public static let incarnation = "incarnation"
        public static let hlcFloorWall = "hlc_floor_wall"
        public static let hlcFloorLogical = "hlc_floor_logical"
        public static let idGenerator = "id_generator"
    }

    public let path: String
    let connection: SQLiteConnection
    public private(set) var isClosed = false

    public init(path: String, options: StorageOptions = StorageOptions()) throws {
        self.path = path
        connection = try SQLiteConnection(path: path)
        do {
            try connection.setBusyTimeout(millis: options.busyTimeoutMillis)
            try connection.execute("PRAGMA journal_mode=WAL")
            try connection.execute("PRAGMA synchronous=\(options.synchronous.rawValue)")
            try connection.execute("""
                BEGIN IMMEDIATE;
                CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value);
                CREATE TABLE IF NOT EXISTS prepared(
                    wall INTEGER NOT NULL, logical INTEGER NOT NULL, node INTEGER NOT NULL,
                    writes BLOB NOT NULL, PRIMARY KEY(wall, logical, node));
                CREATE TABLE IF NOT EXISTS aborts(
                    wall INTEGER NOT NULL, logical INTEGER NOT NULL, node INTEGER NOT NULL,
                    reason INTEGER NOT NULL, at_wall INTEGER NOT NULL, PRIMARY KEY(wall, logical, node));
                CREATE INDEX IF NOT EXISTS aborts_at_wall ON aborts(at_wall);
                CREATE TABLE IF NOT EXISTS members(
                    id INTEGER PRIMARY KEY, address TEXT NOT NULL,
                    incarnation INTEGER NOT NULL, state INTEGER NOT NULL);
                COMMIT;
                """)
        } catch {
            connection.close()
            throw error
        }
    }

    public convenience init(directory: String, options: StorageOptions = StorageOptions()) throws {
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        try self.init(path: "\(dir)/\(Self.fileName)", options: options)
    }

    deinit { close() }

    public func close() {
        guard !isClosed else { return }
        connection.close()
        isClosed = true
    }

    private func check() throws { if isClosed { throw StorageError.closed } }

    // MARK: key-value

    public func get(_ key: String) throws -> SQLValue? {
        try check()
        return try connection.scalar("SELECT value FROM kv WHERE key = ?1", [.text(key)])
    }

    public func set(_ key: String, _ value: SQLValue) throws {
        try check()
        try connection.run("INSERT INTO kv(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           [.text(key), value])
    }

    public func remove(_ key: String) throws {
        try check()
        try connection.run("DELETE FROM kv WHERE key = ?1", [.text(key)])
    }

    public func getUInt64(_ key: String) throws -> UInt64? {
        guard case .integer(let v)? = try get(key) else { return nil }
        return UInt64(bitPattern: v)
    }

    public func setUInt64(_ key: String, _ value: UInt64) throws {
        try set(key, .integer(Int64(bitPattern: value)))
    }

    public func integer(_ key: String) throws -> Int64? {
        guard case .integer(let v)? = try get(key) else { return nil }
        return v
    }

    public func setInteger(_ key: String, _ value: Int64) throws {
        try set(key, .integer(value))
    }

    public func getString(_ key: String) throws -> String? {
        guard case .text(let s)? = try get(key) else { return nil }
        return s
    }

    public func setString(_ key: String, _ value: String) throws {
        try set(key, .text(value))
    }

    public func getBytes(_ key: String) throws -> [UInt8]? {
        guard case .blob(let b)? = try get(key) else { return nil }
        return b
    }

    public func setBytes(_ key: String, _ value: [UInt8]) throws {
        try set(key, .blob(value))
    }

    /// Several values in one transaction (for example wall and logical of the HLC floor).
    public func set(_ values: [(key: String, value: SQLValue)]) throws {
        try check()
        try transaction {
            for (k, v) in values {
                try connection.run("INSERT INTO kv(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   [.text(k), v])
            }
        }
    }

    // MARK: prepared transactions

    /// Records a participant's yes vote: the write set must survive a crash until decided.
    public func savePrepared(id: TransactionID, writes: WriteSet) throws {
        try check()
        try connection.run("INSERT OR REPLACE INTO prepared(wall, logical, node, writes) VALUES(?1, ?2, ?3, ?4)",
                           id.timestamp.sqlValues + [.blob(DataCodec.encode(writes))])
    }

    public func removePrepared(id: TransactionID) throws {
        try check()
        try connection.run("DELETE FROM prepared WHERE wall = ?1 AND logical = ?2 AND node = ?3", id.timestamp.sqlValues)
    }

    /// Every undecided prepared transaction, sorted by id.
    public func loadPrepared() throws -> [(id: TransactionID, writes: WriteSet)] {
        try check()
        var out: [(id: TransactionID, writes: WriteSet)] = []
        var failure: Error?
        try connection.forEachRow("SELECT wall, logical, node, writes FROM prepared") { row in
            let id = TransactionID(HLCTimestamp(sqlWall: row[0], logical: row[1], node: row[2]))
            guard case .blob(let bytes) = row[3] else { return true }
            do {
                out.append((id, try DataCodec.decodeWriteSet(bytes)))
            } catch {
                failure = error
                return false
            }
            return true
        }
        if let failure { throw failure }
        return out.sorted { $0.id < $1.id }
    }

    // MARK: abort decisions

    /// Remembers that `id` aborted, so a late prepare or a participant asking for the
    /// outcome gets the answer; `atWall` (local ms) is when, for pruning.
    public func recordAbort(id: TransactionID, reason: AbortReason, atWall: UInt64) throws {
        try check()
        try connection.run("INSERT OR REPLACE INTO aborts(wall, logical, node, reason, at_wall) VALUES(?1, ?2, ?3, ?4, ?5)",
                           id.timestamp.sqlValues + [.integer(Int64(reason.rawValue)), .uint(atWall)])
    }

    public func abortReason(id: TransactionID) throws -> AbortReason? {
        try check()
        guard case .integer(let r)? = try connection.scalar(
            "SELECT reason FROM aborts WHERE wall = ?1 AND logical = ?2 AND node = ?3", id.timestamp.sqlValues) else { return nil }
        return AbortReason(rawValue: UInt8(truncatingIfNeeded: r))
    }

    /// Forgets aborts recorded before `wall`; returns how many.
    @discardableResult
    public func pruneAborts(olderThanWall wall: UInt64) throws -> Int {
        try check()
        return try connection.run("DELETE FROM aborts WHERE at_wall < ?1", [.uint(wall)]).changes
    }

    // MARK: members

    /// Replaces the stored member list.
    public func saveMembers(_ members: [MemberInfo]) throws {
        try check()
        try transaction {
            try connection.run("DELETE FROM members")
            for m in members.sorted(by: { $0.id < $1.id }) {
                try connection.run("INSERT OR REPLACE INTO members(id, address, incarnation, state) VALUES(?1, ?2, ?3, ?4)",
                                   [.uint(m.id.rawValue), .text(m.address), .uint(m.incarnation), .integer(Int64(m.state.rawValue))])
            }
        }
    }

    /// The stored members sorted by id (rows with an unknown state are skipped).
    public func loadMembers() throws -> [MemberInfo] {
        try check()
        var out: [MemberInfo] = []
        try connection.forEachRow("SELECT id, address, incarnation, state FROM members") { row in
            guard case .text(let address) = row[1],
                  let state = MemberState(rawValue: UInt8(truncatingIfNeeded: row[3].int64)) else { return true }
            out.append(MemberInfo(id: NodeID(row[0].uint64), address: address, incarnation: row[2].uint64, state: state))
            return true
        }
        return out.sorted { $0.id < $1.id }
    }

    private func transaction(_ body: () throws -> Void) throws {
        try connection.run("BEGIN IMMEDIATE")
        do {
            try body()
            try connection.run("COMMIT")
        } catch {
            if connection.inTransaction { _ = try? connection.run("ROLLBACK") }
            throw error
        }
    }
}
