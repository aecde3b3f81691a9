import Protocol

/// One origin's position in this database, as stored.
struct StreamRow: Hashable {
    var applied: UInt64
    var firstAvailable: UInt64
    var appliedWall: UInt64
    static let empty = StreamRow(applied: 0, firstAvailable: 1, appliedWall: 0)
}

extension DatabaseFile {
    // MARK: stream positions

    func streamRow(_ origin: NodeID) throws -> StreamRow? {
        var out: StreamRow?
        try connection.forEachRow("SELECT applied, first_available, applied_wall FROM __marmot_streams WHERE origin = ?1",
                                  [.uint(origin.rawValue)]) { row in
            out = StreamRow(applied: row[0].uint64, firstAvailable: row[1].uint64, appliedWall: row[2].uint64)
            return false
        }
        return out
    }

    func saveStream(_ origin: NodeID, _ s: StreamRow) throws {
        try connection.run("""
            INSERT INTO __marmot_streams(origin, applied, first_available, applied_wall) VALUES(?1, ?2, ?3, ?4)
            ON CONFLICT(origin) DO UPDATE SET applied = excluded.applied,
                first_available = excluded.first_available, applied_wall = excluded.applied_wall
            """, [.uint(origin.rawValue), .uint(s.applied), .uint(s.firstAvailable), .uint(s.appliedWall)])
    }

    /// Applied already: at or below the contiguous mark, or applied out of order (its log
    /// entry is there).
    func isApplied(origin: NodeID, sequence: UInt64) throws -> Bool {
        if let s = try streamRow(origin), sequence <= s.applied { return true }
        return try connection.scalar("SELECT 1 FROM __marmot_log WHERE origin = ?1 AND seq = ?2",
                                     [.uint(origin.rawValue), .uint(sequence)]) != nil
    }

    func appendLog(_ txn: CommittedTransaction) throws {
        try connection.run("""
            INSERT INTO __marmot_log(origin, seq, txid_wall, txid_logical, txid_node,
                commit_wall, commit_logical, commit_node, payload)
            VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """, [.uint(txn.origin.rawValue), .uint(txn.sequence)] + txn.id.timestamp.sqlValues
                + txn.commitTimestamp.sqlValues + [.blob(DataCodec.encode(txn))])
    }

    /// Marks (origin, sequence) applied: the contiguous mark moves up when the sequence
    /// fills the next hole (and over any pending ones right above it); otherwise the
    /// sequence waits in `__marmot_pending_seq`.
    func recordApplied(origin: NodeID, sequence: UInt64, wall: UInt64) throws {
        var s = try streamRow(origin) ?? .empty
        if sequence == s.applied + 1 {
            s.applied = sequence
            s.appliedWall = wall
            try advanceOverPending(origin, &s)
        } else if sequence > s.applied + 1 {
            try connection.run("INSERT OR IGNORE INTO __marmot_pending_seq(origin, seq) VALUES(?1, ?2)",
                               [.uint(origin.rawValue), .uint(sequence)])
        }
        try saveStream(origin, s)
    }

    func advanceOverPending(_ origin: NodeID, _ s: inout StreamRow) throws {
        while try connection.scalar("SELECT 1 FROM __marmot_pending_seq WHERE origin = ?1 AND seq = ?2",
                                    [.uint(origin.rawValue), .uint(s.applied + 1)]) != nil {
            s.applied += 1
            try connection.run("DELETE FROM __marmot_pending_seq WHERE origin = ?1 AND seq = ?2",
                               [.uint(origin.rawValue), .uint(s.applied)])
            if let wall = try connection.scalar("SELECT commit_wall FROM __marmot_log WHERE origin = ?1 AND seq = ?2",
                                                [.uint(origin.rawValue), .uint(s.applied)]) {
                s.appliedWall = wall.uint64
            }
        }
    }

    // MARK: queries

    /// Every origin this database has heard from, sorted by origin.
    public func streamStates() throws -> [StreamState] {
        if isClosed { throw StorageError.closed }
        var out: [StreamState] = []
        try connection.forEachRow("SELECT origin, applied, first_available, applied_wall FROM __marmot_streams") { row in
            out.append(StreamState(origin: NodeID(row[0].uint64), database: name, applied: row[1].uint64,
                                   firstAvailable: row[2].uint64, appliedWallMillis: row[3].uint64))
            return true
        }
        return out.sorted { $0.origin < $1.origin }
    }

    public func streamState(origin: NodeID) throws -> StreamState {
        if isClosed { throw StorageError.closed }
        let s = try streamRow(origin) ?? .empty
        return StreamState(origin: origin, database: name, applied: s.applied,
                           firstAvailable: s.firstAvailable, appliedWallMillis: s.appliedWall)
    }

    /// Up to `limit` consecutive transactions of `origin` starting at `after + 1`. Empty when
    /// `after + 1` was garbage-collected (below first_available): the caller reports a gap.
    public func transactions(origin: NodeID, after: UInt64, limit: Int) throws -> [CommittedTransaction] {
        if isClosed { throw StorageError.closed }
        guard limit > 0 else { return [] }
        let first = try streamRow(origin)?.firstAvailable ?? 1
        if after + 1 < first { return [] }
        var out: [CommittedTransaction] = []
        var expected = after + 1
        var decodeError: StorageError?
        try connection.forEachRow("SELECT seq, payload FROM __marmot_log WHERE origin = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                                  [.uint(origin.rawValue), .uint(after), .integer(Int64(limit))]) { row in
            let seq = row[0].uint64
            guard seq == expected, case .blob(let bytes) = row[1] else { return false }
            do {
                out.append(try DataCodec.decodeCommittedTransaction(bytes))
            } catch {
                decodeError = .corruptLog(origin: origin, sequence: seq, reason: "\(error)")
                return false
            }
            expected += 1
            return true
        }
        if let decodeError { throw decodeError }
        return out
    }

    /// A logged transaction by id (nil when not applied here or collected).
    public func committedTransaction(id: TransactionID) throws -> CommittedTransaction? {
        if isClosed { throw StorageError.closed }
        guard let payload = try connection.scalar(
            "SELECT payload FROM __marmot_log WHERE txid_wall = ?1 AND txid_logical = ?2 AND txid_node = ?3 LIMIT 1",
            id.timestamp.sqlValues), case .blob(let bytes) = payload else { return nil }
        return try DataCodec.decodeCommittedTransaction(bytes)
    }

    /// The sequence a coordinator should give its next commit in this database: one above
    /// everything this node knows of for that origin (applied, logged or pending).
    public func nextSequence(origin: NodeID) throws -> UInt64 {
        if isClosed { throw StorageError.closed }
        let o: [SQLValue] = [.uint(origin.rawValue)]
        let applied = try streamRow(origin)?.applied ?? 0
        let logged = try connection.scalar("SELECT MAX(seq) FROM __marmot_log WHERE origin = ?1", o)?.uint64 ?? 0
        let pending = try connection.scalar("SELECT MAX(seq) FROM __marmot_pending_seq WHERE origin = ?1", o)?.uint64 ?? 0
        return max(applied, logged, pending) + 1
    }

    // MARK: garbage collection

    /// Deletes `origin`'s log entries up to `seq` and raises first_available past them.
    /// Clamped to the contiguous applied mark: entries applied out of order above a hole
    /// stay, they are what makes re-delivery idempotent. Returns the entries deleted.
    @discardableResult
    public func garbageCollect(origin: NodeID, through seq: UInt64) throws -> Int {
        try ensureUsable()
        return try writeTransaction {
            guard var s = try streamRow(origin) else { return 0 }
            let limit = min(seq, s.applied)
            guard limit >= s.firstAvailable else { return 0 }
            let deleted = try connection.run("DELETE FROM __marmot_log WHERE origin = ?1 AND seq <= ?2",
                                             [.uint(origin.rawValue), .uint(limit)]).changes
            s.firstAvailable = limit + 1
            try saveStream(origin, s)
            return deleted
        }
    }

    public var logEntryCount: Int {
        get throws {
            if isClosed { throw StorageError.closed }
            return Int(try connection.scalar("SELECT COUNT(*) FROM __marmot_log")?.int64 ?? 0)
        }
    }

    /// Per origin, the highest sequence whose entry committed before `wall` (HLC ms) and that
    /// is contiguously applied here: what a time-based GC may collect. Sorted by origin.
    public func logEntries(olderThanWall wall: UInt64) throws -> [(origin: NodeID, maxSequence: UInt64)] {
        if isClosed { throw StorageError.closed }
        var out: [(origin: NodeID, maxSequence: UInt64)] = []
        try connection.forEachRow("""
            SELECT l.origin, MAX(l.seq) FROM __marmot_log l JOIN __marmot_streams s ON s.origin = l.origin
            WHERE l.commit_wall < ?1 AND l.seq <= s.applied GROUP BY l.origin
            """, [.uint(wall)]) { row in
            out.append((NodeID(row[0].uint64), row[1].uint64))
            return true
        }
        return out.sorted { $0.origin < $1.origin }
    }

    /// `logEntries(olderThanWall:)` as a lookup table.
    public func highestSequences(committedBeforeWall wall: UInt64) throws -> [NodeID: UInt64] {
        var out: [NodeID: UInt64] = [:]
        for e in try logEntries(olderThanWall: wall) { out[e.origin] = e.maxSequence }
        return out
    }
}
