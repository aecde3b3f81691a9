/// Wire encodings of the message payloads, field by field in declaration order.
///
/// Conventions (see WireWriter): u8/u32/u64 fixed-width little-endian; NodeID = u64;
/// HLCTimestamp = wall u64, logical u32, node u64; TransactionID = its HLC; strings and
/// byte strings = varint length + bytes; arrays = varint count + elements; optionals =
/// presence byte 0/1 + value; Bool = one byte 0/1. Anything else is rejected on decode.

// MARK: Shared pieces

extension MemberState: WireCodable {
    public func encode(to writer: inout WireWriter) { writer.u8(rawValue) }
    public init(from reader: inout WireReader) throws {
        let raw = try reader.u8()
        guard let state = MemberState(rawValue: raw) else { throw WireError.unknownTag(kind: "member state", tag: raw) }
        self = state
    }
}

extension AbortReason: WireCodable {
    public func encode(to writer: inout WireWriter) { writer.u8(rawValue) }
    public init(from reader: inout WireReader) throws {
        let raw = try reader.u8()
        guard let reason = AbortReason(rawValue: raw) else { throw WireError.unknownTag(kind: "abort reason", tag: raw) }
        self = reason
    }
}

/// id u64, address string, incarnation u64, state u8.
extension MemberInfo: WireCodable {
    public static var minimumWireSize: Int { 18 }
    public func encode(to writer: inout WireWriter) {
        writer.nodeID(id); writer.string(address); writer.u64(incarnation); writer.write(state)
    }
    public init(from reader: inout WireReader) throws {
        let id = try reader.nodeID()
        let address = try reader.string()
        let incarnation = try reader.u64()
        let state = try reader.read(MemberState.self)
        self.init(id: id, address: address, incarnation: incarnation, state: state)
    }
}

/// holder u64, counter u64.
extension LeaseID: WireCodable {
    public static var minimumWireSize: Int { 16 }
    public func encode(to writer: inout WireWriter) { writer.nodeID(holder); writer.u64(counter) }
    public init(from reader: inout WireReader) throws {
        let holder = try reader.nodeID()
        self.init(holder: holder, counter: try reader.u64())
    }
}

/// A tag byte, then the case's fields:
///
/// | tag | case        | fields                               |
/// |-----|-------------|--------------------------------------|
/// | 1   | committed   | sequence u64, commitTimestamp HLC    |
/// | 2   | aborted     | reason u8 (AbortReason raw value)    |
/// | 3   | pending     | none                                 |
/// | 4   | unknown     | none                                 |
extension Decision: WireCodable {
    public func encode(to writer: inout WireWriter) {
        switch self {
        case .committed(let sequence, let commitTimestamp):
            writer.u8(1); writer.u64(sequence); writer.hlc(commitTimestamp)
        case .aborted(let reason):
            writer.u8(2); writer.write(reason)
        case .pending:
            writer.u8(3)
        case .unknown:
            writer.u8(4)
        }
    }
    public init(from reader: inout WireReader) throws {
        switch try reader.u8() {
        case 1:
            let sequence = try reader.u64()
            self = .committed(sequence: sequence, commitTimestamp: try reader.hlc())
        case 2: self = .aborted(try reader.read(AbortReason.self))
        case 3: self = .pending
        case 4: self = .unknown
        case let tag: throw WireError.unknownTag(kind: "decision", tag: tag)
        }
    }
}

/// origin u64, database string, applied u64, firstAvailable u64, appliedWallMillis u64.
extension StreamState: WireCodable {
    public static var minimumWireSize: Int { 33 }
    public func encode(to writer: inout WireWriter) {
        writer.nodeID(origin); writer.string(database)
        writer.u64(applied); writer.u64(firstAvailable); writer.u64(appliedWallMillis)
    }
    public init(from reader: inout WireReader) throws {
        let origin = try reader.nodeID()
        let database = try reader.string()
        let applied = try reader.u64()
        let firstAvailable = try reader.u64()
        let appliedWallMillis = try reader.u64()
        self.init(origin: origin, database: database, applied: applied,
                  firstAvailable: firstAvailable, appliedWallMillis: appliedWallMillis)
    }
}

/// database string, version u64.
extension SchemaVersion: WireCodable {
    public static var minimumWireSize: Int { 9 }
    public func encode(to writer: inout WireWriter) { writer.string(database); writer.u64(version) }
    public init(from reader: inout WireReader) throws {
        let database = try reader.string()
        self.init(database: database, version: try reader.u64())
    }
}

// MARK: Membership

/// sequence u64, updates [MemberInfo].
extension Ping: WireCodable {
    public static var minimumWireSize: Int { 9 }
    public func encode(to writer: inout WireWriter) { writer.u64(sequence); writer.writeArray(updates) }
    public init(from reader: inout WireReader) throws {
        let sequence = try reader.u64()
        self.init(sequence: sequence, updates: try reader.readArray(of: MemberInfo.self))
    }
}

/// sequence u64, target u64, updates [MemberInfo].
extension PingRequest: WireCodable {
    public static var minimumWireSize: Int { 17 }
    public func encode(to writer: inout WireWriter) {
        writer.u64(sequence); writer.nodeID(target); writer.writeArray(updates)
    }
    public init(from reader: inout WireReader) throws {
        let sequence = try reader.u64()
        let target = try reader.nodeID()
        self.init(sequence: sequence, target: target, updates: try reader.readArray(of: MemberInfo.self))
    }
}

/// sequence u64, target u64, updates [MemberInfo].
extension Ack: WireCodable {
    public static var minimumWireSize: Int { 17 }
    public func encode(to writer: inout WireWriter) {
        writer.u64(sequence); writer.nodeID(target); writer.writeArray(updates)
    }
    public init(from reader: inout WireReader) throws {
        let sequence = try reader.u64()
        let target = try reader.nodeID()
        self.init(sequence: sequence, target: target, updates: try reader.readArray(of: MemberInfo.self))
    }
}

/// member MemberInfo.
extension Join: WireCodable {
    public static var minimumWireSize: Int { MemberInfo.minimumWireSize }
    public func encode(to writer: inout WireWriter) { writer.write(member) }
    public init(from reader: inout WireReader) throws { self.init(member: try reader.read(MemberInfo.self)) }
}

/// accepted bool, members [MemberInfo].
extension JoinReply: WireCodable {
    public static var minimumWireSize: Int { 2 }
    public func encode(to writer: inout WireWriter) { writer.bool(accepted); writer.writeArray(members) }
    public init(from reader: inout WireReader) throws {
        let accepted = try reader.bool()
        self.init(accepted: accepted, members: try reader.readArray(of: MemberInfo.self))
    }
}

// MARK: Transactions

/// transaction HLC, writes WriteSet.
extension Prepare: WireCodable {
    public static var minimumWireSize: Int { 23 }
    public func encode(to writer: inout WireWriter) { writer.transactionID(transaction); writer.writeSet(writes) }
    public init(from reader: inout WireReader) throws {
        let transaction = try reader.transactionID()
        self.init(transaction: transaction, writes: try reader.writeSet())
    }
}

/// transaction HLC, yes bool, reason AbortReason?.
extension Vote: WireCodable {
    public static var minimumWireSize: Int { 22 }
    public func encode(to writer: inout WireWriter) {
        writer.transactionID(transaction); writer.bool(yes); writer.writeOptional(reason)
    }
    public init(from reader: inout WireReader) throws {
        let transaction = try reader.transactionID()
        let yes = try reader.bool()
        self.init(transaction: transaction, yes: yes, reason: try reader.readOptional(AbortReason.self))
    }
}

/// transaction HLC, sequence u64, commitTimestamp HLC.
extension Commit: WireCodable {
    public static var minimumWireSize: Int { 48 }
    public func encode(to writer: inout WireWriter) {
        writer.transactionID(transaction); writer.u64(sequence); writer.hlc(commitTimestamp)
    }
    public init(from reader: inout WireReader) throws {
        let transaction = try reader.transactionID()
        let sequence = try reader.u64()
        self.init(transaction: transaction, sequence: sequence, commitTimestamp: try reader.hlc())
    }
}

/// transaction HLC.
extension CommitAck: WireCodable {
    public static var minimumWireSize: Int { 20 }
    public func encode(to writer: inout WireWriter) { writer.transactionID(transaction) }
    public init(from reader: inout WireReader) throws { self.init(transaction: try reader.transactionID()) }
}

/// transaction HLC, reason u8.
extension Abort: WireCodable {
    public static var minimumWireSize: Int { 21 }
    public func encode(to writer: inout WireWriter) { writer.transactionID(transaction); writer.write(reason) }
    public init(from reader: inout WireReader) throws {
        let transaction = try reader.transactionID()
        self.init(transaction: transaction, reason: try reader.read(AbortReason.self))
    }
}

/// transaction HLC, database string.
extension DecisionQuery: WireCodable {
    public static var minimumWireSize: Int { 21 }
    public func encode(to writer: inout WireWriter) { writer.transactionID(transaction); writer.string(database) }
    public init(from reader: inout WireReader) throws {
        let transaction = try reader.transactionID()
        self.init(transaction: transaction, database: try reader.string())
    }
}

/// transaction HLC, decision Decision.
extension DecisionReply: WireCodable {
    public static var minimumWireSize: Int { 21 }
    public func encode(to writer: inout WireWriter) { writer.transactionID(transaction); writer.write(decision) }
    public init(from reader: inout WireReader) throws {
        let transaction = try reader.transactionID()
        self.init(transaction: transaction, decision: try reader.read(Decision.self))
    }
}

// MARK: Anti-entropy

/// No fields.
extension SyncStateRequest: WireCodable {
    public static var minimumWireSize: Int { 0 }
    public func encode(to writer: inout WireWriter) {}
    public init(from reader: inout WireReader) throws { self.init() }
}

/// streams [StreamState], schemaVersions [SchemaVersion].
extension SyncState: WireCodable {
    public static var minimumWireSize: Int { 2 }
    public func encode(to writer: inout WireWriter) { writer.writeArray(streams); writer.writeArray(schemaVersions) }
    public init(from reader: inout WireReader) throws {
        let streams = try reader.readArray(of: StreamState.self)
        self.init(streams: streams, schemaVersions: try reader.readArray(of: SchemaVersion.self))
    }
}

/// origin u64, database string, after u64, limit u32.
extension ChangesRequest: WireCodable {
    public static var minimumWireSize: Int { 21 }
    public func encode(to writer: inout WireWriter) {
        writer.nodeID(origin); writer.string(database); writer.u64(after); writer.u32(limit)
    }
    public init(from reader: inout WireReader) throws {
        let origin = try reader.nodeID()
        let database = try reader.string()
        let after = try reader.u64()
        self.init(origin: origin, database: database, after: after, limit: try reader.u32())
    }
}

/// origin u64, database string, after u64, transactions [CommittedTransaction], gap bool.
extension ChangesBatch: WireCodable {
    public static var minimumWireSize: Int { 19 }
    public func encode(to writer: inout WireWriter) {
        writer.nodeID(origin); writer.string(database); writer.u64(after)
        writer.writeArray(transactions); writer.bool(gap)
    }
    public init(from reader: inout WireReader) throws {
        let origin = try reader.nodeID()
        let database = try reader.string()
        let after = try reader.u64()
        let transactions = try reader.readArray(of: CommittedTransaction.self)
        self.init(origin: origin, database: database, after: after, transactions: transactions, gap: try reader.bool())
    }
}

/// database string.
extension SnapshotRequest: WireCodable {
    public func encode(to writer: inout WireWriter) { writer.string(database) }
    public init(from reader: inout WireReader) throws { self.init(database: try reader.string()) }
}

/// database string, snapshotID u64, offset u64, bytes byte string, isLast bool,
/// covers [StreamState].
extension SnapshotChunk: WireCodable {
    public static var minimumWireSize: Int { 20 }
    public func encode(to writer: inout WireWriter) {
        writer.string(database); writer.u64(snapshotID); writer.u64(offset)
        writer.byteString(bytes); writer.bool(isLast); writer.writeArray(covers)
    }
    public init(from reader: inout WireReader) throws {
        let database = try reader.string()
        let snapshotID = try reader.u64()
        let offset = try reader.u64()
        let bytes = try reader.byteString()
        let isLast = try reader.bool()
        self.init(database: database, snapshotID: snapshotID, offset: offset, bytes: bytes,
                  isLast: isLast, covers: try reader.readArray(of: StreamState.self))
    }
}

// MARK: DDL lock

/// database string, lease LeaseID, durationMillis u64.
extension LockRequest: WireCodable {
    public static var minimumWireSize: Int { 25 }
    public func encode(to writer: inout WireWriter) {
        writer.string(database); writer.write(lease); writer.u64(durationMillis)
    }
    public init(from reader: inout WireReader) throws {
        let database = try reader.string()
        let lease = try reader.read(LeaseID.self)
        self.init(database: database, lease: lease, durationMillis: try reader.u64())
    }
}

/// database string, lease LeaseID, granted bool, heldBy LeaseID?.
extension LockReply: WireCodable {
    public static var minimumWireSize: Int { 19 }
    public func encode(to writer: inout WireWriter) {
        writer.string(database); writer.write(lease); writer.bool(granted); writer.writeOptional(heldBy)
    }
    public init(from reader: inout WireReader) throws {
        let database = try reader.string()
        let lease = try reader.read(LeaseID.self)
        let granted = try reader.bool()
        self.init(database: database, lease: lease, granted: granted, heldBy: try reader.readOptional(LeaseID.self))
    }
}

/// database string, lease LeaseID.
extension LockRelease: WireCodable {
    public static var minimumWireSize: Int { 17 }
    public func encode(to writer: inout WireWriter) { writer.string(database); writer.write(lease) }
    public init(from reader: inout WireReader) throws {
        let database = try reader.string()
        self.init(database: database, lease: try reader.read(LeaseID.self))
    }
}
