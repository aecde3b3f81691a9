import Protocol
import SQL
import Storage

/// A node: the protocol state machines, the node's SQLite storage and client statement
/// execution, glued together. Not pure (it reads and writes SQLite) but deterministic: the
/// same inputs at the same local times give the same actions. One thread at a time.
///
/// The machines never call each other: the node routes each machine's actions, which is
/// where storage happens (a participant's `persistPrepared`, a coordinator's
/// `commitLocally`, anti-entropy's `apply`) before the next message leaves.
public final class MarmotNode: @unchecked Sendable {
    public let configuration: NodeConfiguration
    public var id: NodeID { configuration.id }
    public let storage: NodeStorage

    var config: ProtocolConfig { configuration.protocolConfig }
    var hlc: HybridLogicalClock
    var membership: SWIMMembership
    var coordinator: TransactionCoordinator
    var participant: TransactionParticipant
    var ddlLock: DDLLock
    var antiEntropy: AntiEntropy

    /// Client statements waiting for their transaction's outcome.
    var waitingClients: [TransactionID: WaitingClient] = [:]
    /// DDL statements waiting for their database's lease, in arrival order per database.
    var ddlQueue: [String: [QueuedDDL]] = [:]
    /// The DDL transaction running under a held lease, per database.
    var ddlRunning: [String: TransactionID] = [:]
    var heldLeases: [String: (lease: LeaseID, until: Milliseconds)] = [:]
    /// Open explicit transactions by client session.
    var sessionTransactions: [UInt64: SessionTransaction] = [:]
    var snapshotCounter: UInt64 = 0
    var started = false
    /// The wall clock at the input being handled: HLC timestamps follow it. Timers and
    /// leases use `now`, the monotonic clock, so a stepped wall clock cannot stretch a lease.
    /// SQL's time functions (NOW(), CURDATE() ...) read it too, through `wallClock`.
    var wallNow: Milliseconds {
        get { wallClock.millis }
        set { wallClock.millis = newValue }
    }
    let wallClock = WallClock()

    /// The database every node has from the start (the simulator's default).
    public static let defaultDatabase = "marmot"
    static let snapshotChunkBytes = 256 * 1024

    public init(configuration: NodeConfiguration, dataDirectory: String, randomSeed: UInt64) throws {
        self.configuration = configuration
        let storage = try NodeStorage(directory: dataDirectory, options: StorageOptions(synchronous: configuration.synchronous))
        // MySQL's functions on every client connection, timed by the node's own wall clock
        // (virtual in the simulator). SQLite's built-ins keep their behaviour until
        // statements arrive in MySQL's dialect.
        let clock = wallClock
        storage.connectionSetup = { connection in
            try MySQLFunctions.register(on: connection, clock: { (clock.millis, 0) }, replacingBuiltins: false)
        }
        self.storage = storage
        try storage.createDatabase(MarmotNode.defaultDatabase)

        let system = storage.system
        let incarnation = (try system.integer("incarnation") ?? 0) + 1
        try system.setInteger("incarnation", incarnation)
        let known = try system.loadMembers().filter { $0.id != configuration.id }
        let myself = MemberInfo(id: configuration.id, address: configuration.address, incarnation: UInt64(incarnation), state: .alive)
        var seeds = Xoshiro256(seed: randomSeed ^ configuration.id.rawValue)
        self.membership = SWIMMembership(myself: myself, seedAddresses: configuration.seedAddresses.filter { $0 != configuration.address },
                                         knownMembers: known, config: configuration.protocolConfig, randomSeed: seeds.next())
        self.hlc = HybridLogicalClock(node: configuration.id, floor: try MarmotNode.clockFloor(storage))
        self.coordinator = TransactionCoordinator(myself: configuration.id, config: configuration.protocolConfig)
        self.participant = TransactionParticipant(myself: configuration.id, config: configuration.protocolConfig)
        self.ddlLock = DDLLock(myself: configuration.id, config: configuration.protocolConfig, randomSeed: seeds.next(),
                               leaseCounterFloor: UInt64(incarnation) << 32)
        self.antiEntropy = AntiEntropy(myself: configuration.id, config: configuration.protocolConfig)
    }

    /// HLC timestamps must keep rising across restarts: start above every commit this node
    /// issued or applied and above the floor persisted at its last commit.
    private static func clockFloor(_ storage: NodeStorage) throws -> HLCTimestamp {
        var floor = HLCTimestamp.zero
        if let wall = try storage.system.integer("hlc_wall"), let logical = try storage.system.integer("hlc_logical") {
            floor = HLCTimestamp(wall: UInt64(wall), logical: UInt32(truncatingIfNeeded: logical), node: NodeID(0))
        }
        for name in try storage.databaseNames() {
            for s in try storage.database(named: name).streamStates() where s.appliedWallMillis > floor.wall {
                floor = HLCTimestamp(wall: s.appliedWallMillis, logical: 0, node: NodeID(0))
            }
        }
        return floor
    }

    /// Begin: join the cluster, arm the periodic timers, resume prepared transactions.
    /// `now` is a monotonic clock in milliseconds (timers, leases, timeouts); `wall` the
    /// wall clock that HLC timestamps follow (defaults to `now`).
    public func start(now: Milliseconds, wall: Milliseconds? = nil) -> [NodeAction] {
        wallNow = wall ?? now
        guard !started else { return [] }
        started = true
        var out = Outbox()
        run(membership.handle(.start, now: now), now: now, into: &out)
        refreshPeers(now: now, into: &out)
        run(antiEntropy.handle(.start, now: now), now: now, into: &out)
        if let prepared = try? storage.system.loadPrepared(), !prepared.isEmpty {
            run(participant.handle(.restore(prepared), now: now), now: now, into: &out)
        }
        out.setTimer(NodeTimer(.housekeeping), at: now + housekeepingInterval)
        return out.actions
    }

    public func handle(_ input: NodeInput, now: Milliseconds, wall: Milliseconds? = nil) -> [NodeAction] {
        wallNow = wall ?? now
        var out = Outbox()
        switch input {
        case .message(let envelope):
            hlc.observe(envelope.clock, wallMillis: wallNow)
            receive(envelope, now: now, into: &out)
        case .timer(let timer):
            fire(timer, now: now, into: &out)
        case .client(let request):
            execute(request, now: now, into: &out)
        case .admin(.remove(let member)):
            run(membership.handle(.remove(member), now: now), now: now, into: &out)
        case .admin(.allow(let member)):
            run(membership.handle(.allow(member), now: now), now: now, into: &out)
        case .sessionClosed(let session):
            sessionTransactions[session] = nil
        }
        return out.actions
    }

    /// Close every file. After a crash the simulator calls this too: everything committed to
    /// SQLite stays, everything only in memory is lost, exactly like a killed process.
    public func shutdown() { storage.closeAll() }

    /// Membership as this node sees it, sorted by id.
    public var members: [MemberInfo] { membership.members }

    /// The last HLC timestamp this node issued or observed.
    public var lastTimestamp: HLCTimestamp { hlc.last }

    /// Transactions this node holds prepared (as a participant) right now.
    public var preparedTransactions: [TransactionID] { participant.preparedTransactions }

    var housekeepingInterval: Milliseconds { max(1000, min(config.antiEntropyIntervalMillis, 60_000)) }

    // MARK: Routing

    private func receive(_ envelope: Envelope, now: Milliseconds, into out: inout Outbox) {
        let from = envelope.from
        switch envelope.message {
        case .ping, .pingRequest, .ack, .join, .joinReply:
            run(membership.handle(.received(from: from, envelope.message), now: now), now: now, into: &out)
            refreshPeers(now: now, into: &out)
        case .prepare(let p):
            run(participant.handle(.prepareReceived(from: from, p), now: now), now: now, into: &out)
        case .vote(let v):
            voteReceived(from: from, vote: v, now: now, into: &out)
        case .commit(let c):
            if !participant.isPrepared(c.transaction) && c.transaction.coordinator != id {
                // A commit we cannot apply (we voted no or never saw the Prepare): unless it is
                // already here, fetch it soon rather than at the next periodic round.
                run(antiEntropy.handle(.behind, now: now), now: now, into: &out)
            }
            run(participant.handle(.commitReceived(from: from, c), now: now), now: now, into: &out)
        case .commitAck(let a):
            run(coordinator.handle(.commitAckReceived(from: from, a), now: now), now: now, into: &out)
        case .abort(let a):
            run(participant.handle(.abortReceived(from: from, a), now: now), now: now, into: &out)
        case .decisionQuery(let q):
            out.send(to: from, .decisionReply(DecisionReply(transaction: q.transaction, decision: decision(for: q.transaction, database: q.database))), node: self, now: now)
        case .decisionReply(let r):
            run(participant.handle(.decisionReceived(from: from, r), now: now), now: now, into: &out)
        case .syncStateRequest:
            out.send(to: from, .syncState(syncState()), node: self, now: now)
        case .syncState(let s):
            run(antiEntropy.handle(.stateReceived(from: from, s, local: allStreams()), now: now), now: now, into: &out)
        case .changesRequest(let r):
            out.send(to: from, .changes(changes(for: r)), node: self, now: now)
        case .changes(let batch):
            run(antiEntropy.handle(.changesReceived(from: from, batch), now: now), now: now, into: &out)
        case .snapshotRequest(let r):
            sendSnapshot(of: r.database, to: from, now: now, into: &out)
        case .snapshotChunk(let chunk):
            run(antiEntropy.handle(.snapshotChunkReceived(from: from, chunk), now: now), now: now, into: &out)
        case .lockRequest(let r):
            run(ddlLock.handle(.requestReceived(from: from, r), now: now), now: now, into: &out)
        case .lockReply(let r):
            run(ddlLock.handle(.replyReceived(from: from, r), now: now), now: now, into: &out)
        case .lockRelease(let r):
            run(ddlLock.handle(.releaseReceived(from: from, r), now: now), now: now, into: &out)
        }
    }

    private func fire(_ timer: NodeTimer, now: Milliseconds, into out: inout Outbox) {
        switch timer.kind {
        case .membership(let t):
            run(membership.handle(.timerFired(t), now: now), now: now, into: &out)
            refreshPeers(now: now, into: &out)
        case .transaction(let t):
            switch t.kind {
            case .resolve:
                run(participant.handle(.timerFired(t), now: now), now: now, into: &out)
            case .prepareDeadline, .commitRetry, .forget:
                run(coordinator.handle(.timerFired(t), now: now), now: now, into: &out)
            }
        case .antiEntropy(let t):
            run(antiEntropy.handle(.timerFired(t), now: now), now: now, into: &out)
        case .ddlLock(let t):
            run(ddlLock.handle(.timerFired(t), now: now), now: now, into: &out)
        case .housekeeping:
            housekeeping(now: now, into: &out)
            out.setTimer(NodeTimer(.housekeeping), at: now + housekeepingInterval)
        }
    }

    /// Membership decides who the other machines talk to.
    private var lastPeers: [NodeID] = []
    func refreshPeers(now: Milliseconds, into out: inout Outbox) {
        let reachable = membership.reachableMembers.filter { $0 != id }
        guard reachable != lastPeers else { return }
        lastPeers = reachable
        participant.peers = reachable
        run(antiEntropy.handle(.peersChanged(reachable), now: now), now: now, into: &out)
    }
}

/// The actions a node produces while handling one input, with helpers that stamp each
/// outgoing message with a fresh HLC.
struct Outbox {
    var actions: [NodeAction] = []

    mutating func send(to: NodeID, _ message: Message, node: MarmotNode, now: Milliseconds) {
        let clock = node.hlc.tick(wallMillis: node.wallNow)
        actions.append(.send(Envelope(from: node.id, to: to, clock: clock, message: message)))
    }

    mutating func sendToAddress(_ address: String, _ message: Message, node: MarmotNode, now: Milliseconds) {
        let clock = node.hlc.tick(wallMillis: node.wallNow)
        actions.append(.sendToAddress(address, Envelope(from: node.id, to: NodeID(0), clock: clock, message: message)))
    }

    mutating func setTimer(_ timer: NodeTimer, at: Milliseconds) { actions.append(.setTimer(timer, at: at)) }
    mutating func reply(_ reply: ClientReply) { actions.append(.reply(reply)) }
    mutating func observe(_ o: NodeObservation) { actions.append(.observe(o)) }
}

/// The wall clock of the input a node is handling, shared with the SQL functions registered
/// on its connections. Confined to the node's thread like the node.
final class WallClock: @unchecked Sendable {
    var millis: Milliseconds = 0
}
