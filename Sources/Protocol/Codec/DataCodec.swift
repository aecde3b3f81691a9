/// Wire encodings of the data model (values, keys, row changes, write sets, committed
/// transactions). Messages build on these; the storage log stores `CommittedTransaction`
/// and prepared write sets with the same encoding.
extension WireWriter {
    public mutating func nodeID(_ id: NodeID) { u64(id.rawValue) }

    public mutating func hlc(_ t: HLCTimestamp) {
        u64(t.wall); u32(t.logical); u64(t.node.rawValue)
    }

    public mutating func transactionID(_ id: TransactionID) { hlc(id.timestamp) }

    public mutating func value(_ v: SQLValue) {
        switch v {
        case .null: u8(0)
        case .integer(let i): u8(1); i64(i)
        case .real(let d): u8(2); f64(d)
        case .text(let s): u8(3); string(s)
        case .blob(let b): u8(4); byteString(b)
        }
    }

    public mutating func values(_ vs: [SQLValue]) {
        count(vs.count)
        for v in vs { value(v) }
    }

    public mutating func rowKey(_ k: RowKey) {
        string(k.table)
        values(k.values)
    }

    public mutating func rowChange(_ c: RowChange) {
        u8(c.kind.rawValue)
        rowKey(c.key)
        count(c.columns.count)
        for name in c.columns { string(name) }
        if let b = c.before { bool(true); values(b) } else { bool(false) }
        if let a = c.after { bool(true); values(a) } else { bool(false) }
    }

    public mutating func writeSet(_ w: WriteSet) {
        string(w.database)
        count(w.ddl.count)
        for s in w.ddl { string(s) }
        count(w.changes.count)
        for c in w.changes { rowChange(c) }
    }

    public mutating func committedTransaction(_ t: CommittedTransaction) {
        transactionID(t.id)
        u64(t.sequence)
        hlc(t.commitTimestamp)
        writeSet(t.writes)
    }
}

extension WireReader {
    public mutating func nodeID() throws -> NodeID { NodeID(try u64()) }

    public mutating func hlc() throws -> HLCTimestamp {
        let wall = try u64()
        let logical = try u32()
        let node = try u64()
        return HLCTimestamp(wall: wall, logical: logical, node: NodeID(node))
    }

    public mutating func transactionID() throws -> TransactionID { TransactionID(try hlc()) }

    public mutating func value() throws -> SQLValue {
        switch try u8() {
        case 0: return .null
        case 1: return .integer(try i64())
        case 2: return .real(try f64())
        case 3: return .text(try string())
        case 4: return .blob(try byteString())
        case let tag: throw WireError.unknownTag(kind: "value", tag: tag)
        }
    }

    public mutating func values() throws -> [SQLValue] {
        let n = try count()
        var out: [SQLValue] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try value()) }
        return out
    }

    public mutating func rowKey() throws -> RowKey {
        let table = try string()
        return RowKey(table: table, values: try values())
    }

    public mutating func rowChange() throws -> RowChange {
        let tag = try u8()
        guard let kind = RowChange.Kind(rawValue: tag) else { throw WireError.unknownTag(kind: "row change", tag: tag) }
        let key = try rowKey()
        let n = try count()
        var columns: [String] = []
        columns.reserveCapacity(n)
        for _ in 0..<n { columns.append(try string()) }
        let before = try bool() ? try values() : nil
        let after = try bool() ? try values() : nil
        if let b = before, b.count != columns.count { throw WireError.invalidValue("before image has \(b.count) values for \(columns.count) columns") }
        if let a = after, a.count != columns.count { throw WireError.invalidValue("after image has \(a.count) values for \(columns.count) columns") }
        return RowChange(kind: kind, key: key, columns: columns, before: before, after: after)
    }

    public mutating func writeSet() throws -> WriteSet {
        let database = try string()
        let nd = try count()
        var ddl: [String] = []
        for _ in 0..<nd { ddl.append(try string()) }
        let nc = try count()
        var changes: [RowChange] = []
        changes.reserveCapacity(nc)
        for _ in 0..<nc { changes.append(try rowChange()) }
        return WriteSet(database: database, ddl: ddl, changes: changes)
    }

    public mutating func committedTransaction() throws -> CommittedTransaction {
        let id = try transactionID()
        let sequence = try u64()
        let commitTimestamp = try hlc()
        let writes = try writeSet()
        return CommittedTransaction(id: id, sequence: sequence, commitTimestamp: commitTimestamp, writes: writes)
    }
}

/// Whole-value helpers for storage: encode to bytes, decode requiring every byte used.
public enum DataCodec {
    public static func encode(_ t: CommittedTransaction) -> [UInt8] {
        var w = WireWriter(capacity: 256)
        w.committedTransaction(t)
        return w.bytes
    }

    public static func decodeCommittedTransaction(_ bytes: [UInt8]) throws -> CommittedTransaction {
        var r = WireReader(bytes)
        let t = try r.committedTransaction()
        try r.expectEnd()
        return t
    }

    public static func encode(_ w: WriteSet) -> [UInt8] {
        var out = WireWriter(capacity: 256)
        out.writeSet(w)
        return out.bytes
    }

    public static func decodeWriteSet(_ bytes: [UInt8]) throws -> WriteSet {
        var r = WireReader(bytes)
        let w = try r.writeSet()
        try r.expectEnd()
        return w
    }
}
