import CSQLite
import Protocol

/// Records the row changes a connection makes, through SQLite's preupdate hook, and turns
/// them into net `RowChange`s: one per row key, in the order keys were first touched.
///
/// The hook sees every row INSERT/UPDATE/DELETE, including those made by triggers and by
/// REPLACE conflict resolution, with full before and after images. Tables whose names start
/// with `sqlite_` or `__marmot` are ignored (SQLite's and our own bookkeeping).
///
/// Raw events are kept in order and only coalesced in `changes()`, so a failed statement's
/// partial effects can be dropped with `rollback(to:)` (SQLite undoes the statement, the
/// hook already saw it).
///
/// One instance is used from one thread at a time, like its connection.
public final class ChangeCapture: @unchecked Sendable {
    public let connection: SQLiteConnection
    private let state: CaptureState
    public private(set) var isActive = false

    public init(connection: SQLiteConnection) {
        self.connection = connection
        self.state = CaptureState()
    }

    deinit { stop() }

    /// Forgets earlier events and the table-shape cache (the schema may have changed since
    /// the last capture) and installs the hook.
    public func start() throws {
        let db = try connection.db()
        stop()
        state.reset(db: db)
        let context = Unmanaged.passUnretained(state).toOpaque()
        sqlite3_preupdate_hook(db, { ctx, db, op, zDb, zName, key1, key2 in
            guard let ctx, let db, let zDb, let zName else { return }
            let state = Unmanaged<CaptureState>.fromOpaque(ctx).takeUnretainedValue()
            state.record(db: db, op: op, database: zDb, table: zName, oldRowid: key1, newRowid: key2)
        }, context)
        isActive = true
    }

    /// Removes the hook; recorded events stay until the next `start()`.
    public func stop() {
        guard isActive else { return }
        if let db = connection.handle { sqlite3_preupdate_hook(db, nil, nil) }
        isActive = false
    }

    /// A position in the event list, taken before a statement runs.
    public var mark: Int { state.events.count }

    /// Drops events recorded after `mark` (the statement that produced them failed and
    /// SQLite undid it).
    public func rollback(to mark: Int) {
        if mark < state.events.count { state.events.removeSubrange(mark...) }
    }

    /// Forgets cached table shapes; call after DDL inside a capture.
    public func invalidateSchema() { state.shapes.removeAll() }

    /// Number of raw (uncoalesced) events recorded.
    public var eventCount: Int { state.events.count }

    /// The net changes recorded so far. Throws if the hook met a table it cannot capture.
    public func changes() throws -> [RowChange] {
        if let error = state.error { throw error }
        return Coalescer.coalesce(state.events)
    }

    /// Stops, returns the net changes and forgets them.
    public func finish() throws -> [RowChange] {
        stop()
        defer { state.events.removeAll(); state.error = nil }
        return try changes()
    }
}

/// One raw preupdate event, already keyed. An UPDATE carries both keys (they differ when
/// the statement changed the primary key or rowid).
struct CapturedEvent {
    var op: RowChange.Kind
    var columns: [String]
    var oldKey: RowKey?
    var newKey: RowKey?
    var before: [SQLValue]?
    var after: [SQLValue]?
}

/// Where the columns of a table are in the preupdate images and which form the key.
struct CapturedTableShape {
    /// Total columns the hook reports (generated ones included).
    var count: Int
    /// Names and positions of the stored, non-generated columns, in table order.
    var columns: [String]
    var positions: [Int]
    /// Positions of the primary key columns in key order; empty means keyed by rowid.
    var keyPositions: [Int]
}

/// The hook's context object. It runs inside sqlite3_step, so it only reads: the table
/// shape lookup prepares a read-only pragma query on the same connection (as SQLite's own
/// session extension does from its preupdate hook).
final class CaptureState {
    var db: OpaquePointer?
    var events: [CapturedEvent] = []
    var shapes: [String: CapturedTableShape] = [:]
    var error: StorageError?

    func reset(db: OpaquePointer) {
        self.db = db
        events.removeAll()
        shapes.removeAll()
        error = nil
    }

    func record(db: OpaquePointer, op: Int32, database: UnsafePointer<CChar>, table: UnsafePointer<CChar>,
                oldRowid: Int64, newRowid: Int64) {
        guard String(cString: database) == "main" else { return }
        let name = String(cString: table)
        if name.hasPrefix("sqlite_") || name.hasPrefix("__marmot") { return }
        let count = Int(sqlite3_preupdate_count(db))
        var shape = shapes[name]
        if shape == nil || shape!.count != count {
            shape = Self.loadShape(db: db, table: name)
            shapes[name] = shape
        }
        guard let shape, shape.count == count else {
            if error == nil {
                error = .unsupportedTable(table: name, reason: "the change hook reports \(count) columns, the schema \(shape?.count ?? 0)")
            }
            return
        }
        func image(old: Bool) -> [SQLValue] {
            shape.positions.map { i in
                var value: OpaquePointer?
                let rc = old ? sqlite3_preupdate_old(db, Int32(i), &value) : sqlite3_preupdate_new(db, Int32(i), &value)
                return rc == SQLITE_OK ? SQLiteStatement.value(value) : .null
            }
        }
        func key(_ image: [SQLValue], rowid: Int64) -> RowKey {
            if shape.keyPositions.isEmpty { return RowKey(table: name, values: [.integer(rowid)]) }
            // keyPositions index the full column list; map them into the image.
            let values = shape.keyPositions.map { p -> SQLValue in
                guard let j = shape.positions.firstIndex(of: p) else { return .null }
                return image[j]
            }
            return RowKey(table: name, values: values)
        }
        switch op {
        case SQLITE_INSERT:
            let after = image(old: false)
            events.append(CapturedEvent(op: .insert, columns: shape.columns, oldKey: nil,
                                        newKey: key(after, rowid: newRowid), before: nil, after: after))
        case SQLITE_DELETE:
            let before = image(old: true)
            events.append(CapturedEvent(op: .delete, columns: shape.columns, oldKey: key(before, rowid: oldRowid),
                                        newKey: nil, before: before, after: nil))
        case SQLITE_UPDATE:
            let before = image(old: true)
            let after = image(old: false)
            events.append(CapturedEvent(op: .update, columns: shape.columns, oldKey: key(before, rowid: oldRowid),
                                        newKey: key(after, rowid: newRowid), before: before, after: after))
        default:
            return
        }
    }

    /// Reads the table's columns with `pragma_table_xinfo` (generated columns included, so
    /// positions match the hook's; they are left out of images since they are derived).
    static func loadShape(db: OpaquePointer, table: String) -> CapturedTableShape? {
        var stmt: OpaquePointer?
        let sql = "SELECT name, pk, hidden FROM pragma_table_xinfo(?1, 'main') ORDER BY cid"
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            return nil
        }
        defer { sqlite3_finalize(stmt) }
        sqlite3_bind_text(stmt, 1, table, -1, sqliteTransient)
        var count = 0
        var columns: [String] = []
        var positions: [Int] = []
        var pk: [(order: Int32, position: Int)] = []
        while sqlite3_step(stmt) == SQLITE_ROW {
            let name = String(cString: sqlite3_column_text(stmt, 0))
            let pkOrder = sqlite3_column_int(stmt, 1)
            let hidden = sqlite3_column_int(stmt, 2)
            if hidden == 0 {
                columns.append(name)
                positions.append(count)
            }
            if pkOrder > 0 { pk.append((pkOrder, count)) }
            count += 1
        }
        guard count > 0 else { return nil }
        let keyPositions = pk.sorted { $0.order < $1.order }.map(\.position)
        return CapturedTableShape(count: count, columns: columns, positions: positions, keyPositions: keyPositions)
    }
}

/// Folds raw events into one net change per key: insert+update is an insert of the final
/// image, insert+delete is nothing, update+delete a delete of the original image, delete+
/// insert an update from the original to the new image, and an update that ends where it
/// started is nothing. Keys keep the order in which they were first touched.
enum Coalescer {
    private struct Net {
        var originalColumns: [String]
        var original: [SQLValue]?
        var columns: [String]
        var current: [SQLValue]?
    }

    static func coalesce(_ events: [CapturedEvent]) -> [RowChange] {
        var order: [RowKey] = []
        var net: [RowKey: Net] = [:]

        func touch(_ key: RowKey, columns: [String], prior: [SQLValue]?, next: [SQLValue]?) {
            if var n = net[key] {
                n.current = next
                n.columns = columns
                net[key] = n
            } else {
                order.append(key)
                net[key] = Net(originalColumns: columns, original: prior, columns: columns, current: next)
            }
        }

        for e in events {
            switch e.op {
            case .insert:
                if let k = e.newKey { touch(k, columns: e.columns, prior: nil, next: e.after) }
            case .delete:
                if let k = e.oldKey { touch(k, columns: e.columns, prior: e.before, next: nil) }
            case .update:
                guard let old = e.oldKey, let new = e.newKey else { continue }
                if old == new {
                    touch(old, columns: e.columns, prior: e.before, next: e.after)
                } else {
                    touch(old, columns: e.columns, prior: e.before, next: nil)
                    touch(new, columns: e.columns, prior: nil, next: e.after)
                }
            }
        }

        var out: [RowChange] = []
        for key in order {
            guard let n = net[key] else { continue }
            switch (n.original, n.current) {
            case (nil, nil):
                continue
            case (nil, let after?):
                out.append(RowChange(kind: .insert, key: key, columns: n.columns, before: nil, after: after))
            case (let before?, nil):
                out.append(RowChange(kind: .delete, key: key, columns: n.originalColumns, before: before, after: nil))
            case (let before?, let after?):
                let aligned = align(before, from: n.originalColumns, to: n.columns)
                if aligned == after { continue }
                out.append(RowChange(kind: .update, key: key, columns: n.columns, before: aligned, after: after))
            }
        }
        return out
    }

    /// Re-expresses an image in another column list (the table was altered in between);
    /// columns the old image lacks are NULL.
    private static func align(_ values: [SQLValue], from: [String], to: [String]) -> [SQLValue] {
        if from == to { return values }
        var byName: [String: SQLValue] = [:]
        for (i, c) in from.enumerated() where i < values.count { byName[c.lowercased()] = values[i] }
        return to.map { byName[$0.lowercased()] ?? .null }
    }
}
