/// The cluster-wide DDL lock: one lease per database, granted by a majority of the quorum
/// members (REMOVED excluded, dead counted), so two holders can never both collect a
/// majority. Each grantor remembers the lease for its duration on its own clock, starting
/// when it grants; the holder counts its lease from *before* it asked and stops using it a
/// safety margin early, so under bounded clock drift the holder's lease ends before any
/// grantor would grant the database to someone else. A holder that dies simply stops
/// renewing: the grants expire.
///
/// Both roles live in this one type: every node grants, and any node may request.
public struct DDLLock: Sendable {
    public enum Event: Sendable {
        /// Ask for the lease of `database`. `members` are the quorum members (self included),
        /// `reachable` those believed alive.
        case acquire(database: String, members: [NodeID], reachable: [NodeID])
        /// Done with the lease (the DDL transaction ended).
        case release(database: String)
        case requestReceived(from: NodeID, LockRequest)
        case replyReceived(from: NodeID, LockReply)
        case releaseReceived(from: NodeID, LockRelease)
        case timerFired(DDLLockTimer)
    }

    public enum Action: Sendable, Hashable {
        case send(to: NodeID, Message)
        case setTimer(DDLLockTimer, at: Milliseconds)
        /// The lease is ours until `until` (local clock): run the DDL, then `.release`.
        case acquired(database: String, lease: LeaseID, until: Milliseconds)
        /// We could not get the lease before `lockWaitTimeoutMillis`.
        case failed(database: String)
        /// The lease ended (released, or expired while held).
        case released(database: String, lease: LeaseID)
    }

    private struct Grant: Sendable {
        var lease: LeaseID
        var expires: Milliseconds
    }

    private struct Attempt: Sendable {
        var lease: LeaseID
        var members: [NodeID]
        var reachable: [NodeID]
        var startedAt: Milliseconds
        var giveUpAt: Milliseconds
        var granted: Set<NodeID> = []
        var denied: Set<NodeID> = []
        var token: UInt64
        var tries: Int = 1
        var held: Milliseconds? = nil   // lease end when acquired
    }

    private let myself: NodeID
    private let config: ProtocolConfig
    private var rng: Xoshiro256
    private var grants: [String: Grant] = [:]
    private var attempts: [String: Attempt] = [:]
    private var counter: UInt64 = 0
    private var nextToken: UInt64 = 1

    /// The fraction of the lease a holder uses: the rest absorbs clock drift between nodes.
    public static let usableFraction: Double = 0.8

    public init(myself: NodeID, config: ProtocolConfig, randomSeed: UInt64, leaseCounterFloor: UInt64 = 0) {
        self.myself = myself
        self.config = config
        self.rng = Xoshiro256(seed: randomSeed)
        self.counter = leaseCounterFloor
    }

    /// The lease this node holds on `database` right now, if any.
    public func heldLease(database: String, now: Milliseconds) -> LeaseID? {
        guard let a = attempts[database], let until = a.held, now < until else { return nil }
        return a.lease
    }

    public mutating func handle(_ event: Event, now: Milliseconds) -> [Action] {
        switch event {
        case let .acquire(database, members, reachable):
            guard attempts[database] == nil else { return [] }
            counter += 1
            let attempt = Attempt(lease: LeaseID(holder: myself, counter: counter), members: Set(members).union([myself]).sorted(),
                                  reachable: reachable, startedAt: now, giveUpAt: now + config.lockWaitTimeoutMillis, token: takeToken())
            return start(database: database, attempt: attempt, now: now)
        case let .release(database):
            return release(database: database)
        case let .requestReceived(from, request):
            let granted = grant(database: request.database, lease: request.lease, duration: Milliseconds(request.durationMillis), now: now)
            return [.send(to: from, .lockReply(LockReply(database: request.database, lease: request.lease,
                                                          granted: granted == nil, heldBy: granted)))]
        case let .replyReceived(from, reply):
            return replyReceived(from: from, reply: reply, now: now)
        case let .releaseReceived(_, release):
            if grants[release.database]?.lease == release.lease { grants[release.database] = nil }
            return []
        case let .timerFired(timer):
            return timerFired(timer, now: now)
        }
    }

    /// Grant unless another lease on the database is still running. Returns the holder that
    /// blocks the grant, or nil when granted.
    private mutating func grant(database: String, lease: LeaseID, duration: Milliseconds, now: Milliseconds) -> LeaseID? {
        if let g = grants[database], g.lease != lease, now < g.expires { return g.lease }
        grants[database] = Grant(lease: lease, expires: now + duration)
        return nil
    }

    private mutating func start(database: String, attempt: Attempt, now: Milliseconds) -> [Action] {
        var a = attempt
        a.startedAt = now
        a.granted = []
        a.denied = []
        // Our own grant first: it is the cheapest refusal.
        if let holder = grant(database: database, lease: a.lease, duration: config.ddlLockLeaseMillis, now: now) {
            _ = holder
            a.denied.insert(myself)
        } else {
            a.granted.insert(myself)
        }
        attempts[database] = a
        if a.denied.contains(myself) { return retryLater(database: database, now: now) }
        if let done = checkAcquired(database: database, now: now) { return done }
        let request = LockRequest(database: database, lease: a.lease, durationMillis: UInt64(config.ddlLockLeaseMillis))
        let targets = a.members.filter { $0 != myself && a.reachable.contains($0) }
        if targets.count + 1 < majority(a) { return giveUp(database: database) }
        return targets.map { .send(to: $0, .lockRequest(request)) }
            + [.setTimer(DDLLockTimer(kind: .attemptDeadline, database: database, token: a.token),
                         at: min(now + config.prepareTimeoutMillis, a.giveUpAt))]
    }

    private func majority(_ a: Attempt) -> Int { a.members.count / 2 + 1 }

    private mutating func replyReceived(from: NodeID, reply: LockReply, now: Milliseconds) -> [Action] {
        guard var a = attempts[reply.database], a.lease == reply.lease, a.held == nil else {
            // A grant for an attempt we gave up: hand it back so it does not block others.
            if reply.granted && reply.lease.holder == myself {
                return [.send(to: from, .lockRelease(LockRelease(database: reply.database, lease: reply.lease)))]
            }
            return []
        }
        if reply.granted { a.granted.insert(from) } else { a.denied.insert(from) }
        attempts[reply.database] = a
        if let done = checkAcquired(database: reply.database, now: now) { return done }
        if a.members.count - a.denied.count < majority(a) {
            return handBack(database: reply.database) + retryLater(database: reply.database, now: now)
        }
        return []
    }

    private mutating func checkAcquired(database: String, now: Milliseconds) -> [Action]? {
        guard var a = attempts[database], a.held == nil, a.granted.count >= majority(a) else { return nil }
        let until = a.startedAt + Milliseconds(Double(config.ddlLockLeaseMillis) * DDLLock.usableFraction)
        a.held = until
        a.token = takeToken()
        attempts[database] = a
        return [
            .acquired(database: database, lease: a.lease, until: until),
            .setTimer(DDLLockTimer(kind: .leaseExpiry, database: database, token: a.token), at: until),
        ]
    }

    private mutating func release(database: String) -> [Action] {
        guard let a = attempts.removeValue(forKey: database) else { return [] }
        if grants[database]?.lease == a.lease { grants[database] = nil }
        let message = Message.lockRelease(LockRelease(database: database, lease: a.lease))
        var actions: [Action] = a.members.filter { $0 != myself }.map { .send(to: $0, message) }
        if a.held != nil { actions.append(.released(database: database, lease: a.lease)) }
        return actions
    }

    /// Give back the grants of a failed attempt so that the winner is not blocked by them.
    private mutating func handBack(database: String) -> [Action] {
        guard let a = attempts[database] else { return [] }
        if grants[database]?.lease == a.lease { grants[database] = nil }
        let message = Message.lockRelease(LockRelease(database: database, lease: a.lease))
        return a.granted.filter { $0 != myself }.sorted().map { .send(to: $0, message) }
    }

    private mutating func retryLater(database: String, now: Milliseconds) -> [Action] {
        guard var a = attempts[database] else { return [] }
        // Randomized backoff so two contenders do not keep colliding.
        let base = max(Milliseconds(50), config.prepareTimeoutMillis / 4)
        let wait = base * Milliseconds(min(a.tries, 8)) + Milliseconds(rng.below(UInt64(base)))
        if now >= a.giveUpAt || now + wait >= a.giveUpAt { return giveUp(database: database) }
        a.tries += 1
        a.token = takeToken()
        attempts[database] = a
        return [.setTimer(DDLLockTimer(kind: .retry, database: database, token: a.token), at: now + wait)]
    }

    private mutating func giveUp(database: String) -> [Action] {
        let back = handBack(database: database)
        attempts[database] = nil
        return back + [.failed(database: database)]
    }

    private mutating func timerFired(_ timer: DDLLockTimer, now: Milliseconds) -> [Action] {
        guard var a = attempts[timer.database], a.token == timer.token else { return [] }
        switch timer.kind {
        case .attemptDeadline:
            guard a.held == nil else { return [] }
            return handBack(database: timer.database) + retryLater(database: timer.database, now: now)
        case .retry:
            counter += 1
            a.lease = LeaseID(holder: myself, counter: counter)
            a.token = takeToken()
            return start(database: timer.database, attempt: a, now: now)
        case .leaseExpiry:
            // Held too long: the lease is over whether or not the DDL finished; the node
            // refuses to commit DDL under an expired lease.
            return release(database: timer.database)
        }
    }

    private mutating func takeToken() -> UInt64 {
        defer { nextToken += 1 }
        return nextToken
    }
}
