import Protocol

/// Sample values for the codec tests: every message case with non-trivial payloads, and a
/// seeded generator of random envelopes.
enum CodecFixtures {
    static let n1 = NodeID(1)
    static let n2 = NodeID(0xFFFF_FFFF_FFFF_FFFF)
    static let t1 = HLCTimestamp(wall: 1_700_000_000_123, logical: 7, node: NodeID(3))
    static let t2 = HLCTimestamp(wall: UInt64.max, logical: UInt32.max, node: n2)
    static let tx = TransactionID(t1)

    static let allValues: [SQLValue] = [
        .null, .integer(0), .integer(-1), .integer(Int64.min), .integer(Int64.max),
        .real(0), .real(-0.0), .real(3.25), .real(-1e308), .real(.infinity), .real(-.infinity),
        .real(.leastNonzeroMagnitude),
        .text(""), .text("plain"), .text("héllo wörld ✓ 日本語 🦫\u{0}nul"), .text("it's"),
        .blob([]), .blob([0, 1, 2, 0xFF]), .blob(Array(repeating: 0xAB, count: 300)),
    ]

    static let members: [MemberInfo] = [
        MemberInfo(id: n1, address: "10.0.0.1:4222", incarnation: 0, state: .alive),
        MemberInfo(id: NodeID(2), address: "", incarnation: UInt64.max, state: .suspect),
        MemberInfo(id: NodeID(3), address: "nœud-3.example:1", incarnation: 42, state: .dead),
        MemberInfo(id: n2, address: "[::1]:9", incarnation: 1, state: .removed),
    ]

    static var writeSet: WriteSet {
        let columns = (0..<allValues.count).map { "c\($0)" }
        return WriteSet(
            database: "shop",
            ddl: ["CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)", ""],
            changes: [
                RowChange(kind: .insert, key: RowKey(table: "t", values: [.integer(-5)]),
                          columns: columns, before: nil, after: allValues),
                RowChange(kind: .update, key: RowKey(table: "t", values: [.text("k"), .blob([9])]),
                          columns: ["a", "b"], before: [.null, .real(1.5)], after: [.integer(2), .text("ü")]),
                RowChange(kind: .delete, key: RowKey(table: "", values: []),
                          columns: [], before: [], after: nil),
            ])
    }

    static var committed: [CommittedTransaction] {
        [
            CommittedTransaction(id: tx, sequence: 1, commitTimestamp: t2, writes: writeSet),
            CommittedTransaction(id: TransactionID(t2), sequence: UInt64.max, commitTimestamp: t1,
                                 writes: WriteSet(database: "")),
        ]
    }

    static let streams: [StreamState] = [
        StreamState(origin: n1, database: "shop", applied: 10, firstAvailable: 3, appliedWallMillis: 1_700_000_000_000),
        StreamState(origin: n2, database: "", applied: 0, firstAvailable: 1, appliedWallMillis: 0),
    ]

    static let lease = LeaseID(holder: NodeID(7), counter: 99)

    /// Every message case at least once; several with varied optionals and every Decision.
    static var messages: [Message] {
        [
            .ping(Ping(sequence: 1, updates: members)),
            .ping(Ping(sequence: 0, updates: [])),
            .pingRequest(PingRequest(sequence: UInt64.max, target: NodeID(2), updates: members)),
            .ack(Ack(sequence: 5, target: n1, updates: [members[1]])),
            .join(Join(member: members[2])),
            .joinReply(JoinReply(accepted: true, members: members)),
            .joinReply(JoinReply(accepted: false, members: [])),
            .prepare(Prepare(transaction: tx, writes: writeSet)),
            .prepare(Prepare(transaction: tx, writes: WriteSet(database: "empty"))),
            .vote(Vote(transaction: tx, yes: true, reason: nil)),
            .vote(Vote(transaction: tx, yes: false, reason: .conflict)),
            .vote(Vote(transaction: tx, yes: false, reason: .rejected)),
            .commit(Commit(transaction: tx, sequence: 77, commitTimestamp: t2)),
            .commitAck(CommitAck(transaction: TransactionID(t2))),
            .abort(Abort(transaction: tx, reason: .timeout)),
            .abort(Abort(transaction: tx, reason: .coordinatorLost)),
            .decisionQuery(DecisionQuery(transaction: tx, database: "shop")),
            .decisionReply(DecisionReply(transaction: tx, decision: .committed(sequence: 12, commitTimestamp: t1))),
            .decisionReply(DecisionReply(transaction: tx, decision: .aborted(.notEnoughNodes))),
            .decisionReply(DecisionReply(transaction: tx, decision: .aborted(.ddlLockUnavailable))),
            .decisionReply(DecisionReply(transaction: tx, decision: .pending)),
            .decisionReply(DecisionReply(transaction: tx, decision: .unknown)),
            .syncStateRequest(SyncStateRequest()),
            .syncState(SyncState(streams: streams, schemaVersions: [SchemaVersion(database: "shop", version: 3),
                                                                     SchemaVersion(database: "", version: 0)])),
            .syncState(SyncState(streams: [], schemaVersions: [])),
            .changesRequest(ChangesRequest(origin: n2, database: "shop", after: 9, limit: UInt32.max)),
            .changes(ChangesBatch(origin: NodeID(3), database: "shop", after: 0, transactions: committed, gap: false)),
            .changes(ChangesBatch(origin: NodeID(3), database: "shop", after: 100, transactions: [], gap: true)),
            .snapshotRequest(SnapshotRequest(database: "shop")),
            .snapshotChunk(SnapshotChunk(database: "shop", snapshotID: 4, offset: 0,
                                         bytes: (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) },
                                         isLast: false, covers: [])),
            .snapshotChunk(SnapshotChunk(database: "shop", snapshotID: 4, offset: 1000, bytes: [],
                                         isLast: true, covers: streams)),
            .lockRequest(LockRequest(database: "shop", lease: lease, durationMillis: 30_000)),
            .lockReply(LockReply(database: "shop", lease: lease, granted: true, heldBy: nil)),
            .lockReply(LockReply(database: "shop", lease: lease, granted: false,
                                 heldBy: LeaseID(holder: n2, counter: UInt64.max))),
            .lockRelease(LockRelease(database: "shop", lease: lease)),
        ]
    }

    static var envelopes: [Envelope] {
        messages.enumerated().map { i, m in
            Envelope(from: i % 2 == 0 ? n1 : n2, to: NodeID(UInt64(i)),
                     clock: HLCTimestamp(wall: UInt64(i) * 1_000_003, logical: UInt32(i), node: n1), message: m)
        }
    }

    /// One short envelope (for per-byte exhaustive tests that are quadratic in its size).
    static let small = Envelope(from: n1, to: NodeID(2), clock: t1,
                                message: .vote(Vote(transaction: tx, yes: false, reason: .conflict)))
}

/// Random envelopes from a seeded generator: every case, random sizes and contents.
struct RandomEnvelopes {
    var rng: Xoshiro256

    init(seed: UInt64) { rng = Xoshiro256(seed: seed) }

    mutating func u64() -> UInt64 {
        // Favor edge values now and then.
        switch rng.below(8) {
        case 0: return 0
        case 1: return UInt64.max
        case 2: return rng.below(300)
        default: return rng.next()
        }
    }
    mutating func u32() -> UInt32 { UInt32(truncatingIfNeeded: u64()) }
    mutating func bool() -> Bool { rng.below(2) == 0 }
    mutating func node() -> NodeID { NodeID(u64()) }
    mutating func hlc() -> HLCTimestamp { HLCTimestamp(wall: u64(), logical: u32(), node: node()) }
    mutating func tx() -> TransactionID { TransactionID(hlc()) }
    mutating func bytes(max: Int = 40) -> [UInt8] { (0..<rng.int(in: 0...max)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }

    mutating func string() -> String {
        let alphabet: [String] = ["a", "Z", "0", " ", "'", "\"", "é", "ß", "日", "🦫", "\u{0}", "\n", "\u{FFFD}"]
        return (0..<rng.int(in: 0...12)).map { _ in rng.pick(alphabet)! }.joined()
    }

    mutating func double() -> Double {
        while true {
            let d = Double(bitPattern: rng.next())
            if !d.isNaN { return d }
        }
    }

    mutating func value() -> SQLValue {
        switch rng.below(5) {
        case 0: return .null
        case 1: return .integer(Int64(bitPattern: u64()))
        case 2: return .real(double())
        case 3: return .text(string())
        default: return .blob(bytes())
        }
    }

    mutating func array<T>(max: Int = 4, _ make: (inout RandomEnvelopes) -> T) -> [T] {
        (0..<rng.int(in: 0...max)).map { _ in make(&self) }
    }

    mutating func optional<T>(_ make: (inout RandomEnvelopes) -> T) -> T? { bool() ? make(&self) : nil }

    mutating func member() -> MemberInfo {
        MemberInfo(id: node(), address: string(), incarnation: u64(),
                   state: rng.pick([MemberState.alive, .suspect, .dead, .removed])!)
    }

    mutating func reason() -> AbortReason {
        rng.pick([AbortReason.conflict, .timeout, .notEnoughNodes, .ddlLockUnavailable, .coordinatorLost, .rejected])!
    }

    mutating func change() -> RowChange {
        let columns = array { $0.string() }
        let kind = rng.pick([RowChange.Kind.insert, .update, .delete])!
        let key = RowKey(table: string(), values: array(max: 3) { $0.value() })
        let before: [SQLValue]? = bool() ? columns.map { _ in value() } : nil
        let after: [SQLValue]? = bool() ? columns.map { _ in value() } : nil
        return RowChange(kind: kind, key: key, columns: columns, before: before, after: after)
    }

    mutating func writeSet() -> WriteSet {
        WriteSet(database: string(), ddl: array(max: 2) { $0.string() }, changes: array(max: 3) { $0.change() })
    }

    mutating func stream() -> StreamState {
        StreamState(origin: node(), database: string(), applied: u64(), firstAvailable: u64(), appliedWallMillis: u64())
    }

    mutating func lease() -> LeaseID { LeaseID(holder: node(), counter: u64()) }

    mutating func decision() -> Decision {
        switch rng.below(4) {
        case 0: return .committed(sequence: u64(), commitTimestamp: hlc())
        case 1: return .aborted(reason())
        case 2: return .pending
        default: return .unknown
        }
    }

    static let caseCount: UInt64 = 21

    mutating func message(case index: UInt64) -> Message {
        switch index {
        case 0: return .ping(Ping(sequence: u64(), updates: array { $0.member() }))
        case 1: return .pingRequest(PingRequest(sequence: u64(), target: node(), updates: array { $0.member() }))
        case 2: return .ack(Ack(sequence: u64(), target: node(), updates: array { $0.member() }))
        case 3: return .join(Join(member: member()))
        case 4: return .joinReply(JoinReply(accepted: bool(), members: array { $0.member() }))
        case 5: return .prepare(Prepare(transaction: tx(), writes: writeSet()))
        case 6: return .vote(Vote(transaction: tx(), yes: bool(), reason: optional { $0.reason() }))
        case 7: return .commit(Commit(transaction: tx(), sequence: u64(), commitTimestamp: hlc()))
        case 8: return .commitAck(CommitAck(transaction: tx()))
        case 9: return .abort(Abort(transaction: tx(), reason: reason()))
        case 10: return .decisionQuery(DecisionQuery(transaction: tx(), database: string()))
        case 11: return .decisionReply(DecisionReply(transaction: tx(), decision: decision()))
        case 12: return .syncStateRequest(SyncStateRequest())
        case 13: return .syncState(SyncState(streams: array { $0.stream() },
                                             schemaVersions: array { SchemaVersion(database: $0.string(), version: $0.u64()) }))
        case 14: return .changesRequest(ChangesRequest(origin: node(), database: string(), after: u64(), limit: u32()))
        case 15:
            return .changes(ChangesBatch(origin: node(), database: string(), after: u64(),
                                         transactions: array(max: 3) {
                                             CommittedTransaction(id: $0.tx(), sequence: $0.u64(),
                                                                  commitTimestamp: $0.hlc(), writes: $0.writeSet())
                                         },
                                         gap: bool()))
        case 16: return .snapshotRequest(SnapshotRequest(database: string()))
        case 17: return .snapshotChunk(SnapshotChunk(database: string(), snapshotID: u64(), offset: u64(),
                                                     bytes: bytes(max: 200), isLast: bool(), covers: array { $0.stream() }))
        case 18: return .lockRequest(LockRequest(database: string(), lease: lease(), durationMillis: u64()))
        case 19: return .lockReply(LockReply(database: string(), lease: lease(), granted: bool(), heldBy: optional { $0.lease() }))
        default: return .lockRelease(LockRelease(database: string(), lease: lease()))
        }
    }

    mutating func envelope() -> Envelope {
        let index = rng.below(Self.caseCount)
        return Envelope(from: node(), to: node(), clock: hlc(), message: message(case: index))
    }
}
